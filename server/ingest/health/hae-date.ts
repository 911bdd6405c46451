/**
 * Health Auto Export dates: "yyyy-MM-dd HH:mm:ss Z" (space separator, RFC-822 numeric offset:
 * "2025-04-18 23:16:55 -0400"), which Date.parse does not read reliably (FORMATS.md §7).
 * Also accepted: ISO-8601 with an offset, and a bare "yyyy-MM-dd" (aggregated sleep's `date`).
 * The local date is taken from the string itself, so a day is the phone's calendar day.
 */
export interface HaeTime {
  ms: number;
  /** Offset from UTC in minutes; 0 when the string had none. */
  offsetMin: number;
  /** Local calendar date as written. */
  date: string;
}

const HAE_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseHaeDate(raw: unknown): HaeTime | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  const d = DATE_RE.exec(s);
  if (d) {
    const ms = Date.UTC(+d[1], +d[2] - 1, +d[3]);
    return Number.isFinite(ms) ? { ms, offsetMin: 0, date: s } : null;
  }
  const m = HAE_RE.exec(s);
  if (!m) return null;
  const [, y, mo, da, h, mi, se, frac, tz] = m;
  let offsetMin = 0;
  if (tz && tz !== 'Z') {
    const t = tz.replace(':', '');
    offsetMin = (t[0] === '-' ? -1 : 1) * (Number(t.slice(1, 3)) * 60 + Number(t.slice(3, 5)));
  }
  const fracMs = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const local = Date.UTC(+y, +mo - 1, +da, +h, +mi, se ? +se : 0, fracMs);
  if (!Number.isFinite(local) || +mo < 1 || +mo > 12 || +da < 1 || +da > 31 || +h > 23 || +mi > 59) return null;
  return { ms: local - offsetMin * 60_000, offsetMin, date: `${y}-${mo}-${da}` };
}
