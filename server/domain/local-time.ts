import tzLookup from '@photostructure/tz-lookup';

/**
 * Where an activity's clock stood (issue 13 §2). Every day-based figure uses the activity's own
 * local day, and names use its local hour. The UTC offset comes from, in order:
 * 1. the device (FIT activity.local_timestamp − timestamp) when sane: whole quarter hours within
 *    ±14 h (some writers put a device-relative count there: null_compressed_speed_dist.fit gives
 *    −876,098,089 s, GarminSwim-2016-05-23.fit −26 days);
 * 2. the time zone at the start position (offline boundary lookup, @photostructure/tz-lookup) and
 *    its offset at the start instant (DST included, from the runtime's ICU data);
 * 3. the athlete's time-zone setting (default: the system's zone).
 * Pure apart from the bundled zone data: no clock, no I/O.
 */
export type OffsetSource = 'device' | 'position' | 'setting';

export interface LocalTime {
  utcOffsetS: number;
  /** IANA zone when known (position or setting), null for a device offset alone. */
  timeZone: string | null;
  source: OffsetSource;
}

const MAX_OFFSET_S = 14 * 3600;

export function saneDeviceOffset(offsetS: number | null | undefined): number | null {
  if (typeof offsetS !== 'number' || !Number.isFinite(offsetS)) return null;
  if (Math.abs(offsetS) > MAX_OFFSET_S) return null;
  // Devices write whole seconds, a second or two apart from the UTC timestamp: round to the minute.
  const rounded = Math.round(offsetS / 60) * 60;
  if (Math.abs(rounded - offsetS) > 2) return null;
  return rounded % 900 === 0 ? rounded : null;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in seconds at the instant `ms` (DST included). */
export function zoneOffsetS(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    if (formatters.size > 500) formatters.clear();
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 1000);
}

/** IANA zone at a position, or null (no position, or the lookup cannot place it). */
export function zoneAt(latDeg: number | null | undefined, lonDeg: number | null | undefined): string | null {
  if (typeof latDeg !== 'number' || typeof lonDeg !== 'number' || !Number.isFinite(latDeg) || !Number.isFinite(lonDeg)) return null;
  if (Math.abs(latDeg) > 90 || Math.abs(lonDeg) > 180 || (latDeg === 0 && lonDeg === 0)) return null;
  try {
    return tzLookup(latDeg, lonDeg);
  } catch {
    return null;
  }
}

export function resolveLocalTime(o: { startMs: number; deviceUtcOffsetS?: number | null; startLatDeg?: number | null; startLonDeg?: number | null; settingZone: string }): LocalTime {
  const device = saneDeviceOffset(o.deviceUtcOffsetS);
  const zone = zoneAt(o.startLatDeg, o.startLonDeg);
  if (device !== null) {
    // The zone at the position names it when it agrees with the device (e.g. America/New_York for −4 h in summer).
    const named = zone && zoneOffsetS(zone, o.startMs) === device ? zone : null;
    return { utcOffsetS: device, timeZone: named, source: 'device' };
  }
  if (zone) return { utcOffsetS: zoneOffsetS(zone, o.startMs), timeZone: zone, source: 'position' };
  const setting = isTimeZone(o.settingZone) ? o.settingZone : 'UTC';
  return { utcOffsetS: zoneOffsetS(setting, o.startMs), timeZone: setting, source: 'setting' };
}

/** `2019-06-10T05:42:00-04:00`: the local wall time with its offset. */
export function localIso(startMs: number, utcOffsetS: number): string {
  const local = new Date(startMs + utcOffsetS * 1000).toISOString().slice(0, 19);
  const sign = utcOffsetS < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetS);
  return `${local}${sign}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
}

/** The local calendar day (YYYY-MM-DD) of an instant at an offset. */
export function localDay(ms: number, utcOffsetS: number): string {
  return new Date(ms + utcOffsetS * 1000).toISOString().slice(0, 10);
}
