import type { ParsedActivity } from '../../shared/activity.js';
import { emptySummary } from '../../shared/activity.js';

/**
 * A synthetic ParsedActivity with values known by construction: `n` samples at 1 Hz running
 * north at `speedMps`, HR 140 + i % 20, one lap per `lapS` seconds.
 */
export function makeParsedActivity(opts: { startTime?: string; n?: number; speedMps?: number; sport?: string; lapS?: number; gps?: boolean; developer?: boolean } = {}): ParsedActivity {
  const n = opts.n ?? 3600;
  const speed = opts.speedMps ?? 3;
  const startTime = opts.startTime ?? '2026-05-01T06:00:00.000Z';
  const startMs = Date.parse(startTime);
  const lapS = opts.lapS ?? 600;
  const timeS = Array.from({ length: n }, (_, i) => i);
  const distanceM = timeS.map((t) => t * speed);
  const gps = opts.gps ?? true;
  const channels: ParsedActivity['streams']['channels'] = {
    altitudeM: timeS.map((t) => 100 + Math.round(10 * Math.sin(t / 300) * 10) / 10),
    distanceM,
    speedMps: timeS.map(() => speed),
    hrBpm: timeS.map((t) => (t % 97 === 5 ? null : 140 + (t % 20))),
    cadenceRpm: timeS.map(() => 85),
    powerW: timeS.map((t) => 200 + (t % 50)),
    temperatureC: timeS.map(() => 21),
  };
  if (gps) {
    channels.latDeg = distanceM.map((d) => 46.5 + d / 111_195);
    channels.lonDeg = timeS.map(() => 6.6);
  }
  const summary = {
    ...emptySummary(),
    distanceM: distanceM[n - 1],
    elapsedTimeS: n - 1,
    timerTimeS: n - 1,
    movingTimeS: n - 1,
    avgSpeedMps: speed,
    maxSpeedMps: speed,
    avgHrBpm: 149.5,
    maxHrBpm: 159,
    avgPowerW: 224.5,
    maxPowerW: 249,
    caloriesKcal: 700,
  };
  const laps = [] as ParsedActivity['laps'];
  for (let s = 0, i = 0; s < n; s += lapS, i++) {
    const e = Math.min(n - 1, s + lapS);
    laps.push({ ...emptySummary(), index: i, startTime: new Date(startMs + s * 1000).toISOString(), startOffsetS: s, trigger: 'distance', distanceM: (e - s) * speed, timerTimeS: e - s, elapsedTimeS: e - s });
  }
  return {
    format: 'fit',
    startTime,
    sport: opts.sport ?? 'running',
    subSport: null,
    name: null,
    device: { manufacturer: 'garmin', product: 'fenix6', serialNumber: '3912345678', softwareVersion: '26.1' },
    summary,
    sessions: [{ ...summary, index: 0, sport: opts.sport ?? 'running', subSport: null, startTime, startOffsetS: 0, firstLapIndex: 0, numLaps: laps.length }],
    laps,
    streams: {
      timeS,
      channels,
      developer: opts.developer === false ? [] : [{ key: 'dev0_1', name: 'Form Power', units: 'Watts', appId: 'a42b69a1', values: timeS.map((t) => 60 + (t % 7) * 0.5) }],
    },
    lengths: [],
    warnings: [],
  };
}
