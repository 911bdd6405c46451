import { sql, type Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { StreamLayout } from '../stream-layout.js';
import { insertRows } from './fast-insert.js';

/** A chart as stored: the renderer's version and the gzip JSON body (services/streams-render/stored-chart.ts). */
export interface StoredChart {
  version: number;
  body: Uint8Array;
}

const CHUNK = 200;

/**
 * The activity page's chart, stored ready to send (migration 0073). Written with the streams it
 * was rendered from (ActivitiesRepo.insert and refreshParsed, in their transaction), deleted with
 * them, and filled for activities that lack one (or have one of an older version) by the
 * background fill, which stores a chart only while the blob it rendered is still the stored one.
 */
export function createActivityChartsRepo(db: Kysely<Database>, layout: StreamLayout) {
  return {
    /** The chart of this version, or null (none yet, an older version, another athlete's id). */
    read(userId: string, activityId: string, version: number): Promise<Uint8Array | null> {
      return layout.readChart(db, userId, activityId, version);
    },

    /**
     * One step of a scan for activities with streams and no chart: of the next `limit`
     * activities with streams after `afterId` (id order), those without one; `next` continues the
     * scan, null at its end. Each step reads a bounded stretch of the two primary keys and
     * nothing else: an anti-join until enough were found read every key when none was missing
     * (53 ms in one piece at 50,000 activities, 2.8 s from a cold disk cache, on SQLite's one
     * thread), and reading a chart's version from its row cost a page read per activity. At 50,000
     * activities the whole scan now takes ~30 ms in 101 steps of at most ~5 ms.
     * Charts of another version are removed first (dropOtherVersions), so a row means current.
     */
    async missing(afterId: string | null, limit: number): Promise<{ missing: { activityId: string; userId: string }[]; next: string | null }> {
      const n = Math.max(1, Math.min(1000, Math.floor(limit)));
      let edgeQ = db.selectFrom('activityStreams').select('activityId');
      if (afterId !== null) edgeQ = edgeQ.where('activityId', '>', afterId);
      const edge = (await edgeQ.orderBy('activityId').limit(1).offset(n - 1).executeTakeFirst())?.activityId ?? null;
      let q = db
        .selectFrom('activityStreams as s')
        .select(['s.activityId', 's.userId'])
        .where((eb) => eb.not(eb.exists(eb.selectFrom('activityCharts as c').select('c.activityId').whereRef('c.activityId', '=', 's.activityId'))));
      if (afterId !== null) q = q.where('s.activityId', '>', afterId);
      if (edge !== null) q = q.where('s.activityId', '<=', edge);
      const missing = await q.orderBy('s.activityId').execute();
      return { missing, next: edge };
    },

    /** Removes up to `limit` charts of a version other than `version` (an older renderer's); returns how many. */
    async dropOtherVersions(version: number, limit: number): Promise<number> {
      const n = Math.max(1, Math.min(1000, Math.floor(limit)));
      const ids = await db.selectFrom('activityCharts').select('activityId').where((eb) => eb.or([eb('version', '<', version), eb('version', '>', version)])).limit(n).execute();
      if (!ids.length) return 0;
      const r = await db.deleteFrom('activityCharts').where('activityId', 'in', ids.map((i) => i.activityId)).where('version', '!=', version).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    /**
     * Stores `chart`, rendered from `source`, if `source` is still the activity's stream blob
     * (a re-parse may have replaced it meanwhile); replaces a chart of another version.
     */
    async fill(userId: string, activityId: string, source: Uint8Array, chart: StoredChart): Promise<boolean> {
      const r = await sql`
        INSERT INTO activity_charts (activity_id, user_id, version, body)
        SELECT ${activityId}, ${userId}, ${chart.version}, ${chart.body}
        WHERE EXISTS (SELECT 1 FROM activity_streams WHERE activity_id = ${activityId} AND user_id = ${userId} AND data = ${source})
        ON CONFLICT (activity_id) DO UPDATE SET version = excluded.version, body = excluded.body`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
  };
}

export type ActivityChartsRepo = ReturnType<typeof createActivityChartsRepo>;

/** The chart of streams being written (in the caller's transaction). */
export async function writeChart(trx: Kysely<Database>, userId: string, activityId: string, chart: StoredChart | undefined): Promise<void> {
  if (chart) await insertRows(trx, 'activityCharts', [{ activityId, userId, version: chart.version, body: chart.body }]);
}

/** Charts of activities whose streams go (explicit, as the other child rows: independent of FK enforcement). */
export async function deleteCharts(trx: Kysely<Database>, userId: string, activityIds: readonly string[]): Promise<void> {
  for (let i = 0; i < activityIds.length; i += CHUNK) {
    await trx.deleteFrom('activityCharts').where('userId', '=', userId).where('activityId', 'in', activityIds.slice(i, i + CHUNK)).execute();
  }
}
