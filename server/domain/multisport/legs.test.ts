import { describe, expect, it } from 'vitest';
import type { ActivityStreams, Session } from '../../../shared/activity.js';
import { emptySummary } from '../../../shared/activity.js';
import { computeActivityMetrics } from '../analysis/activity-metrics.js';
import { isMultisport, legsOf, sliceStreams } from './legs.js';

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

/** 1 Hz: 600 s of cycling at 10 m/s, 60 s transition at 1 m/s, 1200 s of running at 4 m/s. */
function brick(): { streams: ActivityStreams; sessions: Session[] } {
  const timeS: number[] = [];
  const dist: number[] = [];
  let d = 0;
  for (let t = 0; t <= 1860; t++) {
    timeS.push(t);
    dist.push(d);
    d += t < 600 ? 10 : t < 660 ? 1 : 4;
  }
  return {
    streams: { timeS, channels: { distanceM: dist }, developer: [] },
    sessions: [session(0, 'cycling', 0, 600), session(1, 'transition', 600, 60), session(2, 'running', 660, 1200)],
  };
}

describe('multisport legs', () => {
  it('are the sessions of an event with more than one sport, each ending where the next begins', () => {
    const { sessions } = brick();
    expect(isMultisport(sessions)).toBe(true);
    expect(isMultisport([sessions[0]])).toBe(false);
    expect(legsOf(sessions, 1860).map((l) => [l.sport, l.startOffsetS, l.endOffsetS, l.transition])).toEqual([
      ['cycling', 0, 600, false],
      ['transition', 600, 660, true],
      ['running', 660, 1860, false],
    ]);
  });

  it('slice streams by time without shifting it', () => {
    const s = sliceStreams(brick().streams, 600, 660);
    expect(s.timeS[0]).toBe(600);
    expect(s.timeS[s.timeS.length - 1]).toBe(659);
    expect(s.channels.distanceM![0]).toBe(6000);
  });

  it('give each leg its own best efforts under its own sport, and none to the event or the transition', () => {
    const { streams, sessions } = brick();
    const m = computeActivityMetrics(streams, { sport: 'multisport', day: '2024-06-01', thresholds: [], sessions });
    expect(m.bestEfforts).toEqual([]);
    expect(m.curves).toEqual({ power: null, hr: null, pace: null });
    const [ride, t1, run] = m.legs!;
    expect(ride.bestEfforts.map((e) => e.distanceM)).toEqual([5000]);
    expect(ride.bestEfforts[0].timeS).toBeCloseTo(500, 6);
    expect(t1.bestEfforts).toEqual([]);
    // 1 km at 4 m/s = 250 s, found in the run, at activity offsets (≥ 660 s).
    const km = run.bestEfforts.find((e) => e.distanceM === 1000)!;
    expect(km.timeS).toBeCloseTo(250, 6);
    expect(km.startOffsetS).toBeGreaterThanOrEqual(660);
    // No running effort is faster than running pace: the ride's 10 m/s never leaks in.
    expect(run.curves.pace!.values[0]).toBeCloseTo(4, 6);
    const sports = new Set(m.efforts.map((e) => e.sport));
    expect(sports).toEqual(new Set(['cycling', 'running']));
    expect(m.efforts.some((e) => e.sport === 'cycling' && e.kind === 'distance' && e.key === 5000)).toBe(true);
  });

  it('offer one record candidate per sport, kind and key when two legs share a sport (run–bike–run)', () => {
    const timeS: number[] = [];
    const dist: number[] = [];
    let d = 0;
    for (let t = 0; t <= 2400; t++) {
      timeS.push(t);
      dist.push(d);
      d += t < 600 ? 3 : t < 1800 ? 9 : 4; // run 3 m/s, ride, run 4 m/s
    }
    const sessions = [session(0, 'running', 0, 600), session(1, 'cycling', 600, 1200), session(2, 'running', 1800, 600)];
    const m = computeActivityMetrics({ timeS, channels: { distanceM: dist }, developer: [] }, { sport: 'multisport', day: '2024-06-01', thresholds: [], sessions });
    const keys = m.efforts.map((e) => `${e.sport}|${e.kind}|${e.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The faster second run holds the 1 km: 250 s, not the first run's 333 s.
    expect(m.efforts.find((e) => e.sport === 'running' && e.kind === 'distance' && e.key === 1000)!.value).toBeCloseTo(250, 6);
  });
});
