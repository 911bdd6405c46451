import { emptySummary, SUMMARY_KEYS, type SummaryFields } from '../../../shared/activity.js';
import type { RawSummary } from './fit-collect.js';

/**
 * Device totals from session/lap messages into SummaryFields (enhanced speed preferred,
 * fractional cadence added when the message was read), and the multisport aggregate.
 */
const n = (v: number): number | null => (v === v ? v : null);

export function deviceSummary(r: RawSummary): SummaryFields {
  // Timer time cannot exceed elapsed time; some writers swap the two fields (sports-lib
  // inverted-times.fit, Nielsen-Kellerman: elapsed 2839.6 s, timer 21680 s over a 6 h recording).
  const swap = r.timer === r.timer && r.elapsed === r.elapsed && r.timer > r.elapsed + 1;
  return {
    distanceM: n(r.distance),
    elapsedTimeS: n(swap ? r.timer : r.elapsed),
    timerTimeS: n(swap ? r.elapsed : r.timer),
    movingTimeS: n(r.movingTime),
    ascentM: n(r.ascent),
    descentM: n(r.descent),
    avgSpeedMps: n(r.avgSpeed),
    maxSpeedMps: n(r.maxSpeed),
    avgHrBpm: n(r.avgHr),
    maxHrBpm: n(r.maxHr),
    avgCadenceRpm: n(r.avgCadence),
    avgPowerW: n(r.avgPower),
    maxPowerW: n(r.maxPower),
    caloriesKcal: n(r.calories),
  };
}

function sum(parts: SummaryFields[], k: keyof SummaryFields): number | null {
  let s: number | null = null;
  for (const p of parts) if (p[k] != null) s = (s ?? 0) + (p[k] as number);
  return s;
}

function max(parts: SummaryFields[], k: keyof SummaryFields): number | null {
  let m: number | null = null;
  for (const p of parts) if (p[k] != null && (m === null || (p[k] as number) > m)) m = p[k] as number;
  return m;
}

/** Timer-time-weighted mean over the parts that have both the value and a timer time. */
function weighted(parts: SummaryFields[], k: keyof SummaryFields): number | null {
  let s = 0;
  let w = 0;
  for (const p of parts) {
    if (p[k] == null || !p.timerTimeS) continue;
    s += (p[k] as number) * p.timerTimeS;
    w += p.timerTimeS;
  }
  return w > 0 ? s / w : null;
}

/** Whole-activity totals over several sessions (multisport): sums, maxima and time-weighted means. */
export function aggregateSummaries(parts: SummaryFields[]): SummaryFields {
  const out = emptySummary();
  if (parts.length === 1) {
    for (const k of SUMMARY_KEYS) out[k] = parts[0][k];
    return out;
  }
  if (parts.length === 0) return out;
  out.distanceM = sum(parts, 'distanceM');
  out.elapsedTimeS = sum(parts, 'elapsedTimeS');
  out.timerTimeS = sum(parts, 'timerTimeS');
  out.movingTimeS = sum(parts, 'movingTimeS');
  out.ascentM = sum(parts, 'ascentM');
  out.descentM = sum(parts, 'descentM');
  out.caloriesKcal = sum(parts, 'caloriesKcal');
  out.maxSpeedMps = max(parts, 'maxSpeedMps');
  out.maxHrBpm = max(parts, 'maxHrBpm');
  out.maxPowerW = max(parts, 'maxPowerW');
  out.avgHrBpm = weighted(parts, 'avgHrBpm');
  out.avgCadenceRpm = weighted(parts, 'avgCadenceRpm');
  out.avgPowerW = weighted(parts, 'avgPowerW');
  out.avgSpeedMps = out.distanceM != null && out.timerTimeS ? out.distanceM / out.timerTimeS : weighted(parts, 'avgSpeedMps');
  return out;
}
