import { describe, expect, it } from 'vitest';
import {
  ascentDescent,
  classifyAltitude,
  ELEVATION_PARAMS,
  GPS_JITTER_M,
  hysteresisClimb,
  smoothAltitude,
  smoothAltitudeByTime,
} from './elevation.js';

/** Deterministic uniform [0, 1) (LCG), so every noisy case is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const q02 = (x: number) => Math.round(x * 5) / 5; // FIT altitude resolution

/** 0 m for `lead` s, a ramp to `height` at `rate` m/s, `hold` s on top, back down to `end`, `lead` s flat. */
function hill(height: number, end: number, rate = 0.2, lead = 60, hold = 60): (t: number) => number {
  const up = height / rate;
  const down = (height - end) / rate;
  return (t) => {
    if (t <= lead) return 0;
    if (t <= lead + up) return (t - lead) * rate;
    if (t <= lead + up + hold) return height;
    if (t <= lead + up + hold + down) return height - (t - lead - up - hold) * rate;
    return end;
  };
}
const hillDuration = (height: number, end: number, rate = 0.2, lead = 60, hold = 60) => 2 * lead + hold + (2 * height - end) / rate;

describe('hysteresisClimb', () => {
  it('counts a clean climb and descent in full', () => {
    const up = Array.from({ length: 101 }, (_, i) => i); // 0..100
    const down = Array.from({ length: 51 }, (_, i) => 100 - i); // 100..50
    expect(hysteresisClimb([...up, ...down.slice(1)])).toEqual({ ascentM: 100, descentM: 50 });
  });
  it('ignores reversals inside the band', () => {
    const jitter = Array.from({ length: 200 }, (_, i) => 200 + (i % 2 === 0 ? 0 : 2.5));
    expect(hysteresisClimb(jitter, 3)).toEqual({ ascentM: 0, descentM: 0 });
  });
  it('counts reversals at least as large as the band', () => {
    expect(hysteresisClimb([0, 5, 0, 5, 0], 3)).toEqual({ ascentM: 10, descentM: 10 });
  });
});

describe('smoothAltitudeByTime', () => {
  it('leaves a straight slope unchanged, also with irregular steps', () => {
    const r = rng(1);
    const t = [0];
    while (t.length < 300) t.push(t[t.length - 1] + 1 + Math.floor(r() * 8));
    const a = t.map((x) => 100 + 0.3 * x);
    const s = smoothAltitudeByTime(t, a, 15);
    for (let i = 0; i < t.length; i++) if (t[i] >= 15 && t[i] <= t[t.length - 1] - 15) expect(s[i]).toBeCloseTo(a[i], 9);
  });
  it('is the plain mean of a 1 Hz series over ±W s', () => {
    const t = Array.from({ length: 61 }, (_, i) => i);
    const a = t.map((x) => (x === 30 ? 31 : 0)); // one 31 m spike at t = 30
    // Linear interpolation spreads the spike over [29, 31]: its integral is 31 m·s, over a 30 s window.
    expect(smoothAltitudeByTime(t, a, 15)[30]).toBeCloseTo(31 / 30, 9);
  });
  it('copes with equal timestamps and tiny inputs', () => {
    expect(smoothAltitudeByTime([0, 0, 0, 1], [1, 2, 3, 4], 15).every(Number.isFinite)).toBe(true);
    expect(smoothAltitudeByTime([5], [7], 15)).toEqual([7]);
    expect(smoothAltitudeByTime([0, 1, 2], [1, 2, 3], 0)).toEqual([1, 2, 3]);
  });
});

