import { describe, expect, it } from 'vitest';
import type { SwimLength } from '../../../shared/activity.js';
import { bestEfforts } from '../analysis/best-efforts.js';
import { analysePoolSwim, lengthDistanceSeries, poolLengthOf, poolRecordSport, SWIM_DISTANCES_M } from './pool-swim.js';

const len = (startOffsetS: number, elapsedTimeS: number, lengthType = 'active', strokes: number | null = 20): SwimLength => ({
  startOffsetS,
  elapsedTimeS,
  lengthType,
  strokes: lengthType === 'idle' ? null : strokes,
  swimStroke: lengthType === 'idle' ? null : 'freestyle',
});

/** 8 × 25 m at 30 s, a 60 s rest (two idle lengths), then 8 × 25 m at 20 s. */
function session(): SwimLength[] {
  const out: SwimLength[] = [];
  let t = 0;
  for (let i = 0; i < 8; i++) out.push(len(t, 30)), (t += 30);
  out.push(len(t, 40, 'idle'), len(t + 40, 20, 'idle'));
  t += 60;
  for (let i = 0; i < 8; i++) out.push(len(t, 20)), (t += 20);
  return out;
}

describe('pool swims from lengths', () => {
  it('infer the pool length from distance / active lengths when the device does not state it', () => {
    expect(poolLengthOf(session(), null, 400)).toBe(25);
    expect(poolLengthOf(session(), 50, 400)).toBe(50);
    expect(poolLengthOf(session(), null, null)).toBeNull();
  });

  it('list active lengths with SWOLF and pace, and merge idle lengths into one rest row', () => {
    const s = analysePoolSwim(session(), 25)!;
    expect(s.activeLengths).toBe(16);
    expect(s.distanceM).toBe(400);
    expect(s.rows.filter((r) => r.kind === 'rest')).toEqual([{ kind: 'rest', startOffsetS: 240, timeS: 60 }]);
    const first = s.rows[0];
    expect(first).toMatchObject({ kind: 'length', number: 1, timeS: 30, strokes: 20, swolf: 50, pacePer100mS: 120 });
    expect(s.restTimeS).toBe(60);
    expect(s.swimTimeS).toBe(8 * 30 + 8 * 20);
    // (240 + 160) s over 400 m.
    expect(s.pacePer100mS).toBeCloseTo(100, 9);
  });

  it('give best efforts over whole lengths: the fastest 100 m is 4 fast lengths, 400 m spans the rest', () => {
    const s = analysePoolSwim(session(), 25)!;
    const series = lengthDistanceSeries(s);
    const e = bestEfforts(series.timeS, series.distanceM, SWIM_DISTANCES_M);
    expect(e.map((x) => x.distanceM)).toEqual([100, 200, 400]);
    expect(e[0].timeS).toBeCloseTo(80, 9);
    expect(e[1].timeS).toBeCloseTo(160, 9);
    // The whole swim including the 60 s rest: elapsed time, as on the pool clock.
    expect(e[2].timeS).toBeCloseTo(240 + 60 + 160, 9);
  });

  it('flag a length faster than a human swims and keep it out of distance and pace', () => {
    const l = session();
    l[3] = len(l[3].startOffsetS, 5); // 25 m in 5 s = 5 m/s: a miscounted length
    const s = analysePoolSwim(l, 25)!;
    const bad = s.rows.find((r) => r.kind === 'length' && r.implausible);
    expect(bad).toMatchObject({ number: 4, pacePer100mS: null });
    const series = lengthDistanceSeries(s);
    expect(series.distanceM[series.distanceM.length - 1]).toBe(375);
  });

  it('names the records of each pool length apart, yards included', () => {
    expect(poolRecordSport(25)).toBe('swimming_pool_25m');
    expect(poolRecordSport(50)).toBe('swimming_pool_50m');
    expect(poolRecordSport(22.86)).toBe('swimming_pool_25yd');
    expect(poolRecordSport(33.33)).toBe('swimming_pool_33.3m');
  });

  it('is null without active lengths or pool length', () => {
    expect(analysePoolSwim([len(0, 30, 'idle')], 25)).toBeNull();
    expect(analysePoolSwim(session(), null)).toBeNull();
  });
});
