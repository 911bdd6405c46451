import { describe, expect, it } from 'vitest';
import type { PoolSwimDto } from '../../../shared/analysis-api.js';
import { withPoolLengths } from './pool-swim-chart';

const swim: PoolSwimDto = {
  poolLengthM: 25,
  activeLengths: 2,
  distanceM: 50,
  swimTimeS: 50,
  restTimeS: 20,
  pacePer100mS: 100,
  avgSwolf: null,
  avgStrokesPerLength: null,
  rows: [
    { kind: 'length', number: 1, startOffsetS: 0, timeS: 25, distanceM: 25, stroke: 'freestyle', strokes: 10, swolf: 35, pacePer100mS: 100, implausible: false },
    { kind: 'rest', startOffsetS: 25, timeS: 20 },
    { kind: 'length', number: 2, startOffsetS: 45, timeS: 25, distanceM: 25, stroke: 'freestyle', strokes: 10, swolf: 35, pacePer100mS: 100, implausible: false },
  ],
};

describe('withPoolLengths', () => {
  it('gives every sample the speed of its length and the distance swum so far, no speed in rests', () => {
    const timeS = [0, 10, 30, 50, 69];
    const s = withPoolLengths({ sampleCount: 5, timeS, channels: { distanceM: [null, null, null, null, 50], hrBpm: [1, 2, 3, 4, 5] }, developer: [] }, swim);
    expect(s.channels.speedMps).toEqual([1, 1, null, 1, 1]);
    expect(s.channels.distanceM).toEqual([0, 10, 25, 30, 49]);
    expect(s.channels.hrBpm).toEqual([1, 2, 3, 4, 5]);
  });
});
