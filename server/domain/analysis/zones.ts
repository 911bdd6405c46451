/**
 * Zone models and time in zones. Zones are declarative (fractions of a threshold), not code
 * branches (design.md), so adding a model is adding a table row. Pure: no I/O.
 * - power: Coggan's 7 levels as fractions of FTP.
 * - heart rate: Coggan's 5 levels as fractions of threshold (LTHR); without LTHR, the classic
 *   50–60–70–80–90 % of max HR bands.
 * - pace: fractions of threshold *speed* (faster = higher zone), Friel-like 6 zones.
 * Time per sample is its hold time with pauses weighing one typical step (timing.ts sampleWeights),
 * the same weighting as the summary averages.
 */
import type { ThresholdKind, ZoneBucketDto, ZoneDistributionDto, ZoneKind } from '../../../shared/analysis-api.js';
import type { AppliedThreshold } from './thresholds.js';

export interface ZoneModel {
  kind: ZoneKind;
  basis: ThresholdKind;
  /** Lower bounds as fractions of the basis, ascending, first is 0. */
  lowerFractions: number[];
  names: string[];
}

export const POWER_ZONES: ZoneModel = {
  kind: 'power',
  basis: 'ftp',
  lowerFractions: [0, 0.55, 0.75, 0.9, 1.05, 1.2, 1.5],
  names: ['Active recovery', 'Endurance', 'Tempo', 'Threshold', 'VO2max', 'Anaerobic', 'Neuromuscular'],
};

export const HR_THRESHOLD_ZONES: ZoneModel = {
  kind: 'hr',
  basis: 'threshold_hr',
  lowerFractions: [0, 0.68, 0.83, 0.94, 1.05],
  names: ['Recovery', 'Aerobic', 'Tempo', 'Threshold', 'VO2max'],
};

export const HR_MAX_ZONES: ZoneModel = {
  kind: 'hr',
  basis: 'max_hr',
  lowerFractions: [0, 0.6, 0.7, 0.8, 0.9],
  names: ['Very light', 'Light', 'Moderate', 'Hard', 'Maximum'],
};

export const PACE_ZONES: ZoneModel = {
  kind: 'pace',
  basis: 'threshold_pace',
  lowerFractions: [0, 0.78, 0.88, 0.95, 1.0, 1.1],
  names: ['Recovery', 'Endurance', 'Tempo', 'Threshold', 'VO2max', 'Speed'],
};

/** Seconds in each zone; `weights[i]` is the time sample i stands for. Null values are skipped. */
export function timeInZones(
  model: ZoneModel,
  threshold: AppliedThreshold,
  values: readonly (number | null)[],
  weights: ArrayLike<number>,
): ZoneDistributionDto | null {
  const lows = model.lowerFractions.map((f) => f * threshold.value);
  const secs = new Array<number>(lows.length).fill(0);
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null || !Number.isFinite(v)) continue;
    let z = lows.length - 1;
    while (z > 0 && v < lows[z]) z--;
    secs[z] += weights[i];
    any = true;
  }
  if (!any) return null;
  const zones: ZoneBucketDto[] = lows.map((min, i) => ({
    index: i + 1,
    name: model.names[i],
    min,
    max: i + 1 < lows.length ? lows[i + 1] : null,
    timeS: secs[i],
  }));
  return { kind: model.kind, basis: { kind: model.basis, value: threshold.value, validFrom: threshold.validFrom }, zones };
}