describe('classifyAltitude', () => {
  const t = Array.from({ length: 3600 }, (_, i) => i);
  const terrain = (x: number) => 200 + 40 * Math.sin(x / 300) + 8 * Math.sin(x / 47);
  it('takes a 0.2 m-quantised smooth profile (barometer) as barometric', () => {
    const r = rng(2);
    const baro = t.map((x) => q02(terrain(x) + 0.08 * (r() - 0.5)));
    const c = classifyAltitude(baro, t);
    expect(c.source).toBe('barometric');
    expect(c.jitterM!).toBeLessThan(GPS_JITTER_M);
  });
  it('takes the same profile with ±2 m fix-to-fix noise (GPS) as gps', () => {
    const r = rng(3);
    const gps = t.map((x) => terrain(x) + 4 * (r() - 0.5));
    const c = classifyAltitude(gps, t);
    expect(c.source).toBe('gps');
    expect(c.jitterM!).toBeGreaterThan(GPS_JITTER_M);
  });
  it('falls back to barometric without enough close samples', () => {
    const sparse = Array.from({ length: 30 }, (_, i) => (i % 2 ? 10 : 0)); // noisy but 60 s apart
    expect(classifyAltitude(sparse, sparse.map((_, i) => 60 * i))).toMatchObject({ source: 'barometric', jitterM: null });
    expect(classifyAltitude([1, 2], [0, 1])).toMatchObject({ source: 'barometric', jitterM: null });
  });
});

describe('ascentDescent', () => {
  it('counts a clean 100 m ramp in full for both sources (descent 60 m)', () => {
    const f = hill(100, 40);
    const t = Array.from({ length: hillDuration(100, 40) + 1 }, (_, i) => i);
    const alt = t.map(f);
    for (const altitudeSource of ['barometric', 'gps'] as const) {
      const r = ascentDescent(alt, 0, alt.length, { timeS: t, altitudeSource })!;
      expect(r.ascentM).toBeCloseTo(100, 6);
      expect(r.descentM).toBeCloseTo(60, 6);
      expect(r.source).toBe(altitudeSource);
    }
  });
  it('reads ~0 on a flat course with ±5 m GPS noise (classified gps)', () => {
    const r = rng(4);
    const t = Array.from({ length: 3600 }, (_, i) => i);
    const alt = t.map(() => 150 + 10 * (r() - 0.5));
    const res = ascentDescent(alt, 0, alt.length, { timeS: t })!;
    expect(res.source).toBe('gps');
    expect(res.ascentM).toBeLessThan(1);
    // The old 5-sample / 3 m method counts this noise as hundreds of metres of climbing.
    expect(ascentDescent(alt, 0, alt.length, { smoothingSamples: 5 })!.ascentM).toBeGreaterThan(200);
  });
  it('reads ~0 on a flat road with 0.2 m barometer flicker (classified barometric)', () => {
    const r = rng(5);
    const t = Array.from({ length: 3600 }, (_, i) => i);
    const alt = t.map(() => q02(300.1 + 0.15 * (r() - 0.5) * 2)); // flickers between 300.0 and 300.2
    const res = ascentDescent(alt, 0, alt.length, { timeS: t })!;
    expect(res.source).toBe('barometric');
    expect(res.ascentM).toBe(0);
    expect(res.descentM).toBe(0);
  });
  it('gives the same climb at 1 Hz and with irregular 1–8 s smart recording', () => {
    const r = rng(6);
    const f = hill(120, 0, 0.25);
    const end = hillDuration(120, 0, 0.25);
    const t1 = Array.from({ length: end + 1 }, (_, i) => i);
    const ts = [0];
    while (ts[ts.length - 1] < end) ts.push(Math.min(end, ts[ts.length - 1] + 1 + Math.floor(r() * 8)));
    const baro = (t: number[]) => t.map((x) => q02(f(x) + 0.1 * (r() - 0.5)));
    const a1 = ascentDescent(baro(t1), 0, t1.length, { timeS: t1 })!;
    const as = ascentDescent(baro(ts), 0, ts.length, { timeS: ts })!;
    expect(a1.source).toBe('barometric');
    expect(as.source).toBe('barometric');
    expect(a1.ascentM).toBeGreaterThan(119);
    expect(a1.ascentM).toBeLessThan(121);
    expect(Math.abs(as.ascentM - a1.ascentM)).toBeLessThan(1.2); // 1 %
  });
  it('drops nulls and counts the altitude change across a pause', () => {
    // 0 m, a 20 min pause with no samples, resumes 50 m higher (the barometer kept measuring).
    const t = [...Array.from({ length: 120 }, (_, i) => i), ...Array.from({ length: 120 }, (_, i) => 1320 + i)];
    const alt: (number | null)[] = t.map((x) => (x < 600 ? 0 : 50));
    alt[5] = null;
    alt[200] = null;
    const r = ascentDescent(alt, 0, alt.length, { timeS: t })!;
    expect(r.ascentM).toBeCloseTo(50, 6);
    expect(r.descentM).toBe(0);
  });
  it('honours the hint, the overrides, a range, and is null with fewer than two altitudes', () => {
    const r = rng(7);
    const t = Array.from({ length: 1200 }, (_, i) => i);
    const alt = t.map((x) => 100 + 3 * Math.sin(x / 40) + 2 * (r() - 0.5)); // 6 m rollers, GPS-like noise
    expect(ascentDescent(alt, 0, alt.length, { timeS: t })!.source).toBe('gps');
    const asBaro = ascentDescent(alt, 0, alt.length, { timeS: t, altitudeSource: 'barometric' })!;
    expect(asBaro.source).toBe('barometric');
    expect(asBaro.ascentM).toBeGreaterThan(ascentDescent(alt, 0, alt.length, { timeS: t })!.ascentM);
    expect(ascentDescent([0, 10, 20, 30, 40], 0, 5, { smoothingS: 0, hysteresisM: 0 })).toMatchObject({ ascentM: 40 });
    expect(ascentDescent([0, 10, 20, 30, 40], 2, 5, { smoothingS: 0 })).toMatchObject({ ascentM: 20, descentM: 0 });
    expect(ascentDescent([null, 5, null])).toBeNull();
    expect(ascentDescent([], 0, 0)).toBeNull();
  });
  it('without a time axis takes samples as 1 s apart', () => {
    const alt = Array.from({ length: 500 }, (_, i) => 300 + (i % 2 ? 1 : -1)); // ±1 m alternating: gps
    expect(ascentDescent(alt)).toEqual({ ascentM: 0, descentM: 0, source: 'gps' });
  });
  it('keeps the per-source parameters documented in the header', () => {
    expect(ELEVATION_PARAMS).toEqual({ barometric: { smoothingS: 15, hysteresisM: 0.5 }, gps: { smoothingS: 20, hysteresisM: 5 } });
  });
});

