import type { Storage } from '../../storage/port.js';
import { richness } from './archive-meta.js';

/** Starts this close are candidates: devices, Strava and Garmin agree on the start to a few seconds. */
export const START_WINDOW_MS = 5_000;
/** First GPS fixes this close make two candidates the same track. */
const SAME_PLACE_M = 300;

export interface DuplicateProbe {
  startMs: number;
  serial: string | null;
  /** Lazy: decoding the track is only worth it when a candidate with GPS exists. */
  firstPoint: () => { latDeg: number; lonDeg: number } | null;
  elapsedS: number | null;
  /** Cross-source matching applies when either side came from an archive; two loose files of one
   * workout (a FIT and its GPX conversion) stay two activities, as before this feature. */
  fromArchive: boolean;
  exclude?: string;
}

export interface DuplicateHit {
  id: string;
  richness: number;
  reason: string;
}

function metres(a: { latDeg: number; lonDeg: number }, b: { latDeg: number; lonDeg: number }): number {
  const r = Math.PI / 180;
  const x = (b.lonDeg - a.lonDeg) * r * Math.cos(((a.latDeg + b.latDeg) / 2) * r);
  const y = (b.latDeg - a.latDeg) * r;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** The stored activity this one duplicates, if any (FORMATS.md §5/§6: same start + same device or track). */
export async function findDuplicate(storage: Storage, userId: string, p: DuplicateProbe): Promise<DuplicateHit | null> {
  if (!Number.isFinite(p.startMs)) return null;
  let first: { latDeg: number; lonDeg: number } | null | undefined;
  const firstPoint = () => (first === undefined ? (first = p.firstPoint()) : first);
  const items = await storage.activities.startingBetween(userId, p.startMs - START_WINDOW_MS, p.startMs + START_WINDOW_MS + 1, 20);
  for (const c of items) {
    if (c.id === p.exclude) continue;
    const meta = await storage.activityMeta.get(userId, c.id);
    const archived = meta?.source === 'strava' || meta?.source === 'garmin';
    if (!p.fromArchive && !archived) continue;
    const dt = Math.abs(Date.parse(c.startTime) - p.startMs) / 1000;
    const theirs = c.device?.serialNumber ?? null;
    let reason: string | null = null;
    if (p.serial && theirs) reason = p.serial === theirs ? `same device ${theirs}, start ${dt.toFixed(0)} s apart` : null;
    else if (c.hasGps && firstPoint()) {
      const s = await storage.activities.readStreams(userId, c.id, ['latDeg', 'lonDeg']);
      const lat = s?.channels.latDeg ?? [];
      const lon = s?.channels.lonDeg ?? [];
      const i = lat.findIndex((v, k) => v !== null && lon[k] !== null);
      if (i >= 0 && metres(firstPoint()!, { latDeg: lat[i]!, lonDeg: lon[i]! }) <= SAME_PLACE_M) reason = `same start time (${dt.toFixed(0)} s apart) and track`;
    } else {
      // One side has no track (a manual entry, an indoor file): the start time must carry it, so
      // require durations that agree when both are known.
      const a = p.elapsedS;
      const b = c.elapsedTimeS ?? c.timerTimeS;
      if (a === null || b === null || Math.abs(a - b) <= Math.max(60, 0.2 * Math.max(a, b))) reason = `same start time (${dt.toFixed(0)} s apart)`;
    }
    if (reason) return { id: c.id, richness: richness(c.format, c.device?.manufacturer ?? null, c.sampleCount), reason };
  }
  return null;
}
