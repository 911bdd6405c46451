import { describe, expect, it } from 'vitest';
import { parseFit } from './fit.parser.js';
import { expectedFitTotals, makeFitActivity, makeFitNonActivity, type FitFixtureOptions } from '../../../tests/helpers/fit-fixture.js';
import type { ParsedActivity } from '../../../shared/activity.js';

function parseOne(o: FitFixtureOptions): { a: ParsedActivity; warnings: string[] } {
  const r = parseFit(makeFitActivity(o));
  if (r.kind !== 'activities') throw new Error(`expected activities, got ${JSON.stringify(r)}`);
  expect(r.activities).toHaveLength(1);
  return { a: r.activities[0], warnings: r.warnings };
}

describe('parseFit on a generated one-hour run', () => {
  const o: FitFixtureOptions = { durationS: 3600, withPower: true, laps: 4 };
  const e = expectedFitTotals(o);
  const { a, warnings } = parseOne(o);

  it('maps metadata, device and sport', () => {
    expect(warnings).toEqual([]);
    expect(a.format).toBe('fit');
    expect(a.startTime).toBe(e.startTime);
    expect(a.sport).toBe('running');
    expect(a.subSport).toBeNull();
    expect(a.device).toEqual({ manufacturer: 'garmin', product: 'fr945', serialNumber: '3999999999', softwareVersion: '12.50' });
  });

  it('builds SI streams on one time axis', () => {
    const s = a.streams;
    expect(s.timeS).toHaveLength(e.samples);
    expect(s.timeS[0]).toBe(0);
    expect(s.timeS[100]).toBe(100);
    expect(s.channels.latDeg![0]).toBeCloseTo(47, 6);
    expect(s.channels.lonDeg![10]).toBeCloseTo(8, 6);
    expect(s.channels.latDeg![1000]).toBeCloseTo(47 + 3000 / ((6371008.8 * Math.PI) / 180), 6);
    expect(s.channels.distanceM![100]).toBeCloseTo(300, 6);
    expect(s.channels.speedMps![100]).toBe(3);
    expect(s.channels.altitudeM![10]).toBeCloseTo(401, 6);
    expect(s.channels.hrBpm!.slice(0, 3)).toEqual([120, 140, 120]);
    expect(s.channels.cadenceRpm![5]).toBe(85.5);
    expect(s.channels.powerW![1]).toBe(300);
    expect(s.channels.temperatureC![1]).toBe(20);
    expect(s.developer).toEqual([]);
  });

  it('takes the session totals from the device and moving time from the streams', () => {
    expect(a.summary.distanceM).toBeCloseTo(e.distanceM, 6);
    expect(a.summary.timerTimeS).toBe(e.timerTimeS);
    expect(a.summary.elapsedTimeS).toBe(e.elapsedTimeS);
    expect(a.summary.avgSpeedMps).toBeCloseTo(3, 3);
    expect(a.summary.ascentM).toBe(e.ascentM);
    expect(a.summary.avgHrBpm).toBe(130);
    expect(a.summary.maxHrBpm).toBe(140);
    expect(a.summary.avgPowerW).toBe(250);
    expect(a.summary.maxPowerW).toBe(300);
    expect(a.summary.caloriesKcal).toBe(600);
    expect(a.summary.movingTimeS).toBeCloseTo(3600, 0);
  });

  it('keeps laps and assigns them to the session', () => {
    expect(a.sessions).toHaveLength(1);
    expect(a.sessions[0]).toMatchObject({ index: 0, sport: 'running', firstLapIndex: 0, numLaps: 4, startOffsetS: 0 });
    expect(a.laps.map((l) => l.startOffsetS)).toEqual([0, 900, 1800, 2700]);
    expect(a.laps.map((l) => l.distanceM)).toEqual([2700, 2700, 2700, 2700]);
    expect(a.laps[3].trigger).toBe('session_end');
    expect(a.laps[0].trigger).toBe('distance');
    expect(a.lengths).toEqual([]);
  });
});

