import { describe, expect, it } from 'vitest';
import type { ActivityStreams, SummaryFields } from '../../shared/activity.js';
import { emptySummary } from '../../shared/activity.js';
import { EARTH_MEAN_RADIUS_M } from './geo.js';
import { computeSummary, mergeSummary, stopSpeedFor, summarizeRange } from './summary.js';

const DEG_M = (2 * Math.PI * EARTH_MEAN_RADIUS_M) / 360;

function streams(timeS: number[], channels: ActivityStreams['channels']): ActivityStreams {
  return { timeS, channels, developer: [] };
}

/** 1 Hz at 3 m/s for `n` seconds, with a distance channel. */
function steadyRun(n: number): ActivityStreams {
  const t = Array.from({ length: n + 1 }, (_, i) => i);
  return streams(t, { distanceM: t.map((s) => 3 * s), speedMps: t.map(() => 3), hrBpm: t.map(() => 150) });
}

describe('computeSummary', () => {
  it('reads distance, times and speeds of a steady run', () => {
    const s = computeSummary(steadyRun(600), { sport: 'running' });
    expect(s.distanceM).toBe(1800);
    expect(s.elapsedTimeS).toBe(600);
    expect(s.timerTimeS).toBe(600);
    expect(s.movingTimeS).toBe(600);
    expect(s.avgSpeedMps).toBe(3);
    expect(s.maxSpeedMps).toBe(3);
    expect(s.avgHrBpm).toBe(150);
    expect(s.maxHrBpm).toBe(150);
    expect(s.caloriesKcal).toBeNull();
    expect(s.ascentM).toBeNull();
    expect(s.avgPowerW).toBeNull();
  });

  it('subtracts a recording gap from timer and moving time', () => {
    // 0..300 s, then a 120 s auto-pause gap, then 420..720 s.
    const t = [...Array.from({ length: 301 }, (_, i) => i), ...Array.from({ length: 301 }, (_, i) => 420 + i)];
    const dist = t.map((x, i) => 3 * (i <= 300 ? x : x - 120));
    const s = computeSummary(streams(t, { distanceM: dist }), { sport: 'running' });
    expect(s.elapsedTimeS).toBe(720);
    expect(s.timerTimeS).toBe(600);
    expect(s.movingTimeS).toBe(600);
    expect(s.distanceM).toBe(1800);
  });

  it('counts a standstill below the sport stop speed as not moving', () => {
    const t = Array.from({ length: 301 }, (_, i) => i);
    const speed = t.map((x) => (x > 100 && x <= 160 ? 0.3 : 2)); // 60 s at 0.3 m/s
    const run = computeSummary(streams(t, { speedMps: speed }), { sport: 'running' });
    expect(run.movingTimeS).toBe(240);
    expect(run.maxSpeedMps).toBe(2);
    // The same 0.3 m/s is swimming pace in the pool (stop speed 0.2).
    expect(computeSummary(streams(t, { speedMps: speed }), { sport: 'swimming' }).movingTimeS).toBe(300);
    expect(stopSpeedFor('cycling')).toBe(1);
    expect(stopSpeedFor('kitesurfing')).toBe(0.5);
  });

  it('falls back to haversine over positions, skipping missing fixes', () => {
    const t = [0, 10, 20, 30];
    const lat = [45, 45.001, null, 45.002];
    const lon = [7, 7, null, 7];
    const s = computeSummary(streams(t, { latDeg: lat, lonDeg: lon }), { sport: 'walking' });
    expect(s.distanceM).toBeCloseTo(0.002 * DEG_M, 6);
    expect(s.movingTimeS).toBe(30);
  });

  it('weights averages by time on irregular samples; power keeps zeros, cadence drops them', () => {
    const t = [0, 1, 2, 3, 9];
    const s = computeSummary(
      streams(t, {
        hrBpm: [100, 100, 100, 200, 100],
        powerW: [200, 0, 200, 0, null],
        cadenceRpm: [90, 0, 90, 0, 90],
      }),
    );
    // weights 1,1,1,6 and one typical step (1) for the last sample
    expect(s.avgHrBpm).toBe(160);
    expect(s.maxHrBpm).toBe(200);
    expect(s.avgPowerW).toBeCloseTo((200 + 200) / 9, 9);
    expect(s.maxPowerW).toBe(200);
    expect(s.avgCadenceRpm).toBe(90);
    expect(s.movingTimeS).toBeNull(); // no speed information at all
  });

  it('computes ascent and descent from altitude', () => {
    const t = Array.from({ length: 201 }, (_, i) => i);
    const alt = t.map((i) => (i <= 100 ? i : 200 - i));
    const s = computeSummary(streams(t, { altitudeM: alt }));
    // elevation.ts, barometric (a clean ramp): the ±15 s time window rounds this sharp 1 m/s summit
    // down by 7.5 m and, clipped at the recording's ends, lifts the first and last values by 7.5 m.
    expect(s.ascentM).toBeCloseTo(85, 6);
    expect(s.descentM).toBeCloseTo(85, 6);
  });
});

describe('summarizeRange', () => {
  it('summarises a lap', () => {
    const s = summarizeRange(steadyRun(600), 100, 201);
    expect(s.distanceM).toBe(300);
    expect(s.elapsedTimeS).toBe(100);
  });
  it('returns an empty summary for an empty range and clamps bounds', () => {
    expect(summarizeRange(steadyRun(10), 5, 5)).toEqual(emptySummary());
    expect(summarizeRange(steadyRun(10), -3, 99).elapsedTimeS).toBe(10);
  });
});

describe('mergeSummary', () => {
  it('lets device values win and re-derives avg speed from the merged figures', () => {
    const device: SummaryFields = { ...emptySummary(), distanceM: 2000, timerTimeS: 700, caloriesKcal: 120 };
    const computed: SummaryFields = { ...emptySummary(), distanceM: 1980, timerTimeS: 690, movingTimeS: 500, avgSpeedMps: 3.96 };
    const m = mergeSummary(device, computed);
    expect(m.distanceM).toBe(2000);
    expect(m.timerTimeS).toBe(700);
    expect(m.caloriesKcal).toBe(120);
    expect(m.movingTimeS).toBe(500);
    expect(m.avgSpeedMps).toBe(4);
  });
});
