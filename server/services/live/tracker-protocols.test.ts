import { describe, expect, it } from 'vitest';
import { parseOsmAndFields, parseOwnTracks, parseTraccarJson, parseTrackerTime } from './tracker-protocols.js';

const NOW = Date.UTC(2026, 5, 1, 10, 0, 0);

describe('tracker protocols', () => {
  it('reads unix seconds, milliseconds and ISO times; absent means now; junk is refused', () => {
    expect(parseTrackerTime('1780000000', NOW)).toBe(1_780_000_000_000);
    expect(parseTrackerTime('1780000000.5', NOW)).toBe(1_780_000_000_500);
    expect(parseTrackerTime(1_780_000_000_123, NOW)).toBe(1_780_000_000_123);
    expect(parseTrackerTime('2026-06-01T09:59:58.250Z', NOW)).toBe(NOW - 1750);
    expect(parseTrackerTime('2026-06-01 11:59:58+02:00', NOW)).toBe(NOW - 2000);
    expect(parseTrackerTime(undefined, NOW)).toBe(NOW);
    expect(parseTrackerTime('', NOW)).toBe(NOW);
    expect(parseTrackerTime('yesterday', NOW)).toBeNull();
    expect(parseTrackerTime('x'.repeat(100), NOW)).toBeNull();
  });

  it('OsmAnd fields: knots by default, speedUnit overrides, -1 is unknown, location=lat,lon, hdop for accuracy', () => {
    const r = parseOsmAndFields({ id: 'tok', location: '47.5,8.25', speed: '10', bearing: '-1', hdop: '2.5', batt: '120', timestamp: '1780000000' }, NOW);
    expect(r.token).toBe('tok');
    expect(r.items).toEqual([{ fix: { tMs: 1_780_000_000_000, lat: 47.5, lon: 8.25, altitudeM: null, speedMps: expect.closeTo(5.1444, 4), headingDeg: null, accuracyM: 2.5, hrBpm: null, batteryPct: null } }]);
    const kmh = parseOsmAndFields({ deviceid: 'd', lat: '1', lon: '2', speed: '36', speedUnit: 'kmh' }, NOW);
    expect(kmh.token).toBe('d');
    expect('fix' in kmh.items[0]! && kmh.items[0].fix.speedMps).toBeCloseTo(10, 9);
    expect(parseOsmAndFields({ id: 'x', lat: 'NaN', lon: '8' }, NOW).items).toEqual([{ problem: 'missing_position' }]);
    expect(parseOsmAndFields({ id: 'x', lat: '1', lon: '8', timestamp: 'soon' }, NOW).items).toEqual([{ problem: 'bad_time' }]);
    // Repeated fields (a form sent twice by a buggy client): the first counts.
    expect(parseOsmAndFields({ id: ['a', 'b'], lat: ['1', '9'], lon: '2' }, NOW)).toMatchObject({ token: 'a', items: [{ fix: { lat: 1 } }] });
  });

  it('Traccar Client JSON: single, batched, device id from the body or the query, battery 0..1', () => {
    const loc = { timestamp: '2026-06-01T09:00:00Z', coords: { latitude: 1, longitude: 2, speed: 3, heading: 90, altitude: 4, accuracy: 5 }, battery: { level: 0.5 }, extras: { heartrate: 140 } };
    expect(parseTraccarJson({ location: loc, device_id: 'tok' }, NOW)).toEqual({ token: 'tok', items: [{ fix: { tMs: NOW - 3600_000, lat: 1, lon: 2, altitudeM: 4, speedMps: 3, headingDeg: 90, accuracyM: 5, hrBpm: 140, batteryPct: 50 } }] });
    const batch = parseTraccarJson({ location: [loc, { coords: {} }, 7] }, NOW, 'q');
    expect(batch.token).toBe('q');
    expect(batch.items.map((i) => ('problem' in i ? i.problem : 'ok'))).toEqual(['ok', 'missing_position', 'not_a_location']);
    expect(parseTraccarJson([{ location: loc, device_id: 'a' }, { location: loc }], NOW).items).toHaveLength(2);
    expect(parseTraccarJson({ device_id: 'a' }, NOW).items).toEqual([{ problem: 'not_a_location' }]);
  });

  it('OwnTracks: vel km/h, cog, only location messages', () => {
    expect(parseOwnTracks({ _type: 'location', lat: 1, lon: 2, tst: 1_780_000_000, vel: 36, cog: 270, alt: 3, acc: 4, batt: 80 }, NOW)).toEqual([
      { fix: { tMs: 1_780_000_000_000, lat: 1, lon: 2, altitudeM: 3, speedMps: 10, headingDeg: 270, accuracyM: 4, hrBpm: null, batteryPct: 80 } },
    ]);
    expect(parseOwnTracks([{ _type: 'lwt' }, { _type: 'transition' }], NOW)).toEqual([]);
    expect(parseOwnTracks(null, NOW)).toEqual([{ problem: 'not_a_location' }]);
    expect(parseOwnTracks({ _type: 'location', lat: 1 }, NOW)).toEqual([{ problem: 'missing_position' }]);
  });
});
