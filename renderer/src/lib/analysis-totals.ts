/**
 * Weekly/monthly/yearly totals arranged for the Calendar page: rows of one sport in time order,
 * the chosen metric in display units, and the change against the same period a year earlier.
 */
import type { TotalsFigures, TotalsPeriod, TotalsRowDto } from '../../../shared/analysis-api.js';
import { distanceIn, elevationIn, formatDistance, formatDuration, formatElevation, type UnitSystem } from '../units';
import { formatLoad } from './analysis-format';

export type TotalsMetric = 'distanceM' | 'movingTimeS' | 'ascentM' | 'count' | 'load';

export const TOTALS_METRICS: { key: TotalsMetric; label: string }[] = [
  { key: 'distanceM', label: 'Distance' },
  { key: 'movingTimeS', label: 'Time' },
  { key: 'ascentM', label: 'Elevation' },
  { key: 'count', label: 'Activities' },
  { key: 'load', label: 'Load' },
];

/** Sports in the answer, "all" first, then by total time (the sports the athlete does most). */
export function totalsSports(items: TotalsRowDto[]): string[] {
  const time = new Map<string, number>();
  for (const r of items) time.set(r.sport, (time.get(r.sport) ?? 0) + r.movingTimeS);
  const rest = [...time.keys()].filter((s) => s !== 'all').sort((a, b) => time.get(b)! - time.get(a)! || a.localeCompare(b));
  return time.has('all') ? ['all', ...rest] : rest;
}

/** One sport's rows, oldest first, the last `limit` periods. */
export function totalsFor(items: TotalsRowDto[], sport: string, limit: number): TotalsRowDto[] {
  const rows = items.filter((r) => r.sport === sport).sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
  return rows.slice(Math.max(0, rows.length - limit));
}

/** A metric as a chart number: km/mi, hours, m/ft, count, load points. */
export function metricValue(f: TotalsFigures, metric: TotalsMetric, units: UnitSystem): number {
  switch (metric) {
    case 'distanceM':
      return distanceIn(f.distanceM, units);
    case 'movingTimeS':
      return f.movingTimeS / 3600;
    case 'ascentM':
      return elevationIn(f.ascentM, units);
    default:
      return f[metric];
  }
}

export function formatMetric(f: TotalsFigures, metric: TotalsMetric, units: UnitSystem): string {
  switch (metric) {
    case 'distanceM':
      return formatDistance(f.distanceM, units);
    case 'movingTimeS':
      return formatDuration(f.movingTimeS);
    case 'ascentM':
      return formatElevation(f.ascentM, units);
    case 'count':
      return String(f.count);
    default:
      return formatLoad(f.load);
  }
}

/** Change against last year in percent; null when last year had nothing (no meaningful ratio). */
export function yoyChange(cur: number, prev: number): number | null {
  if (!(prev > 0)) return null;
  return ((cur - prev) / prev) * 100;
}

export function formatChange(pct: number | null): string {
  if (pct === null) return 'new';
  const r = Math.round(pct);
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r)}%`;
}

const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "2024", "May 2024", "Week of 29 Apr 2024" (periodStart is a UTC calendar day). */
export function periodLabel(period: TotalsPeriod, periodStart: string, short = false): string {
  const d = new Date(`${periodStart}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return periodStart;
  if (period === 'year') return String(d.getUTCFullYear());
  if (period === 'month') return monthFmt.format(d);
  return short ? shortDayFmt.format(d) : `Week of ${dayFmt.format(d)}`;
}

/** How many periods the chart shows: two years of weeks is unreadable, a year of weeks is not. */
export const PERIOD_LIMIT: Record<TotalsPeriod, number> = { week: 26, month: 24, year: 10 };