describe('parseFit structural cases', () => {
  it('indoor files without GPS have no lat/lon channels', () => {
    const { a } = parseOne({ durationS: 60, withGps: false, sport: 'cycling', subSport: 'indoor_cycling' });
    expect(a.streams.channels.latDeg).toBeUndefined();
    expect(a.streams.channels.lonDeg).toBeUndefined();
    expect(a.sport).toBe('cycling');
    expect(a.subSport).toBe('indoor_cycling');
  });

  it('multisport: one activity, sessions with their laps', () => {
    const o: FitFixtureOptions = { multisport: [{ sport: 'cycling', durationS: 600 }, { sport: 'running', durationS: 300 }], laps: 2 };
    const e = expectedFitTotals(o);
    const { a } = parseOne(o);
    expect(a.sport).toBe('multisport');
    expect(a.sessions.map((s) => [s.sport, s.firstLapIndex, s.numLaps, s.distanceM, s.timerTimeS])).toEqual([
      ['cycling', 0, 2, 4800, 600],
      ['running', 2, 2, 900, 300],
    ]);
    expect(a.laps).toHaveLength(4);
    expect(a.summary.distanceM).toBe(e.distanceM);
    expect(a.summary.timerTimeS).toBe(900);
    expect(a.summary.avgSpeedMps).toBeCloseTo(5700 / 900, 6);
    expect(a.sessions[1].startOffsetS).toBe(601);
  });

  it('compressed-timestamp record headers', () => {
    const { a } = parseOne({ durationS: 200, compressedTimestamps: true });
    expect(a.streams.timeS).toHaveLength(201);
    expect(a.streams.timeS[200]).toBe(200);
    expect(a.streams.timeS.every((t, i) => t === i)).toBe(true);
  });

  it('device-uptime timestamps are placed with timestamp_correlation', () => {
    const o = { durationS: 60, relativeTimestamps: true };
    const { a } = parseOne(o);
    expect(a.startTime).toBe(expectedFitTotals(o).startTime);
    expect(a.streams.timeS[60]).toBe(60);
  });

  it('merges hr messages (event_timestamp_12) into hrBpm, inline or in a chained file_id-less block', () => {
    for (const hrMessages of ['inline', 'chained'] as const) {
      const { a } = parseOne({ durationS: 100, hrMessages });
      const hr = a.streams.channels.hrBpm!;
      expect(hr).toHaveLength(101);
      expect(hr.every((v, i) => v === (i % 2 ? 140 : 120))).toBe(true);
    }
  });

  it('keeps developer fields as developer channels, never as native speed', () => {
    const { a } = parseOne({ durationS: 20, developerField: true });
    expect(a.streams.channels.speedMps![5]).toBe(3);
    expect(a.streams.developer).toHaveLength(1);
    expect(a.streams.developer[0]).toMatchObject({ key: 'dev0_0', name: 'speed', units: 'm/s', appId: 'deadbeef0102030405060708090a0b0c' });
    expect(a.streams.developer[0].values.every((v) => v === 42)).toBe(true);
  });

  it('computes session and lap from the streams when the file has none', () => {
    const { a } = parseOne({ durationS: 600, omitSession: true, omitLaps: true });
    expect(a.sessions).toHaveLength(1);
    expect(a.laps).toHaveLength(1);
    expect(a.summary.distanceM).toBeCloseTo(1800, 6);
    expect(a.summary.elapsedTimeS).toBe(600);
    expect(a.summary.avgHrBpm).toBeCloseTo(130, 0);
    expect(a.sessions[0].numLaps).toBe(1);
  });

  it('reads summary messages written before the records', () => {
    const { a } = parseOne({ durationS: 90, summaryFirst: true, laps: 3 });
    expect(a.summary.distanceM).toBe(270);
    expect(a.laps.map((l) => l.startOffsetS)).toEqual([0, 30, 60]);
    expect(a.streams.timeS).toHaveLength(91);
  });

  it('big-endian definitions, 12-byte headers and header CRC 0', () => {
    for (const o of [{ bigEndian: true }, { headerSize: 12 as const }, { headerCrcZero: true }]) {
      const { a, warnings } = parseOne({ durationS: 30, ...o });
      expect(warnings).toEqual([]);
      expect(a.summary.distanceM).toBe(90);
      expect(a.streams.channels.latDeg![30]).toBeCloseTo(47 + 90 / ((6371008.8 * Math.PI) / 180), 6);
    }
  });

  it('chained files: every activity block is read; a chained settings file is ignored', () => {
    const r = parseFit(makeFitActivity({ durationS: 30, chained: 'activity' }));
    expect(r.kind).toBe('activities');
    if (r.kind === 'activities') {
      expect(r.activities).toHaveLength(2);
      expect(new Date(r.activities[1].startTime).getTime() - new Date(r.activities[0].startTime).getTime()).toBe(86_400_000);
    }
    const s = parseOne({ durationS: 30, chained: 'settings' });
    expect(s.warnings.join()).toMatch(/settings/);
  });
});