describe('legacy sample-based mode (smoothingSamples)', () => {
  it('drops nulls and keeps a linear series unchanged in the middle', () => {
    const s = smoothAltitude([0, null, 1, 2, 3, 4, 5, 6], 0, 8, 5);
    expect(s).toHaveLength(7);
    expect(s[3]).toBeCloseTo(3, 9);
  });
  it('removes ±1 m alternating noise on a flat road', () => {
    const alt = Array.from({ length: 500 }, (_, i) => 300 + (i % 2 ? 1 : -1));
    expect(ascentDescent(alt, 0, alt.length, { smoothingSamples: 5 })).toEqual({ ascentM: 0, descentM: 0 });
  });
  it('measures a 50 m hill with noise to within the band', () => {
    const alt = Array.from({ length: 201 }, (_, i) => (i <= 100 ? i / 2 : (200 - i) / 2) + (i % 2 ? 0.4 : -0.4));
    const r = ascentDescent(alt, 0, alt.length, { smoothingSamples: 5 })!;
    expect(r.ascentM).toBeGreaterThan(47);
    expect(r.ascentM).toBeLessThan(51);
    expect(r.descentM).toBeGreaterThan(47);
  });
  it('honours a range', () => {
    expect(ascentDescent([0, 10, 20, 30, 40], 2, 5, { smoothingSamples: 1 })).toEqual({ ascentM: 20, descentM: 0 });
  });
});
