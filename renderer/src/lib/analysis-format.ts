/**
 * Labels and value formatting for the analysis views (best efforts, curves, records, load).
 * Best-effort distances keep their race names in both unit systems: a 5 km PR is a 5 km PR for an
 * imperial user too, and "3.11 mi" would hide which record it is. Values go through units.ts.
 */
import { formatDuration, formatMinSec, NO_VALUE, paceIn, paceUnit, speedIn, speedUnit, swimPaceIn, swimPaceUnit, type UnitSystem } from '../units';
import { sportInfo } from './sports';

const MI = 1609.344;

const NAMED: { m: number; label: string }[] = [
  { m: MI / 2, label: '½ mile' },
  { m: MI, label: '1 mile' },
  { m: 2 * MI, label: '2 miles' },
  { m: 10 * MI, label: '10 miles' },
  { m: 21097.5, label: 'Half marathon' },
  { m: 42195, label: 'Marathon' },
];

/** 400 → "400 m", 5000 → "5 km", 1609.344 → "1 mile", 21097.5 → "Half marathon". */
export function effortLabel(distanceM: number): string {
  const named = NAMED.find((n) => Math.abs(n.m - distanceM) < 1);
  if (named) return named.label;
  if (distanceM < 1000) return `${Math.round(distanceM)} m`;
  const km = distanceM / 1000;
  return `${Number.isInteger(km) ? km : km.toFixed(1)} km`;
}

/** Curve durations: 1 → "1 s", 300 → "5 min", 5400 → "1 h 30 min". */
export function durationLabel(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t} s`;
  if (t < 3600) {
    const m = Math.floor(t / 60);
    const sec = t % 60;
    return sec ? `${m} min ${sec} s` : `${m} min`;
  }
  const h = Math.floor(t / 3600);
  const m = Math.round((t % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Compact axis tick for a log time axis: 1s, 30s, 5m, 1h. */
export function durationTick(s: number): string {
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  const h = s / 3600;
  return `${Number.isInteger(h) ? h : h.toFixed(1)}h`;
}

/** The rate a sport is read in, as a number on a chart axis (pace in s per km/mi, speed in km/h or mph). */
export function rateValue(sport: string, mps: number, units: UnitSystem): number | null {
  const { rate } = sportInfo(sport);
  if (rate === 'pace') return paceIn(mps, units);
  if (rate === 'swim-pace') return swimPaceIn(mps, units);
  return speedIn(mps, units);
}

export function rateUnit(sport: string, units: UnitSystem): string {
  const { rate } = sportInfo(sport);
  if (rate === 'pace') return paceUnit(units);
  if (rate === 'swim-pace') return swimPaceUnit(units);
  return speedUnit(units);
}

/** Formats a value produced by rateValue. */
export function formatRateValue(sport: string, v: number | null, units: UnitSystem): string {
  if (v === null || !Number.isFinite(v)) return NO_VALUE;
  return sportInfo(sport).rate === 'speed' ? `${v.toFixed(1)} ${speedUnit(units)}` : `${formatMinSec(v)} ${rateUnit(sport, units)}`;
}

export function formatWatts(w: number | null | undefined): string {
  return typeof w === 'number' && Number.isFinite(w) ? `${Math.round(w)} W` : NO_VALUE;
}

export function formatBpm(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${Math.round(v)} bpm` : NO_VALUE;
}

/** TSS, CTL and friends: whole numbers, with a sign where the number is a balance (TSB, ramp). */
export function formatLoad(v: number | null | undefined, signed = false): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return NO_VALUE;
  const r = Math.round(v);
  return signed && r > 0 ? `+${r}` : String(r === 0 ? 0 : r);
}

/** A best effort's time plus the pace it implies: "19:42 (3:56 /km)". */
export function formatEffort(distanceM: number, timeS: number, sport: string, units: UnitSystem): string {
  const v = timeS > 0 ? rateValue(sport, distanceM / timeS, units) : null;
  return v === null ? formatDuration(timeS) : `${formatDuration(timeS)} (${formatRateValue(sport, v, units)})`;
}
