/**
 * Time-in-zone distributions (shared ZoneDistributionDto) as bar segments: share of the total,
 * colour by zone number, and the zone's range in display units (pace zones arrive as m/s).
 */
import type { ZoneBucketDto, ZoneDistributionDto } from '../../../shared/analysis-api.js';
import { formatDuration, type UnitSystem } from '../units';
import { formatRateValue, rateValue } from './analysis-format';
import { sportInfo } from './sports';

/** Cool to hot, the palette Garmin, TrainingPeaks and intervals.icu users read zones in. */
const ZONE_COLORS = ['#868e96', '#1c7ed6', '#2f9e44', '#f59f00', '#e8590c', '#e03131', '#9c36b5', '#5f3dc4'];

export function zoneColor(index: number): string {
  return ZONE_COLORS[Math.min(ZONE_COLORS.length - 1, Math.max(0, index - 1))]!;
}

export interface ZoneSegment {
  index: number;
  name: string;
  range: string;
  timeS: number;
  share: number;
  color: string;
  time: string;
}

function rangeText(z: ZoneBucketDto, kind: ZoneDistributionDto['kind'], sport: string, units: UnitSystem): string {
  if (kind === 'pace' && sportInfo(sport).rate === 'speed') {
    const lo = formatRateValue(sport, rateValue(sport, z.min, units), units);
    return z.max === null ? `> ${lo}` : `${lo} – ${formatRateValue(sport, rateValue(sport, z.max, units), units)}`;
  }
  if (kind === 'pace') {
    // Faster is a higher zone: the bounds are speeds, the text is paces, so the order flips.
    const lo = formatRateValue(sport, rateValue(sport, z.min, units), units);
    if (z.max === null) return `faster than ${lo}`;
    const hi = formatRateValue(sport, rateValue(sport, z.max, units), units);
    return z.min <= 0 ? `slower than ${hi}` : `${hi} – ${lo}`;
  }
  const unit = kind === 'hr' ? 'bpm' : 'W';
  if (z.max === null) return `> ${Math.round(z.min)} ${unit}`;
  return `${Math.round(z.min)}–${Math.round(z.max)} ${unit}`;
}

export function zoneSegments(d: ZoneDistributionDto, sport: string, units: UnitSystem): ZoneSegment[] {
  const total = d.zones.reduce((s, z) => s + Math.max(0, z.timeS), 0);
  return [...d.zones]
    .sort((a, b) => a.index - b.index)
    .map((z) => ({
      index: z.index,
      name: z.name,
      range: rangeText(z, d.kind, sport, units),
      timeS: z.timeS,
      share: total > 0 ? Math.max(0, z.timeS) / total : 0,
      color: zoneColor(z.index),
      time: formatDuration(z.timeS),
    }));
}

export function formatShare(share: number): string {
  const p = share * 100;
  return p > 0 && p < 1 ? '<1%' : `${Math.round(p)}%`;
}
