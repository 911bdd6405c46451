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

const ZERO: TotalsFigures = { count: 0, distanceM: 0, movingTimeS: 0, elapsedTimeS: 0, ascentM: 0, load: 0 };
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** First day (YYYY-MM-DD, UTC) of the period containing `day`: Monday, the 1st, or 1 January. */
export function periodStartOf(day: string, period: TotalsPeriod): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (period === 'year') return iso(utc(d.getUTCFullYear(), 0, 1));
  if (period === 'month') return iso(utc(d.getUTCFullYear(), d.getUTCMonth(), 1));
  return iso(utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
}

/** The start of the period `n` periods before `start` (n may be negative). */
export function shiftPeriod(start: string, period: TotalsPeriod, n: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (period === 'year') return iso(utc(d.getUTCFullYear() - n, 0, 1));
  if (period === 'month') return iso(utc(d.getUTCFullYear(), d.getUTCMonth() - n, 1));
  return iso(utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - 7 * n));
}

/** ISO 8601 week-numbering year and week of a Monday. */
function isoWeek(monday: string): { year: number; week: number } {
  const d = new Date(`${monday}T00:00:00Z`);
  const thu = utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3); // the week's Thursday names its year
  const jan4 = utc(thu.getUTCFullYear(), 0, 4);
  const week1 = utc(jan4.getUTCFullYear(), 0, 4 - ((jan4.getUTCDay() + 6) % 7));
  return { year: thu.getUTCFullYear(), week: 1 + Math.round((thu.getTime() - 3 * 86_400_000 - week1.getTime()) / (7 * 86_400_000)) };
}

/** Same period a year earlier, as the API defines it (same ISO week number, same month, year − 1). */
export function previousYearStart(start: string, period: TotalsPeriod): string | null {
  if (period !== 'week') return shiftPeriod(start, period, period === 'year' ? 1 : 12);
  const { year, week } = isoWeek(start);
  const jan4 = utc(year - 1, 0, 4);
  const monday = iso(utc(year - 1, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + 7 * (week - 1)));
  return isoWeek(monday).week === week ? monday : null; // week 53 has no twin in a 52-week year
}

/**
 * One sport's last `limit` periods ending with the one containing `endDay`, oldest first, empty
 * periods included as zeros (a gap in training is data too). The API lists only periods with
 * activities, so an empty period's year-earlier figures come from the year-earlier row if any.
 */
export function totalsFor(items: TotalsRowDto[], sport: string, period: TotalsPeriod, endDay: string, limit: number): TotalsRowDto[] {
  const mine = new Map(items.filter((r) => r.sport === sport && r.period === period).map((r) => [r.periodStart, r]));
  const last = periodStartOf(endDay, period);
  const out: TotalsRowDto[] = [];
  for (let i = limit - 1; i >= 0; i--) {
    const start = shiftPeriod(last, period, i);
    const row = mine.get(start);
    if (row) {
      out.push(row);
      continue;
    }
    const prevStart = previousYearStart(start, period);
    const prev = prevStart ? mine.get(prevStart) : undefined;
    const prevFig: TotalsFigures = prev ? { count: prev.count, distanceM: prev.distanceM, movingTimeS: prev.movingTimeS, elapsedTimeS: prev.elapsedTimeS, ascentM: prev.ascentM, load: prev.load } : ZERO;
    out.push({ period, periodStart: start, sport, ...ZERO, previousYear: prevFig });
  }
  return out;
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
export const PERIOD_LIMIT: Record<TotalsPeriod, number> = { week: 16, month: 12, year: 6 };
