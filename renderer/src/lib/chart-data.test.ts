import { describe, expect, it } from 'vitest';
import { buildChartSeries, deriveSpeed, niceScale, robustDomain, smooth, trackSegments } from './chart-data.js';

describe('chart data', () => {
  it('builds pace rows for a run and skips absent channels', () => {
    const s = buildChartSeries(
      { sampleCount: 3, timeS: [0, 1, 2], channels: { speedMps: [1000 / 300, 1000 / 300, 1000 / 300], hrBpm: [120, null, 130], cadenceRpm: [85, 86, 87] }, developer: [] },
      'running',
      'metric',
    );
    expect(s.rate).toBe('pace');
    expect(s.rows[1]!.pace).toBeCloseTo(300);
    expect(s.rows[1]!.hr).toBeNull();
    expect(s.rows[0]!.cadence).toBe(170); // steps per minute for runners
    expect(s.has).toMatchObject({ speed: true, hr: true, power: false, alt: false, dist: false });
  });
  it('derives speed from distance when the file has none', () => {
    const v = deriveSpeed([0, 1, 2, 3], [0, 3, 6, 9], 1);
    expect(v).toEqual([3, 3, 3, 3]);
  });
  it('smooths without inventing values across gaps', () => {
    expect(smooth([1, 2, null, 4], 1)).toEqual([1.5, 1.5, null, 4]);
  });
  it('ignores outliers in the axis domain', () => {
    const vals = [...Array.from({ length: 100 }, (_, i) => 100 + (i % 10)), 5000];
    const [lo, hi] = robustDomain(vals)!;
    expect(lo).toBeGreaterThan(90);
    expect(hi).toBeLessThan(200);
  });
  it('splits the track at gaps and drops 0,0 fixes', () => {
    expect(trackSegments([0, 1, null, 2, 3], [0, 1, 1, 2, 3])).toEqual([[[1, 1]], [[2, 2], [3, 3]]]);
  });
});

describe('niceScale', () => {
  it('rounds outward to decimal steps', () => {
    const s = niceScale(125.3, 163.2, 4);
    expect(s.domain).toEqual([120, 180]);
    expect(s.ticks).toEqual([120, 140, 160, 180]);
  });
  it('uses clock steps for pace', () => {
    const s = niceScale(290, 350, 4, true);
    // 4:30, 5:00, 5:30, 6:00
    expect(s.ticks).toEqual([270, 300, 330, 360]);
  });
  it('survives a flat series', () => {
    const s = niceScale(100, 100);
    expect(s.domain[0]).toBeLessThan(100);
    expect(s.domain[1]).toBeGreaterThan(100);
  });
});

describe('running power', () => {
  it('charts a Stryd developer "Power" field when there is no native power', async () => {
    const { buildChartSeries, developerPower } = await import('./chart-data.js');
    const developer = [
      { key: 'dev0_1', name: 'Leg Spring Stiffness', units: 'KN/m', values: [10, 11] },
      { key: 'dev0_7', name: 'Power', units: 'Watts', values: [240, 260] },
    ];
    expect(developerPower(developer)?.key).toBe('dev0_7');
    expect(developerPower([{ key: 'x', name: 'Lap Power', units: 'Watts', values: [1] }])).toBeNull();
    const s = buildChartSeries({ sampleCount: 2, timeS: [0, 1], channels: { speedMps: [3, 3] }, developer }, 'running', 'metric');
    expect(s.has.power).toBe(true);
    expect(s.rows[1]!.power).toBe(260);
    expect(s.powerSource).toEqual({ kind: 'developer', name: 'Power' });
  });
});
