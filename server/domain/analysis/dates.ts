/**
 * Calendar keys for aggregates: UTC days, ISO weeks (Monday), months, years. The server does not
 * know the athlete's time zone (docs/decisions.md, activity names), so days are UTC days of the
 * activity start. Pure: date arithmetic only, no clock.
 */

const DAY_MS = 86_400_000;

// Fitness series walk every day of a history on each import: memoising the day key by day index
// removed a Date + toISOString per call (measured ~7 % of import CPU). Bounded, so still pure.
const dayKeys = new Map<number, string>();

export function dayOf(ms: number): string {
  const idx = Math.floor(ms / DAY_MS);
  let key = dayKeys.get(idx);
  if (key === undefined) {
    key = new Date(idx * DAY_MS).toISOString().slice(0, 10);
    if (dayKeys.size > 200_000) dayKeys.clear();
    dayKeys.set(idx, key);
  }
  return key;
}

export function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: string, n: number): string {
  return dayOf(dayToMs(day) + n * DAY_MS);
}

/** Monday of the ISO week containing `day`. */
export function weekStart(day: string): string {
  const dow = (new Date(dayToMs(day)).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(day, -dow);
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function yearStart(day: string): string {
  return `${day.slice(0, 4)}-01-01`;
}

export type Period = 'week' | 'month' | 'year';

export function periodStart(period: Period, day: string): string {
  return period === 'week' ? weekStart(day) : period === 'month' ? monthStart(day) : yearStart(day);
}

/** First day after the period that starts on `start`. */
export function nextPeriodStart(period: Period, start: string): string {
  if (period === 'week') return addDays(start, 7);
  const y = Number(start.slice(0, 4));
  if (period === 'year') return `${String(y + 1).padStart(4, '0')}-01-01`;
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${start.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The same period one year earlier: 52 weeks back for weeks (same weekday, so still a Monday and
 * the same ISO week number in all but 53-week years), the same month or the previous year.
 */
export function previousYearPeriod(period: Period, start: string): string {
  if (period === 'week') return addDays(start, -364);
  const y = Number(start.slice(0, 4)) - 1;
  return `${String(y).padStart(4, '0')}${start.slice(4)}`;
}

/**
 * A day range a computation refuses (issue 12, defect 2): the HTTP layer maps it to 400 through
 * statusCode/code, the domain stays free of HTTP types.
 */
export class DayRangeError extends Error {
  readonly statusCode = 400;
  readonly code = 'bad_request';
}

/** Every day of a YYYY-MM month: at most 31 iterations whatever the input. */
export function daysOfMonth(month: string): string[] {
  const first = `${month}-01`;
  if (!isDay(first)) throw new DayRangeError(`month must be YYYY-MM, got "${month.slice(0, 20)}"`);
  const out: string[] = [];
  for (let i = 0; i < 31; i++) {
    const d = addDays(first, i);
    if (!d.startsWith(month)) break;
    out.push(d);
  }
  return out;
}

export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(dayToMs(s)) && dayOf(dayToMs(s)) === s;
}
