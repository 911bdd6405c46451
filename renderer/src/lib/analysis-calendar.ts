/**
 * Month calendar arithmetic in the viewer's local time zone. The server does not know the
 * athlete's zone (docs/decisions.md), so which day an activity belongs to is decided here, from its
 * UTC start time, the same way the activity list shows it.
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

/** Local-time instants bounding the grid, as ISO strings for the API (`to` exclusive). */
export function gridRange(weeks: CalendarDay[][]): { from: string; to: string } | null {
  const first = weeks[0]?.[0];
  const last = weeks[weeks.length - 1]?.[6];
  if (!first || !last) return null;
  const end = new Date(last.date.getFullYear(), last.date.getMonth(), last.date.getDate() + 1);
  return { from: first.date.toISOString(), to: end.toISOString() };
}

/** Groups items by the local day of their ISO start time, keeping input order inside a day. */
export function groupByDay<T extends { startTime: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const d = new Date(it.startTime);
    if (Number.isNaN(d.getTime())) continue;
    const k = dayKey(d);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
