/**
 * xsd:dateTime → epoch milliseconds, written by hand rather than with Date.parse because:
 * - Date.parse reads a time without a zone as LOCAL time, so the result would depend on the
 *   server's TZ; GPX 1.1 and TCX both specify UTC, so a zone-less time is taken as UTC.
 * - offsets are not always whole hours: OpenTracks `gpx_timezone.gpx` writes +01:15,
 *   NikePlus `track-with-less-sec-time.gpx` writes +01:00.
 * - fractions come with 1–9 digits ("…:05.1Z", "…:05.000Z", "…:05.123456Z"); we keep milliseconds
 *   with sub-millisecond precision.
 * Pure: no clock.
 */

const ISO =
  /^\s*(-?\d{4,})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

/** Epoch milliseconds of an ISO-8601 / xsd:dateTime string, or null when it is not one. */
export function parseXmlTime(s: string | undefined | null): number | null {
  if (!s) return null;
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  // 24:00:00 is legal xsd (end of day); 60 allows a leap second as written by some GPS units.
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (frac) ms += Number('0.' + frac) * 1000;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offMin * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

/** ISO-8601 UTC with milliseconds ("2021-01-07T21:51:59.179Z"). */
export function toIsoUtc(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}
