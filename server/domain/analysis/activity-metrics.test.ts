import { describe, expect, it } from 'vitest';
import type { ActivityStreams } from '../../../shared/activity.js';
import { computeActivityMetrics } from './activity-metrics.js';
import { flatEquivalentDistanceM, minettiCost } from './grade-adjusted-pace.js';
import { hrTss, trimp } from './hr-load.js';

/** A 1 Hz run at `speed` m/s whose altitude follows the [seconds, m/s vertical] legs. */
function run(legs: [number, number][], speed = 3, extra: Partial<ActivityStreams['channels']> = {}): ActivityStreams {
  const timeS = [0];
  const alt = [100];
  for (const [secs, vz] of legs) for (let i = 0; i < secs; i++) (timeS.push(timeS.length), alt.push(alt[alt.length - 1] + vz));
  return { timeS, channels: { distanceM: timeS.map((t) => t * speed), altitudeM: alt, ...extra }, developer: [] };
}

describe('activity metrics', () => {
  it('a route with known climbs: +50 m, −50 m, +30 m gives ascent 80 m, descent 50 m', () => {
    // Flat stretches at the turning points, as on a real road: the 5-sample smoothing then keeps
    // every top and bottom exact (a knife-edge summit would lose ~0.1 m to the moving average).
    const s = run([[60, 0], [500, 0.1], [60, 0], [500, -0.1], [60, 0], [300, 0.1], [60, 0]]);
    const m = computeActivityMetrics(s, { sport: 'running', day: '2024-05-01', thresholds: [] });
    expect(m.load.ascentM).toBeCloseTo(80, 6);
    expect(m.load.descentM).toBeCloseTo(50, 6);
    expect(m.load.movingTimeS).toBe(1540);
  });

  it('grade-adjusted pace: flat = the pace; a steady 5 % climb by Minetti’s cost ratio', () => {
    const flat = computeActivityMetrics(run([[1200, 0]]), { sport: 'running', day: '2024-05-01', thresholds: [] });
    expect(flat.load.gradeAdjustedPaceMps).toBeCloseTo(3, 9);
    const climb = run([[1200, 0.15]]); // 0.15 m per 3 m = 5 %
    const fe = flatEquivalentDistanceM(climb.channels.distanceM, climb.channels.altitudeM)!;
    // The first GRADE_BASE_M/2 metres have no grade yet; the rest is weighted C(0.05)/C(0).
    const ratio = minettiCost(0.05) / minettiCost(0);
    expect(fe / 3600).toBeGreaterThan(ratio * 0.99);
    expect(fe / 3600).toBeLessThan(ratio * 1.0001);
  });

  it('best efforts and the pace curve of a constant 3 m/s run', () => {
    const m = computeActivityMetrics(run([[3600, 0]]), { sport: 'running', day: '2024-05-01', thresholds: [] });
    const tenK = m.bestEfforts.find((e) => e.distanceM === 10_000)!;
    expect(tenK.timeS).toBeCloseTo(10_000 / 3, 6);
    expect(m.curves.pace!.values.every((v) => Math.abs(v - 3) < 1e-9)).toBe(true);
    expect(m.efforts.filter((e) => e.kind === 'distance')).toHaveLength(m.bestEfforts.length);
  });

  it('load: power TSS with an FTP, else hrTSS with a threshold HR, else TRIMP', () => {
    const n = 3601;
    const base = run([[n - 1, 0]], 8);
    const power = { powerW: Array(n).fill(250), hrBpm: Array(n).fill(150) };
    const withPower = { ...base, channels: { ...base.channels, ...power } };
    const ftp = [{ kind: 'ftp' as const, sport: null, value: 250, validFrom: '2024-01-01' }];
    const a = computeActivityMetrics(withPower, { sport: 'cycling', day: '2024-05-01', thresholds: ftp });
    expect(a.load.loadSource).toBe('power');
    expect(a.load.tss).toBeCloseTo(100 * (n / 3600), 6);
    expect(a.zones.power!.zones[3].timeS).toBeCloseTo(n, 6); // 100 % FTP is Z4 (90–105 %)
    const lthr = [{ kind: 'threshold_hr' as const, sport: null, value: 150, validFrom: '2024-01-01' }];
    const b = computeActivityMetrics({ ...base, channels: { ...base.channels, hrBpm: power.hrBpm } }, { sport: 'cycling', day: '2024-05-01', thresholds: lthr });
    expect(b.load.loadSource).toBe('hr');
    expect(b.load.hrTss).toBeCloseTo(100 * (n / 3600), 6); // an hour at LTHR = 100
    const c = computeActivityMetrics({ ...base, channels: { ...base.channels, hrBpm: power.hrBpm } }, { sport: 'cycling', day: '2024-05-01', thresholds: [] });
    expect(c.load.loadSource).toBe('trimp');
    expect(c.load.load).toBeCloseTo(c.load.trimp!, 12);
  });

  it('TRIMP follows Banister’s formula', () => {
    const hr = Float64Array.from(Array(600).fill(160));
    const r = (160 - 60) / (190 - 60);
    expect(trimp(hr, 60, 190)).toBeCloseTo(10 * r * 0.64 * Math.exp(1.92 * r), 9);
    expect(hrTss(trimp(hr, 60, 190)!, 160, 60, 190)).toBeCloseTo((100 * 10) / 60, 9);
  });
});
