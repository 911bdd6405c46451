import { describe, expect, it } from 'vitest';
import { emptySummary } from '../../shared/activity.js';
import { completeSummary } from './summary-sanity.js';

describe('completeSummary', () => {
  it('computes the average speed the device left at 0 from distance / timer time', () => {
    const s = completeSummary({ ...emptySummary(), distanceM: 14921.2, timerTimeS: 1632, elapsedTimeS: 2760, avgSpeedMps: 0 });
    expect(s.avgSpeedMps).toBeCloseTo(14921.2 / 1632, 9);
  });

  it('falls back to elapsed time without a timer time, and keeps a device value', () => {
    expect(completeSummary({ ...emptySummary(), distanceM: 1000, elapsedTimeS: 500 }).avgSpeedMps).toBe(2);
    expect(completeSummary({ ...emptySummary(), distanceM: 1000, timerTimeS: 500, avgSpeedMps: 2.5 }).avgSpeedMps).toBe(2.5);
  });

  it('turns a 0 speed without distance into "not measured", and the 0 m distance too', () => {
    const s = completeSummary({ ...emptySummary(), distanceM: 0, timerTimeS: 1412.9, avgSpeedMps: 0, maxSpeedMps: 0 });
    expect(s).toMatchObject({ distanceM: null, avgSpeedMps: null, maxSpeedMps: null });
  });

  it('keeps a 0 m lap (a pool rest) at 0 m when asked', () => {
    expect(completeSummary({ ...emptySummary(), distanceM: 0, timerTimeS: 60, avgSpeedMps: 0 }, { keepZeroDistance: true })).toMatchObject({ distanceM: 0, avgSpeedMps: null });
  });
});
