import { normalizeSport } from '../xml/sport-names.js';
import { garminSport } from './garmin-sports.js';

/** One activity of `*_summarizedActivities.json`, converted to SI units (FORMATS.md §6). */
export interface GarminSummary {
  activityId: string;
  name: string | null;
  activityType: string | null;
  sport: string;
  subSport: string | null;
  /** UTC epoch ms (startTimeGmt, else beginTimestamp). */
  startTimeMs: number;
  /** startTimeLocal − startTimeGmt: the local wall clock is encoded as if it were UTC. */
  utcOffsetS: number | null;
  durationS: number | null;
  elapsedTimeS: number | null;
  movingTimeS: number | null;
  distanceM: number | null;
  ascentM: number | null;
  descentM: number | null;
  minElevationM: number | null;
  maxElevationM: number | null;
  avgSpeedMps: number | null;
  avgHrBpm: number | null;
  maxHrBpm: number | null;
  caloriesKcal: number | null;
  deviceId: string | null;
}

/** Numbers arrive as numbers, as "1.772721103E12" strings, or not at all. */
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim()) {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
const scaled = (v: unknown, k: number) => {
  const n = num(v);
  return n === null ? null : n * k;
};

function activitiesOf(root: unknown): unknown[] {
  // Root is `[{"summarizedActivitiesExport":[…]}]`; accept the bare object or a bare list too.
  const list = Array.isArray(root) ? root : [root];
  const out: unknown[] = [];
  for (const item of list) {
    const inner = item && typeof item === 'object' ? (item as Record<string, unknown>).summarizedActivitiesExport : undefined;
    if (Array.isArray(inner)) out.push(...inner);
    else if (item && typeof item === 'object' && 'activityId' in item) out.push(item);
  }
  return out;
}

/**
 * Parses summarizedActivities.json. Units (FORMATS.md §6): times are epoch ms (often scientific
 * notation), durations ms, distance and min/max elevation cm, elevation gain/loss cm (public
 * parsers agree on cm for both), speeds m/s. Pure; bad entries are skipped with a warning.
 */
export function parseSummarizedActivities(input: Uint8Array | string): { ok: true; activities: GarminSummary[]; warnings: string[] } | { ok: false; error: string } {
  let root: unknown;
  try {
    root = JSON.parse(typeof input === 'string' ? input : new TextDecoder().decode(input));
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const warnings: string[] = [];
  const activities: GarminSummary[] = [];
  for (const raw of activitiesOf(root)) {
    const a = raw as Record<string, unknown>;
    const gmt = num(a.startTimeGmt) ?? num(a.beginTimestamp);
    const id = a.activityId === undefined || a.activityId === null ? null : String(a.activityId);
    if (gmt === null || !id) {
      warnings.push(`activity ${id ?? '(no id)'} has no start time; skipped`);
      continue;
    }
    const local = num(a.startTimeLocal);
    const type = typeof a.activityType === 'string' ? a.activityType : null;
    const sport = garminSport(type) ?? normalizeSport(type);
    activities.push({
      activityId: id,
      name: typeof a.name === 'string' && a.name.trim() ? a.name.trim() : null,
      activityType: type,
      sport: sport.sport,
      subSport: sport.subSport,
      startTimeMs: Math.round(gmt),
      utcOffsetS: local === null ? null : Math.round((local - gmt) / 1000),
      durationS: scaled(a.duration, 1e-3),
      elapsedTimeS: scaled(a.elapsedDuration, 1e-3),
      movingTimeS: scaled(a.movingDuration, 1e-3),
      distanceM: scaled(a.distance, 1e-2),
      ascentM: scaled(a.elevationGain, 1e-2),
      descentM: scaled(a.elevationLoss, 1e-2),
      minElevationM: scaled(a.minElevation, 1e-2),
      maxElevationM: scaled(a.maxElevation, 1e-2),
      avgSpeedMps: num(a.avgSpeed),
      avgHrBpm: num(a.avgHr),
      maxHrBpm: num(a.maxHr),
      caloriesKcal: num(a.calories),
      deviceId: a.deviceId === undefined || a.deviceId === null ? null : String(a.deviceId),
    });
  }
  return { ok: true, activities, warnings };
}
