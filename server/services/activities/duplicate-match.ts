import { isShiftedCopy, MIN_OVERLAP, overlapShare, RESAVE_WINDOW_MS, SAME_TRACK_MEDIAN_M, START_TOLERANCE_MS, trackAgreementM, type TimedTrack } from '../../domain/same-workout.js';
import type { Storage } from '../../storage/port.js';
import { richness } from './source-richness.js';

/** Without durations or any other evidence, starts this close (devices, Strava and Garmin agree to a few seconds). */
const BARE_START_MS = 5_000;
/** Sources that carry no device serial and may lack a track: archive and manual entries, Health Auto Export. */
const WEAK_SOURCES = new Set(['strava', 'garmin', 'health-auto-export']);
const WEAK_FORMATS = new Set(['manual', 'hae']);

export interface DuplicateProbe {
  startMs: number;
  /** Elapsed time (or timer time) of the new recording. */
  durationS: number | null;
  serial: string | null;
  /** Lazy: decoding the track is only worth it when a candidate with GPS exists. */
  track: () => TimedTrack | null;
  /** The new recording comes from an archive, a manual entry or a service (no serial, maybe no track). */
  weak: boolean;
  exclude?: string;
}

export interface DuplicateHit {
  id: string;
  name: string;
  richness: number;
  reason: string;
}

/**
 * The stored activity this recording duplicates, if any, on every import path (issue 13 §1): the
 * same athlete, starts within two minutes and ≥ 80 % time overlap, plus the same device serial or
 * GPS tracks that agree at the same instants. When neither can be checked and one side is a weak
 * source (an archive's manual entry, Health Auto Export, a service's file) the time span carries it.
 */
export async function findDuplicate(storage: Storage, userId: string, p: DuplicateProbe): Promise<DuplicateHit | null> {
  if (!Number.isFinite(p.startMs)) return null;
  let mine: TimedTrack | null | undefined;
  const myTrack = () => (mine === undefined ? (mine = p.track()) : mine);
  const items = await storage.activities.startingBetween(userId, p.startMs - START_TOLERANCE_MS, p.startMs + START_TOLERANCE_MS + 1, 20);
  for (const c of items) {
    if (c.id === p.exclude) continue;
    const theirStart = Date.parse(c.startTime);
    const dtS = Math.abs(theirStart - p.startMs) / 1000;
    if (dtS * 1000 > START_TOLERANCE_MS) continue;
    const overlap = overlapShare({ startMs: p.startMs, durationS: p.durationS }, { startMs: theirStart, durationS: c.elapsedTimeS ?? c.timerTimeS });
    if (overlap !== null && overlap < MIN_OVERLAP) continue;
    if (overlap === null && dtS * 1000 > BARE_START_MS) continue;
    const apart = `start ${dtS.toFixed(0)} s apart${overlap !== null ? `, ${Math.round(overlap * 100)} % overlap` : ''}`;
    const theirs = c.device?.serialNumber ?? null;
    let reason: string | null = null;
    if (p.serial && theirs && p.serial === theirs) reason = `same device ${theirs}, ${apart}`;
    else if (c.hasGps && myTrack()) {
      const s = await storage.activities.readStreams(userId, c.id, ['latDeg', 'lonDeg']);
      const d = s ? trackAgreementM(myTrack()!, { startMs: theirStart, timeS: s.timeS, latDeg: s.channels.latDeg ?? [], lonDeg: s.channels.lonDeg ?? [] }) : null;
      if (d !== null && d <= SAME_TRACK_MEDIAN_M) reason = `same GPS track (${Math.round(d)} m apart at the same instants), ${apart}`;
    } else if (!(p.serial && theirs)) {
      // Nothing to compare (a side without serial and a side without track): the same start to
      // within 5 s plus the 80 % overlap carries it, or, for a weak source (archive or manual
      // entry, Health Auto Export), the start tolerance and overlap alone.
      let weak = p.weak || WEAK_FORMATS.has(c.format);
      if (!weak && dtS * 1000 > BARE_START_MS) weak = WEAK_SOURCES.has((await storage.activityMeta.get(userId, c.id))?.source ?? '');
      if (dtS * 1000 <= BARE_START_MS || weak) reason = `same start time (${apart})`;
    }
    if (reason) return { id: c.id, name: c.name, richness: richness(c.format, c.device?.manufacturer ?? null, c.sampleCount), reason };
  }
  return findShiftedCopy(storage, userId, p, myTrack);
}

/** Re-saves with a shifted clock are at most this many per probe: each costs a track read. */
const RESAVE_CANDIDATES = 50;

/**
 * The same recording saved again by another program with its clock shifted (minutes to hours),
 * which the time-overlap rule cannot see: same duration, and the very same fixes at the same
 * relative times (domain/same-workout.ts `isShiftedCopy`).
 */
async function findShiftedCopy(storage: Storage, userId: string, p: DuplicateProbe, myTrack: () => TimedTrack | null): Promise<DuplicateHit | null> {
  if (p.durationS === null || !(p.durationS > 0)) return null;
  const items = await storage.activities.startingBetween(userId, p.startMs - RESAVE_WINDOW_MS, p.startMs + RESAVE_WINDOW_MS + 1, RESAVE_CANDIDATES);
  for (const c of items) {
    if (c.id === p.exclude || !c.hasGps) continue;
    // One device's serial on both sides at different times is two recordings of that device,
    // never a re-save (a program that re-saves drops or replaces the serial; GoldenCheetah writes 0).
    const theirSerial = c.device?.serialNumber ?? null;
    if (p.serial && theirSerial && p.serial === theirSerial) continue;
    const theirStart = Date.parse(c.startTime);
    if (Math.abs(theirStart - p.startMs) <= START_TOLERANCE_MS) continue;
    const theirDuration = c.elapsedTimeS ?? c.timerTimeS;
    if (theirDuration === null || Math.abs(theirDuration - p.durationS) > Math.max(5, 0.01 * p.durationS)) continue;
    const mine = myTrack();
    if (!mine) return null;
    const s = await storage.activities.readStreams(userId, c.id, ['latDeg', 'lonDeg']);
    if (!s) continue;
    const copy = isShiftedCopy(mine, { startMs: theirStart, timeS: s.timeS, latDeg: s.channels.latDeg ?? [], lonDeg: s.channels.lonDeg ?? [] });
    if (copy) {
      const reason = `the same recording saved again with its clock shifted by ${Math.round(Math.abs(copy.shiftS))} s (identical GPS fixes at the same relative times)`;
      return { id: c.id, name: c.name, richness: richness(c.format, c.device?.manufacturer ?? null, c.sampleCount), reason };
    }
  }
  return null;
}
