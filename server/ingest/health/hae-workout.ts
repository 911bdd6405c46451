/**
 * Health Auto Export workouts → ParsedActivity (shared/activity.ts), so the existing activity
 * storage takes them. Both documented formats (FORMATS.md §7):
 * - version 2: `heartRateData[{date, Min, Avg, Max}]`, `route[{latitude, longitude, altitude, speed, timestamp}]`,
 *   `distance{qty,units}`, `activeEnergyBurned{qty,units}`, `id` (UUID);
 * - version 1: `heartRateData[{date, qty}]`, `route[{lat, lon, altitude, timestamp}]`, `avgHeartRate`,
 *   `maxHeartRate`, `activeEnergy{qty,units}`, `elevation{ascent, descent, units}`.
 * V2 is recognised by `heartRateData[*].Avg` or `route[*].latitude`. Pure.
 */
import type { ParsedActivity, SummaryFields } from '../../../shared/activity.js';
import { emptySummary } from '../../../shared/activity.js';
import { assembleActivity } from '../xml/assemble-activity.js';
import { normalizeSport, type SportName } from '../xml/sport-names.js';
import { StreamBuilder } from '../xml/stream-builder.js';
import { parseHaeDate } from './hae-date.js';
import { convertUnit } from './hae-units.js';
import { finite } from './wellness-batch.js';

export interface HaeWorkout {
  /** Stable identity across re-sends: the v2 UUID, else start time + name. */
  key: string;
  version: 1 | 2;
  activity: ParsedActivity;
  /** The workout object as sent: kept as the activity's original. */
  raw: Record<string, unknown>;
}

const SPORTS: [RegExp, SportName][] = [
  [/indoor run|treadmill/i, { sport: 'running', subSport: 'treadmill' }],
  [/trail run/i, { sport: 'running', subSport: 'trail' }],
  [/run/i, { sport: 'running', subSport: null }],
  [/indoor (cycl|bik)/i, { sport: 'cycling', subSport: 'indoor_cycling' }],
  [/cycl|bik/i, { sport: 'cycling', subSport: null }],
  [/hik/i, { sport: 'hiking', subSport: null }],
  [/walk/i, { sport: 'walking', subSport: null }],
  [/pool swim/i, { sport: 'swimming', subSport: 'lap_swimming' }],
  [/open water/i, { sport: 'swimming', subSport: 'open_water' }],
  [/swim/i, { sport: 'swimming', subSport: null }],
  [/row/i, { sport: 'rowing', subSport: null }],
  [/strength/i, { sport: 'training', subSport: 'strength_training' }],
  [/yoga/i, { sport: 'training', subSport: 'yoga' }],
  [/elliptical/i, { sport: 'fitness_equipment', subSport: 'elliptical' }],
];

function sportOf(name: string): SportName {
  for (const [re, s] of SPORTS) if (re.test(name)) return s;
  return normalizeSport(name);
}

type Qty = { qty?: unknown; units?: unknown } | undefined;
function qty(q: Qty, to: string): number | null {
  if (!q || typeof q !== 'object') return null;
  const v = finite(q.qty);
  if (v === null) return null;
  return typeof q.units === 'string' && q.units ? convertUnit(v, q.units, to) : v;
}

export function isV2(w: Record<string, unknown>): boolean {
  const hr = Array.isArray(w.heartRateData) ? (w.heartRateData as Record<string, unknown>[]) : [];
  const route = Array.isArray(w.route) ? (w.route as Record<string, unknown>[]) : [];
  return hr.some((p) => p && 'Avg' in p) || route.some((p) => p && 'latitude' in p) || 'activeEnergyBurned' in w;
}

