import { describe, expect, it } from 'vitest';
import type { ActivityStreams, Session } from '../../../shared/activity.js';
import { emptySummary } from '../../../shared/activity.js';
import { cleanStreamsByLeg } from './clean-legs.js';

const session = (index: number, sport: string, startOffsetS: number, elapsedTimeS: number): Session => ({
  ...emptySummary(),
  elapsedTimeS,
  index,
  sport,
  subSport: null,
  startTime: new Date(Date.UTC(2024, 5, 1) + startOffsetS * 1000).toISOString(),
  startOffsetS,
  firstLapIndex: index,
  numLaps: 1,
});

describe('cleanStreamsByLeg', () => {
  // 1 Hz: 300 s of cycling at 15 m/s, then 300 s of running at 4 m/s with one 30 m step.
  const timeS = Array.from({ length: 600 }, (_, i) => i);
  const steps = timeS.map((t) => (t < 300 ? 15 : t === 450 ? 30 : 4));
  const dist = timeS.map((_, i) => steps.slice(0, i).reduce((a, b) => a + b, 0));
  const streams: ActivityStreams = { timeS, channels: { distanceM: dist }, developer: [] };
  const sessions = [session(0, 'cycling', 0, 300), session(1, 'running', 300, 300)];

  it("cleans each leg with its own sport's limits", () => {
    const clean = cleanStreamsByLeg(streams, 'multisport', sessions).channels.distanceM!;
    const step = (i: number) => (clean[i] as number) - (clean[i - 1] as number);
    // 15 m/s is a ride, kept; 30 m in one second is no run (the run's 12.5 m/s), though under multisport's 75 m/s.
    expect(step(100)).toBe(15);
    expect(step(451)).toBeLessThanOrEqual(12.5);
    expect(dist[451] - dist[450]).toBe(30);
  });

  it('cleans a single-sport activity whole', () => {
    const clean = cleanStreamsByLeg(streams, 'running', undefined).channels.distanceM!;
    // As a run, the 15 m/s stretch is impossible too.
    expect((clean[100] as number) - (clean[99] as number)).toBeLessThanOrEqual(12.5);
  });
});
