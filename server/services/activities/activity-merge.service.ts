import type { Storage } from '../../storage/port.js';
import type { OriginalStore } from '../original-store.js';
import type { ParsePool } from '../parse-pool.js';
import type { ActivityStore } from './activity-store.js';
import { richness } from './source-richness.js';

function fail(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/**
 * Undo for duplicate detection (issue 13 §1): merge two activities the rule kept apart, or split a
 * source that was merged by mistake back out into an activity of its own. Automatic matching only
 * runs when a recording arrives (and once over data imported before it existed), so a user's split
 * or merge is never redone behind their back.
 */
export class ActivityMergeService {
  constructor(private deps: { storage: Storage; originals: OriginalStore; pool: ParsePool; store: ActivityStore }) {}

  /** The richer of the two stays; the other's sources, metadata and gear move to it. */
  async merge(userId: string, id: string, otherId: string): Promise<{ activityId: string; removedId: string }> {
    if (id === otherId) throw fail(400, 'bad_request', 'an activity cannot be merged with itself');
    const { storage } = this.deps;
    const [a, b] = await Promise.all([storage.activities.get(userId, id), storage.activities.get(userId, otherId)]);
    if (!a || !b) throw fail(404, 'not_found', 'activity not found');
    const score = (x: typeof a) => richness(x.format, x.device?.manufacturer ?? null, x.sampleCount);
    const [keep, drop] = score(b) > score(a) ? [b, a] : [a, b];
    await this.deps.store.absorb(userId, keep.id, drop.id);
    return { activityId: keep.id, removedId: drop.id };
  }

  /** Re-creates the activity a merged source file holds and moves that source to it. */
  async split(userId: string, id: string, source: { source: string; externalId: string }): Promise<{ activityId: string }> {
    const { storage, originals, pool, store } = this.deps;
    const [activity, meta] = await Promise.all([storage.activities.get(userId, id), storage.activityMeta.get(userId, id)]);
    if (!activity || !meta) throw fail(404, 'not_found', 'activity not found');
    const row = await storage.activityMeta.sourceOf(userId, id, source.source, source.externalId);
    if (!row) throw fail(404, 'not_found', 'this activity has no such source');
    if (!row.sha256) throw fail(409, 'no_file', 'this source brought metadata only (no file); there is nothing to split out');
    const own = (await storage.activities.idsByOriginal(userId, row.sha256)).includes(id);
    if (own) throw fail(409, 'own_source', "this is the activity's own file; split the other sources out instead");
    if (!originals.has(row.sha256)) throw fail(409, 'original_missing', 'the original file of this source is no longer stored');
    const result = await pool.parse(await originals.read(row.sha256), row.fileName ?? 'source');
    if (result.kind !== 'activities' || !result.activities.length) throw fail(422, 'unreadable', `the source file could not be read as an activity${'reason' in result ? `: ${result.reason}` : ''}`);
    const index = Number(/:(\d+)$/.exec(source.externalId)?.[1] ?? 0);
    const parsed = result.activities[Math.min(index, result.activities.length - 1)];
    const saved = await store.save({ userId, sha256: row.sha256, sourceIndex: index, fileName: row.fileName ?? 'source', parsed, meta: null, dryRun: false, keepApart: true });
    if (!saved.activityId) throw fail(500, 'split_failed', 'the source could not be stored on its own');
    // The source row follows its recording (one row per user, source and external id).
    await storage.activityMeta.addSource(userId, saved.activityId, { source: source.source, externalId: source.externalId, sha256: row.sha256, fileName: row.fileName });
    return { activityId: saved.activityId };
  }
}
