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

    /** Activities with streams and no chart of `version`, in id order after `afterId`: one page. */
    async missing(version: number, afterId: string | null, limit: number): Promise<{ activityId: string; userId: string }[]> {
      let q = db
        .selectFrom('activityStreams as s')
        .leftJoin('activityCharts as c', (j) => j.onRef('c.activityId', '=', 's.activityId').on('c.version', '=', version))
        .select(['s.activityId', 's.userId'])
        .where('c.activityId', 'is', null);
      if (afterId !== null) q = q.where('s.activityId', '>', afterId);
      return q.orderBy('s.activityId').limit(Math.max(1, Math.min(1000, Math.floor(limit)))).execute();
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
