import { describe, expect, it } from 'vitest';
import { emptySummary } from '../../../shared/activity.js';
import { aggregateSummaries, deviceSummary } from './fit-summary-map.js';
import type { RawSummary } from './fit-collect.js';

const raw = (o: Partial<RawSummary>): RawSummary => ({
  ts: NaN, start: NaN, sport: NaN, subSport: NaN, elapsed: NaN, timer: NaN, distance: NaN, calories: NaN,
  avgSpeed: NaN, maxSpeed: NaN, avgHr: NaN, maxHr: NaN, avgCadence: NaN, avgPower: NaN, maxPower: NaN,
  ascent: NaN, descent: NaN, movingTime: NaN, firstLapIndex: NaN, numLaps: NaN, trigger: NaN, poolLength: NaN, ...o,
});

describe('fit summary mapping', () => {
  it('maps NaN to null and keeps device values', () => {
    const s = deviceSummary(raw({ distance: 1000, timer: 300, elapsed: 310, avgHr: 150 }));
    expect(s).toMatchObject({ distanceM: 1000, timerTimeS: 300, elapsedTimeS: 310, avgHrBpm: 150, avgPowerW: null });
  });

  it('swaps timer and elapsed when timer exceeds elapsed (inverted-times.fit)', () => {
    const s = deviceSummary(raw({ timer: 21680, elapsed: 2839.6 }));
    expect(s.elapsedTimeS).toBe(21680);
    expect(s.timerTimeS).toBe(2839.6);
  });

  it('aggregates sessions: sums, maxima, timer-weighted means, avg speed = distance / timer', () => {
    const a = { ...emptySummary(), distanceM: 1000, timerTimeS: 100, elapsedTimeS: 110, avgHrBpm: 100, maxHrBpm: 150, caloriesKcal: 10, avgPowerW: 200 };
    const b = { ...emptySummary(), distanceM: 3000, timerTimeS: 300, elapsedTimeS: 300, avgHrBpm: 140, maxHrBpm: 170, caloriesKcal: 30 };
    const s = aggregateSummaries([a, b]);
    expect(s).toMatchObject({ distanceM: 4000, timerTimeS: 400, elapsedTimeS: 410, maxHrBpm: 170, caloriesKcal: 40, avgPowerW: 200 });
    expect(s.avgHrBpm).toBe(130);
    expect(s.avgSpeedMps).toBe(10);
  });
});
