/**
 * Day ranges of the time-based pages (issue 17): every page opens on the most recent period that
 * has data, offers presets, a free from/to and "jump to" a year or month, and keeps `from`/`to`
 * in the URL hash. Pure: days are YYYY-MM-DD strings, "today" is passed in.
 */

export interface DayRange {
  from: string;
  to: string;
}

export interface Extent {
  first: string;
  last: string;
}

export type PresetKey = '4w' | '3m' | '1y' | 'year' | 'prev' | 'all';
export const PRESET_KEYS: readonly PresetKey[] = ['4w', '3m', '1y', 'year', 'prev', 'all'];
/** Length of the rolling presets, days (the range includes both ends). */
const ROLLING_DAYS: Partial<Record<PresetKey, number>> = { '4w': 28, '3m': 91, '1y': 365 };

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A real calendar day between 1990 and 2100 (what a date input or a shared link may carry). */
export function isDay(v: string | null | undefined): v is string {
  const m = v ? DAY_RE.exec(v) : null;
  if (!m) return false;
  const y = Number(m[1]);
  if (y < 1990 || y > 2100) return false;
  const d = new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return iso(ms(day) + n * DAY_MS);
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((ms(b) - ms(a)) / DAY_MS);
}

export const minDay = (a: string, b: string) => (a < b ? a : b);
export const maxDay = (a: string, b: string) => (a > b ? a : b);

/**
 * The day presets end on: today while the data is recent (its last day falls inside the
 * default window ending today, so "3 months" still shows this week's training), otherwise the
 * last day with data: an athlete whose last activity was in 2019 sees 2019, not an empty today.
 */
export function anchorDay(today: string, last: string | null | undefined, windowDays: number): string {
  if (!last || last > today) return today;
  return daysBetween(last, today) < windowDays ? today : last;
}

export function yearRange(year: number): DayRange {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function monthRange(year: number, month1: number): DayRange {
  const last = new Date(Date.UTC(year, month1, 0)).getUTCDate();
  const mm = String(month1).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** The range a preset stands for, ending on `anchor` (see anchorDay); `extent` bounds "all". */
export function presetRange(key: PresetKey, anchor: string, extent: Extent | null): DayRange {
  const rolling = ROLLING_DAYS[key];
  if (rolling) return { from: addDays(anchor, -(rolling - 1)), to: anchor };
  const year = Number(anchor.slice(0, 4));
  if (key === 'year') return { from: `${year}-01-01`, to: anchor };
  if (key === 'prev') return yearRange(year - 1);
  // all: from the first day with data to the anchor.
  if (!extent) return { from: addDays(anchor, -364), to: anchor };
  return { from: minDay(extent.first, anchor), to: anchor };
}

/** Button labels: "This year" only when the anchor is in the current year, else the year itself. */
export function presetLabel(key: PresetKey, anchor: string, today: string): string {
  const year = Number(anchor.slice(0, 4));
  const current = year === Number(today.slice(0, 4));
  switch (key) {
    case '4w':
      return '4 weeks';
    case '3m':
      return '3 months';
    case '1y':
      return '1 year';
    case 'year':
      return current ? 'This year' : String(year);
    case 'prev':
      return current ? 'Previous year' : String(year - 1);
    case 'all':
      return 'All';
  }
}

/** Which preset (if any) a range is, for the pressed button. */
export function matchPreset(range: DayRange, anchor: string, extent: Extent | null): PresetKey | null {
  for (const k of PRESET_KEYS) {
    const r = presetRange(k, anchor, extent);
    if (r.from === range.from && r.to === range.to) return k;
  }
  return null;
}

/** `from`/`to` of the URL when both are real days in order, else null (the page then picks its default). */
export function parseRange(query: URLSearchParams): DayRange | null {
  const from = query.get('from');
  const to = query.get('to');
  if (!isDay(from) || !isDay(to) || from > to) return null;
  return { from, to };
}

/** The same length, moved back (−1) or forward (+1); a whole month or year moves by calendar. */
export function shiftRange(r: DayRange, dir: -1 | 1): DayRange {
  const [fy, fm] = [Number(r.from.slice(0, 4)), Number(r.from.slice(5, 7))];
  const whole = (x: DayRange) => x.from === r.from && x.to === r.to;
  if (whole(yearRange(fy))) return yearRange(fy + dir);
  if (whole(monthRange(fy, fm))) {
    const m = fm + dir;
    return m < 1 ? monthRange(fy - 1, 12) : m > 12 ? monthRange(fy + 1, 1) : monthRange(fy, m);
  }
  const len = daysBetween(r.from, r.to) + 1;
  return { from: addDays(r.from, dir * len), to: addDays(r.to, dir * len) };
}

/** Consecutive pieces of at most `maxDays` days (APIs that bound one request, e.g. health 401 days). */
export function splitRange(r: DayRange, maxDays: number): DayRange[] {
  const out: DayRange[] = [];
  for (let from = r.from; from <= r.to; from = addDays(from, maxDays)) {
    out.push({ from, to: minDay(addDays(from, maxDays - 1), r.to) });
    if (out.length > 200) break;
  }
  return out;
}

/** The years "jump to" offers: from the first year with data (or 10 years back) to this year, newest first. */
export function jumpYears(extent: Extent | null, today: string): number[] {
  const last = Number(today.slice(0, 4));
  const first = extent ? Math.min(Number(extent.first.slice(0, 4)), last) : last - 9;
  const out: number[] = [];
  for (let y = last; y >= first && out.length < 60; y--) out.push(y);
  return out;
}

/** "3 Mar – 31 May 2019", "28 Dec 2018 – 3 Jan 2019", "1 – 31 May 2019", "12 May 2019". */
export function formatRange(r: DayRange): string {
  const part = (d: string, withYear: boolean) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]}${withYear ? ` ${d.slice(0, 4)}` : ''}`;
  if (r.from === r.to) return part(r.from, true);
  if (r.from.slice(0, 7) === r.to.slice(0, 7)) return `${Number(r.from.slice(8, 10))} – ${part(r.to, true)}`;
  return `${part(r.from, r.from.slice(0, 4) !== r.to.slice(0, 4))} – ${part(r.to, true)}`;
}
