import { describe, expect, it } from 'vitest';
import { climb, lapRanges, nearestIndex, rangeForTimes, selectionStats, timeWeightedMean } from './chart-selection.js';

describe('chart selection', () => {
  const timeS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('finds the nearest sample and the samples inside a time range', () => {
    expect(nearestIndex(timeS, 3.4)).toBe(3);
    expect(nearestIndex(timeS, 3.6)).toBe(4);
    expect(nearestIndex(timeS, -5)).toBe(0);
    expect(nearestIndex(timeS, 99)).toBe(10);
    expect(rangeForTimes(timeS, 2.5, 6.2)).toEqual({ from: 3, to: 6 });
    expect(rangeForTimes(timeS, 6.2, 2.5)).toEqual({ from: 3, to: 6 });
    expect(rangeForTimes(timeS, 20, 30)).toBeNull();
  });
  it('averages by time, not by sample, on unevenly spaced (downsampled) streams', () => {
    // 100 W for 10 s then 300 W for 1 s: the time-weighted mean stays near 100 W
    const t = [0, 10, 11];
    expect(timeWeightedMean(t, [100, 100, 300], { from: 0, to: 2 })).toBeCloseTo((100 * 5 + 100 * 5.5 + 300 * 0.5) / 11, 6);
    expect(timeWeightedMean(t, [null, null, null], { from: 0, to: 2 })).toBeNull();
    expect(timeWeightedMean(t, [null, 120, null], { from: 0, to: 2 })).toBe(120);
  });
  it('counts climbs above a 3 m band only', () => {
    expect(climb([0, 1, 0, 1, 0, 1], { from: 0, to: 5 })).toEqual({ ascentM: 0, descentM: 0 });
    expect(climb([100, 110, 120, 115, 130], { from: 0, to: 4 })).toEqual({ ascentM: 35, descentM: 5 });
  });
  it('gives time, distance, speed, HR, power and ascent of a range', () => {
    const s = {
      timeS,
      channels: {
        distanceM: timeS.map((t) => t * 3),
        hrBpm: timeS.map((t) => 100 + t),
        powerW: timeS.map(() => 250),
        altitudeM: timeS.map((t) => 50 + t * 2),
      },
    };
    const st = selectionStats(s, { from: 2, to: 8 });
    expect(st.durationS).toBe(6);
    expect(st.distanceM).toBe(18);
    expect(st.avgSpeedMps).toBe(3);
    expect(st.avgHrBpm).toBeCloseTo(105, 6);
    expect(st.maxHrBpm).toBe(108);
    expect(st.avgPowerW).toBe(250);
    expect(st.ascentM).toBe(12);
    expect(st.descentM).toBe(0);
  });
  it('uses developer running power when there is no native power', () => {
    const st = selectionStats({ timeS: [0, 1, 2], channels: {} }, { from: 0, to: 2 }, [200, 220, 240]);
    expect(st.avgPowerW).toBeCloseTo(220, 6);
    expect(st.distanceM).toBeNull();
    expect(st.ascentM).toBeNull();
  });
  it('turns laps into time ranges that end where the next lap starts', () => {
    const laps = [
      { index: 1, startOffsetS: 300, elapsedTimeS: 290, timerTimeS: 290 },
      { index: 0, startOffsetS: 0, elapsedTimeS: 295, timerTimeS: 290 },
      { index: 2, startOffsetS: 600, elapsedTimeS: null, timerTimeS: null },
    ];
    expect(lapRanges(laps, 900)).toEqual([
      { index: 0, fromS: 0, toS: 300 },
      { index: 1, fromS: 300, toS: 600 },
      { index: 2, fromS: 600, toS: 900 },
    ]);
  });
});
