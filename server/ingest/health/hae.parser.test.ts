import { describe, expect, it } from 'vitest';
import { allShapesPayload, workoutV1, workoutV2 } from '../../../bench/hae-payload.js';
import { parseHaeDate } from './hae-date.js';
import { parseHaePayload } from './hae.parser.js';
import { convertUnit } from './hae-units.js';
import { isV2, parseHaeWorkout } from './hae-workout.js';

describe('Health Auto Export dates', () => {
  it('reads "yyyy-MM-dd HH:mm:ss Z" with the local date as written', () => {
    expect(parseHaeDate('2025-04-18 23:16:55 -0400')).toEqual({ ms: Date.UTC(2025, 3, 19, 3, 16, 55), offsetMin: -240, date: '2025-04-18' });
    expect(parseHaeDate('2025-04-18 23:16:55 +0530')?.ms).toBe(Date.UTC(2025, 3, 18, 17, 46, 55));
    expect(parseHaeDate('2025-04-18')).toEqual({ ms: Date.UTC(2025, 3, 18), offsetMin: 0, date: '2025-04-18' });
    expect(parseHaeDate('2025-04-18T10:00:00Z')?.ms).toBe(Date.UTC(2025, 3, 18, 10));
    expect(parseHaeDate('18/04/2025 10:00')).toBeNull();
    expect(parseHaeDate('2025-13-01 10:00:00 +0000')).toBeNull();
    expect(parseHaeDate(12)).toBeNull();
  });
});

describe('Health Auto Export units', () => {
  it('converts by the units string, never assuming the locale', () => {
    expect(convertUnit(1, 'mi', 'm')).toBeCloseTo(1609.344, 9);
    expect(convertUnit(4.184, 'kJ', 'kcal')).toBeCloseTo(1, 9);
    expect(convertUnit(1, 'lb', 'kg')).toBeCloseTo(0.45359237, 9);
    expect(convertUnit(98.6, 'degF', 'degC')).toBeCloseTo(37, 9);
    expect(convertUnit(2, 'hr', 's')).toBe(7200);
    expect(convertUnit(50, 'ml/(kg·min)', 'ml/kg/min')).toBe(50);
    expect(convertUnit(1, 'km', 'kg')).toBeNull();
    expect(convertUnit(1, 'parsec', 'm')).toBeNull();
  });
});

describe('Health Auto Export payload', () => {
  it('parses every shape of the generated payload without errors', () => {
    const r = parseHaePayload(allShapesPayload());
    if ('fatal' in r) throw new Error(r.fatal);
    expect(r.errors).toEqual([]);
    const metrics = new Set(r.batch.samples.map((s) => s.metric));
    for (const m of ['steps', 'distanceM', 'hrBpm', 'hrMinBpm', 'hrMaxBpm', 'bpSystolicMmHg', 'bloodGlucoseMmolL', 'sexualActivityCount', 'insulinBolusIU', 'insulinBasalIU', 'spo2Pct', 'wristTempC']) expect(metrics).toContain(m);
    // SpO2 as a fraction (0.94) and as percent (97) both end up in percent.
    expect(r.batch.samples.filter((s) => s.metric === 'spo2Pct').map((s) => s.value)).toEqual([97, 94]);
  });

  it('says why a payload is unusable', () => {
    expect(parseHaePayload(null)).toHaveProperty('fatal');
    expect(parseHaePayload([])).toHaveProperty('fatal');
    expect(parseHaePayload({ metrics: [] })).toHaveProperty('fatal');
    const r = parseHaePayload({ data: { metrics: 'x', workouts: {} } });
    expect('fatal' in r ? [] : r.errors.map((e) => e.item)).toEqual(['metrics', 'workouts']);
  });

  it('accepts the 2025 arrays without storing them yet', () => {
    const r = parseHaePayload({ data: { metrics: [], stateOfMind: [{ id: 1 }], ecg: [] } });
    expect('fatal' in r ? null : r.ignored).toEqual(['stateOfMind']);
  });
});

describe('Health Auto Export workouts', () => {
  it('tells version 2 from version 1', () => {
    expect(isV2(workoutV2())).toBe(true);
    expect(isV2(workoutV1())).toBe(false);
  });

  it('builds activities with GPS and heart-rate streams from both versions', () => {
    const v2 = parseHaeWorkout(workoutV2());
    const v1 = parseHaeWorkout(workoutV1());
    if ('error' in v2 || 'error' in v1) throw new Error('parse failed');
    expect(v2.version).toBe(2);
    expect(v2.key).toMatch(/^id:/);
    expect(v2.activity.sport).toBe('running');
    expect(v2.activity.streams.timeS).toHaveLength(360);
    // HR once a minute (0…1740 s) matched within 30 s: the last 5 route points (1775…1795 s) have none.
    expect(v2.activity.streams.channels.hrBpm?.filter((v) => v !== null).length).toBe(355);
    expect(v2.activity.summary.distanceM).toBeCloseTo(3.355 * 1609.344, 6);
    expect(v1.version).toBe(1);
    expect(v1.activity.sport).toBe('cycling');
    expect(v1.activity.streams.channels.latDeg).toHaveLength(240);
    expect(v1.activity.summary.ascentM).toBeCloseTo(164.04 * 0.3048, 9);
    expect(v1.activity.summary.distanceM).toBe(7200);
    expect(parseHaeWorkout({ name: 'Yoga' })).toEqual({ error: 'workout "Yoga": no readable start date' });
  });
});
