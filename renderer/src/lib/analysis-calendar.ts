/**
 * Month calendar arithmetic. The calendar API keys days as YYYY-MM-DD (UTC days of the activity
 * start, shared/analysis-api.ts); this grid only produces those keys, so the viewer's time zone
 * cannot shift an activity to a neighbouring cell.
 */

/** "2024-05" for the month containing `d` (local). */
export function monthKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** "2024-05-04" for the local day of `d`. */
export function dayKey(d: Date): string {
  return `${monthKey(d)}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Parses "YYYY-MM"; null when malformed. */
export function parseMonth(s: string | null | undefined): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year, month } : null;
}

/** Adds whole months to "YYYY-MM". */
export function shiftMonth(key: string, delta: number): string {
  const p = parseMonth(key) ?? { year: 1970, month: 1 };
  return monthKey(new Date(p.year, p.month - 1 + delta, 1));
}

export interface CalendarDay {
  key: string;
  date: Date;
  /** false for the leading/trailing days of the neighbouring months that fill the first/last week. */
  inMonth: boolean;
}

/**
 * Weeks (Monday first, ISO 8601 like the training-log tools) covering the whole month, each of
 * seven days. Built with local Date arithmetic so daylight-saving changes never skip or repeat a day.
 */
export function monthGrid(key: string): CalendarDay[][] {
  const p = parseMonth(key);
  if (!p) return [];
  const first = new Date(p.year, p.month - 1, 1);
  const lead = (first.getDay() + 6) % 7; // days since Monday
  const weeks: CalendarDay[][] = [];
  let cursor = new Date(p.year, p.month - 1, 1 - lead);
  do {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ key: dayKey(cursor), date: cursor, inMonth: cursor.getMonth() === p.month - 1 });
      cursor = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() + 1);
    }
    weeks.push(week);
  } while (cursor.getMonth() === p.month - 1);
  return weeks;
}

/** Index of the server's days by key. */
export function daysByKey<T extends { date: string }>(days: T[]): Map<string, T> {
  return new Map(days.map((d) => [d.date, d]));
}

/** "May 2024" in the viewer's locale. */
export function monthTitle(key: string): string {
  const p = parseMonth(key);
  if (!p) return key;
  return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' }).format(new Date(p.year, p.month - 1, 1));
}
