/**
 * Validators shared by the server's request schemas and the renderer (issue 12, defects 2 and 4):
 * one definition of "a real calendar date", "a bounded integer" and "well-formed text", so the
 * schema layer rejects bad input before any service, loop or database sees it.
 *
 * Everything here is standard JSON Schema (pattern, format, allOf) plus small pure functions; no
 * validator-specific keyword, so the same schema objects work in any JSON Schema validator.
 */

/** Calendar years the API accepts: a training history, plus a planned future, and nothing else. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
export const DAY_MS = 86_400_000;

const YEAR = '(19\\d\\d|2[01]\\d\\d|2200)';
const DATE_PART = `${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])`;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A real calendar date YYYY-MM-DD with MIN_YEAR ≤ year ≤ MAX_YEAR: 2021-02-31, 2020-13-45 and
 * 0000-00-00 are not dates (Date.UTC would silently roll the first into March).
 */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a date that passed isCalendarDate (integer arithmetic from here on). */
export function dayNumberOf(date: string): number {
  const m = DATE_RE.exec(date)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** YYYY-MM-DD of a day number (inverse of dayNumberOf inside the accepted years). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A YYYY-MM-DD date in the schema layer: the pattern bounds the year and the month/day digits,
 * `format: date` (RFC 3339 full-date, as Ajv's formats check it) rejects days a month does not have.
 */
export const calendarDateSchema = { type: 'string', pattern: `^${DATE_PART}$`, format: 'date' } as const;

/** A YYYY-MM month (calendar pages), year bounded like dates. */
export const calendarMonthSchema = { type: 'string', pattern: `^${YEAR}-(0[1-9]|1[0-2])$` } as const;

/**
 * "ISO-8601 date or date-time" filters (activities, heatmap): the date part is bounded as above,
 * the time part is digits with an optional zone. parseInstant checks the calendar and returns ms.
 */
export const instantSchema = {
  type: 'string',
  maxLength: 40,
  pattern: `^${DATE_PART}(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|2[0-3]):?[0-5]\\d)?)?$`,
} as const;

/**
 * Epoch ms of an instantSchema value; a bare date is UTC midnight, or the end of that day when
 * `endOfDay` (a `to` that names a day includes all of it). NaN when the calendar date is not real.
 */
export function parseInstant(v: string, endOfDay: boolean): number {
  const date = v.slice(0, 10);
  if (!isCalendarDate(date)) return NaN;
  if (v.length === 10) return Date.parse(`${date}T00:00:00Z`) + (endOfDay ? DAY_MS : 0);
  // A date-time without a zone is read as UTC (as the API has always done for bare dates).
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(v) ? v : `${v}Z`);
}

/**
 * A finite integer in [minimum, maximum]. The `allOf` repeats the type on purpose: Ajv's query
 * string coercion turns "1e309" and "Infinity" into Infinity, which passes `type: integer` during
 * coercion and skips minimum/maximum (they only test finite numbers); the second type check runs
 * on the coerced value and refuses it.
 */
export function boundedInt<D extends number | undefined = undefined>(minimum: number, maximum: number, defaultValue?: D) {
  return {
    type: 'integer',
    minimum,
    maximum,
    allOf: [{ type: 'integer' }],
    ...(defaultValue === undefined ? {} : { default: defaultValue as Exclude<D, undefined> }),
  } as const;
}

/** A finite number in [minimum, maximum] (the same coercion guard as boundedInt). */
export function boundedNumber(minimum: number, maximum: number) {
  return { type: 'number', minimum, maximum, allOf: [{ type: 'number' }] } as const;
}

/**
 * Text a person typed: no NUL (PostgreSQL refuses it in text columns) and no lone UTF-16
 * surrogate (not Unicode; SQLite would store U+FFFD instead, so "\ud800" and "\udfff" would become
 * the same name). Such input is refused with 400, never stored altered. Ajv compiles patterns with
 * the `u` flag, where a lone surrogate is one code point in the excluded range and a valid pair
 * is an astral code point outside it.
 */
export const WELL_FORMED_TEXT = '^[^\\u0000\\uD800-\\uDFFF]*$';

export function text(minLength: number, maxLength: number) {
  return { type: 'string', minLength, maxLength, pattern: WELL_FORMED_TEXT } as const;
}

/** Nullable text (PATCH bodies clear a field with null). */
export function nullableText(maxLength: number) {
  return { type: ['string', 'null'], maxLength, pattern: WELL_FORMED_TEXT } as const;
}

/** The same rule for code that holds a string (the renderer before it sends, services). */
const WELL_FORMED_RE = new RegExp(WELL_FORMED_TEXT, 'u');
export function isWellFormedText(s: string): boolean {
  return WELL_FORMED_RE.test(s);
}

/** Ids are opaque tokens (UUIDs, hex): never a path, never control characters. */
export const idSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$' } as const;

/**
 * A from/to pair of validated dates: `from <= to` and at most `maxDays` days apart (inclusive).
 * Returns the problem as a sentence, or null. The one custom check JSON Schema cannot express.
 */
export function dayRangeProblem(from: string | undefined, to: string | undefined, maxDays: number): string | null {
  if (from !== undefined && !isCalendarDate(from)) return `from must be a date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (to !== undefined && !isCalendarDate(to)) return `to must be a date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (from === undefined || to === undefined) return null;
  const span = dayNumberOf(to) - dayNumberOf(from) + 1;
  if (span < 1) return 'from must not be after to';
  if (span > maxDays) return `at most ${maxDays} days per request (asked for ${span})`;
  return null;
}