/** One workout, or an error message. */
export function parseHaeWorkout(raw: unknown): HaeWorkout | { error: string } {
  if (!raw || typeof raw !== 'object') return { error: 'a workout must be an object' };
  const w = raw as Record<string, unknown>;
  const name = typeof w.name === 'string' ? w.name : 'Workout';
  const start = parseHaeDate(w.start);
  const end = parseHaeDate(w.end);
  if (!start) return { error: `workout "${name}": no readable start date` };
  const v2 = isV2(w);
  const warnings: string[] = [];

  // HR samples on their own axis, matched to route points by time below.
  const hr: { t: number; v: number }[] = [];
  for (const p of Array.isArray(w.heartRateData) ? (w.heartRateData as Record<string, unknown>[]) : []) {
    const t = parseHaeDate(p?.date);
    const v = finite(p?.Avg ?? p?.qty);
    if (t && v !== null) hr.push({ t: t.ms, v });
  }
  hr.sort((a, b) => a.t - b.t);
  const b = new StreamBuilder();
  const route = (Array.isArray(w.route) ? (w.route as Record<string, unknown>[]) : [])
    .map((p) => ({ t: parseHaeDate(p?.timestamp), lat: finite(p?.latitude ?? p?.lat), lon: finite(p?.longitude ?? p?.lon), alt: finite(p?.altitude), speed: finite(p?.speed) }))
    .filter((p) => p.t && p.lat !== null && p.lon !== null)
    .sort((a, c) => a.t!.ms - c.t!.ms);
  let j = 0;
  const hrAt = (t: number): number | null => {
    while (j + 1 < hr.length && Math.abs(hr[j + 1].t - t) <= Math.abs(hr[j].t - t)) j++;
    return hr.length && Math.abs(hr[j].t - t) <= 30_000 ? hr[j].v : null;
  };
  if (route.length) {
    for (const p of route) b.push(p.t!.ms, { latDeg: p.lat, lonDeg: p.lon, altitudeM: p.alt, speedMps: p.speed !== null && p.speed >= 0 ? p.speed : null, hrBpm: hrAt(p.t!.ms) });
  } else {
    for (const h of hr) b.push(h.t, { hrBpm: h.v });
  }
  warnings.push(...b.orderWarnings());
  const startMs = Math.min(start.ms, b.firstTimeMs ?? start.ms);
  const streams = b.build(startMs);

  const device: SummaryFields = emptySummary();
  const durationS = finite(w.duration);
  device.elapsedTimeS = durationS ?? (end ? (end.ms - start.ms) / 1000 : null);
  device.timerTimeS = device.elapsedTimeS;
  device.distanceM = qty(w.distance as Qty, 'm');
  device.caloriesKcal = qty((v2 ? w.activeEnergyBurned : w.activeEnergy) as Qty, 'kcal') ?? qty(w.totalEnergy as Qty, 'kcal');
  if (!v2) {
    device.avgHrBpm = qty(w.avgHeartRate as Qty, 'bpm');
    device.maxHrBpm = qty(w.maxHeartRate as Qty, 'bpm');
    const el = w.elevation as { ascent?: unknown; descent?: unknown; units?: unknown } | undefined;
    if (el && typeof el === 'object') {
      device.ascentM = qty({ qty: el.ascent, units: el.units }, 'm');
      device.descentM = qty({ qty: el.descent, units: el.units }, 'm');
    }
  } else {
    device.avgHrBpm = qty(w.heartRate && typeof w.heartRate === 'object' ? (w.heartRate as Record<string, Qty>).avg : undefined, 'bpm');
    device.maxHrBpm = qty(w.heartRate && typeof w.heartRate === 'object' ? (w.heartRate as Record<string, Qty>).max : undefined, 'bpm');
    device.ascentM = qty(w.elevationUp as Qty, 'm');
  }
  const a = assembleActivity({
    format: 'gpx',
    startMs,
    sport: sportOf(name),
    name,
    device: { manufacturer: 'apple', product: null, serialNumber: null, softwareVersion: null },
    streams,
    laps: [],
    deviceSummary: device,
    warnings,
  });
  // The stored format names the origin; the activity row's format column is free text.
  // The phone writes local time with its offset ("2025-05-01 10:00:00 +0200"): the device's own offset.
  const activity = { ...a, format: 'hae' as unknown as ParsedActivity['format'], deviceUtcOffsetS: start.offsetMin * 60 };
  const key = typeof w.id === 'string' && w.id ? `id:${w.id}` : `start:${start.ms}:${name}`;
  return { key, version: v2 ? 2 : 1, activity, raw: w };
}
