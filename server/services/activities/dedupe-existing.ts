import { START_TOLERANCE_MS } from '../../domain/same-workout.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityStore } from './activity-store.js';
import { findDuplicate } from './duplicate-match.js';
import { richness } from './source-richness.js';

export const DEDUPE_TASK = 'dedupe-all-paths-v1';
/** Activities read per step (oldest first, by start time). */
const PAGE = 200;
/** The start time advances every step; this bounds the walk for any history (10 years ≈ 5,000 activities). */
const MAX_STEPS = 100_000;

/**
 * The one-time pass that brings data imported before duplicate detection covered every path up to
 * the rule new imports follow (issue 13 §1): each activity that another one duplicates is absorbed
 * by the richer of the two, its sources and metadata kept. Runs once per database
 * (maintenance_tasks); an interrupted pass simply runs again, as merging is idempotent.
 */
export async function dedupeExisting(storage: Storage, store: ActivityStore, log: (line: string) => void = () => {}): Promise<number> {
  if (await storage.users.taskDone(DEDUPE_TASK)) return 0;
  let merged = 0;
  for (const userId of await storage.users.ids()) {
    const gone = new Set<string>();
    let fromMs = -8.64e15;
    for (let step = 0; step < MAX_STEPS; step++) {
      const page = await storage.activities.startingBetween(userId, fromMs, 8.64e15, PAGE);
      if (!page.length) break;
      for (let i = 0; i < page.length; i++) {
        const a = page[i];
        if (gone.has(a.id)) continue;
        const startMs = Date.parse(a.startTime);
        // Only an activity with a neighbour close in time can have a duplicate: read nothing else.
        const next = page[i + 1];
        const prev = page[i - 1];
        const lonely = (!next || Date.parse(next.startTime) - startMs > START_TOLERANCE_MS) && (!prev || startMs - Date.parse(prev.startTime) > START_TOLERANCE_MS);
        if (lonely && i > 0 && i < page.length - 1) continue;
        const s = a.hasGps ? await storage.activities.readStreams(userId, a.id, ['latDeg', 'lonDeg']) : null;
        const dup = await findDuplicate(storage, userId, {
          startMs,
          durationS: a.elapsedTimeS ?? a.timerTimeS,
          serial: a.device?.serialNumber ?? null,
          track: () => (s ? { startMs, timeS: s.timeS, latDeg: s.channels.latDeg ?? [], lonDeg: s.channels.lonDeg ?? [] } : null),
          weak: a.format === 'manual' || (a.format as string) === 'hae',
          exclude: a.id,
        });
        if (!dup || gone.has(dup.id)) continue;
        const mine = richness(a.format, a.device?.manufacturer ?? null, a.sampleCount);
        const [keep, drop] = dup.richness > mine ? [dup.id, a.id] : [a.id, dup.id];
        await store.absorb(userId, keep, drop);
        gone.add(drop);
        merged++;
        log(`[dedupe] merged ${drop} into ${keep} (${dup.reason})`);
      }
      const last = Date.parse(page[page.length - 1].startTime);
      if (page.length < PAGE) break;
      // Next page starts at the last start seen (activities sharing it are seen twice, harmlessly).
      fromMs = last > fromMs ? last : fromMs + 1;
    }
  }
  await storage.users.markTaskDone(DEDUPE_TASK);
  return merged;
}