describe('parseFit damaged files', () => {
  it('a wrong file CRC is a warning', () => {
    const { a, warnings } = parseOne({ durationS: 30, badCrc: true });
    expect(warnings.join()).toMatch(/CRC/);
    expect(a.streams.timeS).toHaveLength(31);
  });

  it('a truncated file keeps everything before the cut', () => {
    const full = makeFitActivity({ durationS: 300 });
    const r = parseFit(full.slice(0, Math.floor(full.length / 2)));
    expect(r.kind).toBe('activities');
    if (r.kind !== 'activities') return;
    const a = r.activities[0];
    expect(r.warnings.join()).toMatch(/truncated/);
    expect(a.streams.timeS.length).toBeGreaterThan(100);
    expect(a.streams.timeS.every((t, i) => t === i)).toBe(true);
    // No session survived: summary comes from the streams.
    expect(a.summary.distanceM).toBeCloseTo(3 * (a.streams.timeS.length - 1), 6);
  });

  it('a header alone or garbage is an error with a reason, never a throw', () => {
    expect(parseFit(new Uint8Array(0))).toMatchObject({ kind: 'error' });
    expect(parseFit(new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>'))).toMatchObject({ kind: 'error', reason: expect.stringMatching(/not a FIT file/) });
    const headerOnly = makeFitActivity({ durationS: 10 }).slice(0, 14);
    const r = parseFit(headerOnly);
    expect(r.kind).toBe('error');
  });

  it('a non-activity file is skipped with its type', () => {
    expect(parseFit(makeFitNonActivity(2))).toEqual({ kind: 'skipped', reason: 'this is a FIT settings file, not an activity', fileType: 'settings' });
    expect(parseFit(makeFitNonActivity(32))).toMatchObject({ kind: 'skipped', fileType: 'monitoring_b' });
  });

  it('a chain of two separate activities gives two activities, each saying which part it is', () => {
    const r = parseFit(makeFitActivity({ durationS: 300, chained: 'activity' }));
    if (r.kind !== 'activities') throw new Error(r.kind);
    expect(r.activities.map((a) => a.startTime)).toEqual(['2024-05-01T07:00:00.000Z', '2024-05-02T07:00:00.000Z']);
    expect(r.activities.map((a) => a.streams.timeS.length)).toEqual([301, 301]);
    expect(r.activities[1].warnings).toContain('this file chains 2 separate activities; this is part 2');
  });

  it('a multisport file is one activity with a session per leg, not a chain', () => {
    const r = parseFit(makeFitActivity({ multisport: [{ sport: 'cycling', durationS: 600 }, { sport: 'running', durationS: 300 }] }));
    if (r.kind !== 'activities') throw new Error(r.kind);
    expect(r.activities).toHaveLength(1);
    expect(r.activities[0].sessions.map((x) => x.sport)).toEqual(['cycling', 'running']);
  });
});
