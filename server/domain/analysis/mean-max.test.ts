import { describe, expect, it } from 'vitest';
import { CURVE_DURATIONS_S, meanMax, paceCurve } from './mean-max.js';
import { normalizedPower, powerLoad } from './power-load.js';
import { resampleDistanceElapsed, resampleTimer } from './resample.js';

function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('mean-max curves', () => {
  it('find a known 20-minute block: 20-min power = 300 W, 1 s = the sprint', () => {
    // 10 min at 150 W, 20 min at 300 W, 10 min at 150 W, plus a 5 s 900 W sprint at the end.
    const p = [...Array(600).fill(150), ...Array(1200).fill(300), ...Array(600).fill(150), ...Array(5).fill(900)];
    const c = meanMax(Float64Array.from(p), 0)!;
    const at = (d: number) => c.values[c.durationsS.indexOf(d)];
    expect(at(1200)).toBeCloseTo(300, 9);
    expect(at(1)).toBe(900);
    expect(at(5)).toBe(900);
    expect(c.durationsS[c.durationsS.length - 1]).toBe(p.length);
    expect(c.values[c.values.length - 1]).toBeCloseTo(p.reduce((a, b) => a + b, 0) / p.length, 9);
  });

  it('never increase with duration (random power, HR with gaps, pace)', () => {
    const r = seeded(7);
    const power = Float64Array.from({ length: 5000 }, () => (r() < 0.05 ? Number.NaN : r() * 600));
    const hr = Float64Array.from({ length: 5000 }, (_, i) => (i % 700 < 5 ? Number.NaN : 100 + r() * 80));
    let d = 0;
    const dist = Float64Array.from({ length: 5000 }, () => (d += r() * 6));
    for (const c of [meanMax(power, 0)!, meanMax(hr, null)!, paceCurve(dist)!]) {
      for (let i = 1; i < c.values.length; i++) expect(c.values[i]).toBeLessThanOrEqual(c.values[i - 1]);
      expect(c.durationsS).toEqual([...c.durationsS].sort((a, b) => a - b));
    }
  });

  it('exclude heart-rate windows that contain a gap', () => {
    const hr = Float64Array.from([150, 150, Number.NaN, 100, 100, 100]);
    const c = meanMax(hr, null)!;
    expect(c.durationsS).toEqual([1, 2, 3]);
    expect(c.values).toEqual([150, 150, 100]);
  });

  it('pace curve = best mean speed; the grid is the documented one', () => {
    const dist = resampleDistanceElapsed([0, 100, 200, 300], [0, 300, 900, 1200])!;
    const c = paceCurve(dist)!;
    expect(c.values[c.durationsS.indexOf(60)]).toBeCloseTo(6, 9);
    expect(c.values[c.values.length - 1]).toBeCloseTo(4, 9);
    expect(CURVE_DURATIONS_S[0]).toBe(1);
  });
});

describe('resampling and normalised power', () => {
  it('collapses pauses in timer time and holds values between samples', () => {
    const s = resampleTimer([0, 2, 3, 100, 101], [10, 20, 30, 40, null], 10);
    expect(Array.from(s.slice(0, 5))).toEqual([10, 10, 20, 30, 40]);
    expect(Number.isNaN(s[5])).toBe(true);
  });

  it('NP of constant power equals it; of 20 min at 300 W in 40 min of 150 W it exceeds the average', () => {
    expect(normalizedPower(Float64Array.from(Array(1200).fill(300)))).toBeCloseTo(300, 9);
    const p = Float64Array.from([...Array(600).fill(150), ...Array(1200).fill(300), ...Array(600).fill(150)]);
    const l = powerLoad(p, 300)!;
    expect(l.avgPowerW).toBeCloseTo(225, 9);
    expect(l.normalizedPowerW).toBeGreaterThan(240);
    expect(l.normalizedPowerW).toBeLessThan(300);
    expect(l.workKj).toBeCloseTo((225 * 2400) / 1000, 9);
    // TSS = s × NP × IF / (FTP × 3600) × 100
    expect(l.tss).toBeCloseTo(((2400 * l.normalizedPowerW * (l.normalizedPowerW / 300)) / (300 * 3600)) * 100, 9);
  });

  it('one hour at FTP is TSS 100 with IF 1 and VI 1', () => {
    const l = powerLoad(Float64Array.from(Array(3600).fill(250)), 250)!;
    expect(l.tss).toBeCloseTo(100, 9);
    expect(l.intensityFactor).toBeCloseTo(1, 12);
    expect(l.variabilityIndex).toBeCloseTo(1, 12);
  });
});

describe('pace curve of files that span weeks', () => {
  // Two 1-hour runs (the second faster) separated by `gapDays` without samples.
  function twoRuns(gapDays: number) {
    const timeS: number[] = [];
    const dist: number[] = [];
    for (let s = 0; s <= 3600; s += 5) (timeS.push(s), dist.push(3 * s));
    const start2 = 3600 + gapDays * 86_400;
    for (let s = 0; s <= 3600; s += 5) (timeS.push(start2 + s), dist.push(3 * 3600 + 4 * s));
    return paceCurve(resampleDistanceElapsed(timeS, dist)!)!;
  }

  it('gives the same curve on its one-day grid whatever the length of gaps over a day', () => {
    const a = twoRuns(2);
    const b = twoRuns(25);
    const grid = (c: ReturnType<typeof twoRuns>) => c.durationsS.map((d, i) => [d, c.values[i]]).filter(([d]) => CURVE_DURATIONS_S.includes(d));
    expect(grid(b)).toEqual(grid(a));
    // The faster second run sets every duration up to an hour.
    const at = (c: ReturnType<typeof twoRuns>, d: number) => c.values[c.durationsS.indexOf(d)];
    expect(at(b, 60)).toBeCloseTo(4, 6);
    expect(at(b, 3600)).toBeCloseTo(4, 6);
    // A 25-day span no longer builds a 25-day grid.
    expect(b.durationsS[b.durationsS.length - 1]).toBeLessThanOrEqual(3600 * 2 + 86_400 + 1);
  });
});
