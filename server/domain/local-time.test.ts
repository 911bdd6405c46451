import { describe, expect, it } from 'vitest';
import { localDay, localIso, resolveLocalTime, saneDeviceOffset, zoneAt, zoneOffsetS } from './local-time.js';

describe('local time of an activity', () => {
  it('accepts whole quarter hours within ±14 h from the device and rejects counters', () => {
    expect(saneDeviceOffset(-4 * 3600)).toBe(-14400);
    expect(saneDeviceOffset(5.75 * 3600 + 1)).toBe(20700); // Nepal, a second of jitter
    expect(saneDeviceOffset(-876_098_089)).toBeNull(); // null_compressed_speed_dist.fit
    expect(saneDeviceOffset(-26 * 86400)).toBeNull(); // GarminSwim-2016-05-23.fit
    expect(saneDeviceOffset(3600 + 600)).toBeNull(); // not a quarter hour
    expect(saneDeviceOffset(NaN)).toBeNull();
  });

  it('knows DST and zone borders at the start position', () => {
    const summer = Date.parse('2019-06-10T09:42:00Z');
    const winter = Date.parse('2019-01-10T09:42:00Z');
    expect(zoneAt(40.7, -74.0)).toBe('America/New_York');
    expect(zoneOffsetS('America/New_York', summer)).toBe(-4 * 3600);
    expect(zoneOffsetS('America/New_York', winter)).toBe(-5 * 3600);
    // Spain lies west of Greenwich yet keeps Central European Time: mean solar time (lon/15) says −0.25 h.
    expect(zoneOffsetS(zoneAt(43.36, -8.41)!, summer)).toBe(2 * 3600);
    expect(zoneAt(0, 0)).toBeNull();
    expect(zoneAt(null, 10)).toBeNull();
  });

  it('prefers a sane device offset, then the position, then the setting', () => {
    const startMs = Date.parse('2019-06-10T09:42:00Z');
    expect(resolveLocalTime({ startMs, deviceUtcOffsetS: -14400, startLatDeg: 40.7, startLonDeg: -74, settingZone: 'Asia/Tokyo' })).toEqual({ utcOffsetS: -14400, timeZone: 'America/New_York', source: 'device' });
    expect(resolveLocalTime({ startMs, deviceUtcOffsetS: -876_098_089, startLatDeg: 35.68, startLonDeg: 139.76, settingZone: 'UTC' })).toEqual({ utcOffsetS: 9 * 3600, timeZone: 'Asia/Tokyo', source: 'position' });
    expect(resolveLocalTime({ startMs, settingZone: 'Europe/Berlin' })).toEqual({ utcOffsetS: 2 * 3600, timeZone: 'Europe/Berlin', source: 'setting' });
    expect(resolveLocalTime({ startMs, settingZone: 'Not/AZone' })).toEqual({ utcOffsetS: 0, timeZone: 'UTC', source: 'setting' });
  });

  it('writes local wall time with its offset, and the local day', () => {
    const ms = Date.parse('2019-06-10T03:30:00Z');
    expect(localIso(ms, -4 * 3600)).toBe('2019-06-09T23:30:00-04:00');
    expect(localIso(ms, 5.75 * 3600)).toBe('2019-06-10T09:15:00+05:45');
    expect(localDay(ms, -4 * 3600)).toBe('2019-06-09');
    expect(localDay(Date.parse('2024-03-01T20:00:00Z'), 9 * 3600)).toBe('2024-03-02'); // an evening run in Tokyo
  });
});
