/**
 * The cleaned view of an activity's streams that every analysis reads (issue 13 §3): curves,
 * best efforts, zones, load, records and the route track. The stored raw samples are never
 * changed; this runs on every computation (import in the parser worker, recompute from the
 * database), so a better filter reaches existing data through ANALYSIS_VERSION. Pure: no I/O.
 *
 * Order matters: positions and speed first (they do not depend on anything), then distance
 * (its jumps are replaced by the cleaned speed), then altitude (its grade rule reads the cleaned
 * distance), then the speed samples that were dropped are
 * refilled from the cleaned distance ("speed from distance where the speed channel is
 * garbage"); a speed channel that lost more than a fifth of its samples is replaced by it whole.
 * docs/analysis.md "Cleaned streams" lists the limits and their sources.
 */
import type { ActivityStreams } from '../../../shared/activity.js';
import { clampRange, cleanAltitude, cleanPositions, cleanSpeed, speedFromDistance } from './clean-channels.js';
import { cleanDistance, distanceFromPositions } from './clean-distance.js';
import { limitsFor } from './sport-limits.js';

export interface CleaningReport {
  positions: number;
  altitude: number;
  speed: number;
  /** Distance steps spread over a frozen stretch + steps replaced as jumps. */
  distanceSteps: number;
  hr: number;
  power: number;
  cadence: number;
}

/** A speed channel losing more than this share of its samples is treated as garbage. */
const GARBAGE_SPEED_SHARE = 0.2;

export function cleanStreams(streams: ActivityStreams, sport: string): { streams: ActivityStreams; report: CleaningReport } {
  const L = limitsFor(sport);
  const t = streams.timeS;
  const ch = { ...streams.channels };
  const report: CleaningReport = { positions: 0, altitude: 0, speed: 0, distanceSteps: 0, hr: 0, power: 0, cadence: 0 };

  if (ch.latDeg && ch.lonDeg) {
    const p = cleanPositions(t, ch.latDeg, ch.lonDeg, L.maxSpeedMps);
    report.positions = p.dropped;
    if (p.dropped) (ch.latDeg = p.lat), (ch.lonDeg = p.lon);
  }
  let speed = ch.speedMps;
  if (speed) {
    const s = cleanSpeed(t, speed, L.maxSpeedMps, L.maxAccelMps2);
    report.speed = s.dropped;
    speed = s.values;
  }
  const rawDistance = ch.distanceM ?? (ch.latDeg && ch.lonDeg ? distanceFromPositions(ch.latDeg, ch.lonDeg) : undefined);
  if (rawDistance) {
    const d = cleanDistance(t, rawDistance, speed, L.maxSpeedMps);
    report.distanceSteps = d.spread + d.replaced;
    if (d.spread + d.replaced || !ch.distanceM) ch.distanceM = d.distanceM;
  }
  // Altitude after distance: its grade rule measures the ground covered on the cleaned distance.
  if (ch.altitudeM) {
    const a = cleanAltitude(t, ch.altitudeM, L, ch.distanceM);
    report.altitude = a.dropped;
    if (a.dropped) ch.altitudeM = a.values;
  }
  if (speed && report.speed && ch.speedMps) {
    const fromDist = ch.distanceM ? speedFromDistance(t, ch.distanceM) : null;
    const present = ch.speedMps.filter((v) => v != null).length;
    const garbage = present > 0 && report.speed / present > GARBAGE_SPEED_SHARE;
    const raw = ch.speedMps;
    const cleaned = speed;
    ch.speedMps = fromDist
      ? garbage
        ? fromDist.map((v) => (v != null && v <= L.maxSpeedMps ? v : null))
        : cleaned.map((v, i) => (v == null && raw[i] != null ? fromDist[i] : v))
      : cleaned;
  }
  if (ch.hrBpm) {
    const h = clampRange(ch.hrBpm, L.minHrBpm, L.maxHrBpm);
    report.hr = h.dropped;
    if (h.dropped) ch.hrBpm = h.values;
  }
  if (ch.powerW) {
    const p = clampRange(ch.powerW, 0, L.maxPowerW);
    report.power = p.dropped;
    if (p.dropped) ch.powerW = p.values;
  }
  if (ch.cadenceRpm) {
    const c = clampRange(ch.cadenceRpm, 0, L.maxCadenceRpm);
    report.cadence = c.dropped;
    if (c.dropped) ch.cadenceRpm = c.values;
  }
  return { streams: { ...streams, channels: ch }, report };
}
