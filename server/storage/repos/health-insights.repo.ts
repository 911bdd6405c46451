import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { InsightRow, InsightsRepo } from './health-ports.js';
import type { HealthTables } from './health-tables.js';

/** Insights with their evidence, one per (user, detector, dedupe key), and each detector's saved state. */
export function createInsightsRepo(base: Kysely<Database>): InsightsRepo {
  const db = base.withTables<HealthTables>();
  return {
    async add(userId, r) {
      const res = await db
        .insertInto('insights')
        .values({
          id: r.id,
          userId,
          detector: r.detector,
          dedupeKey: r.dedupeKey,
          dayMs: r.dayMs,
          severity: r.severity,
          title: r.title,
          message: r.message,
          evidenceJson: JSON.stringify(r.evidence),
          createdAtMs: r.createdAtMs,
          dismissedAtMs: null,
        })
        .onConflict((oc) => oc.columns(['userId', 'detector', 'dedupeKey']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async list(userId, { includeDismissed, limit }) {
      let q = db.selectFrom('insights').selectAll().where('userId', '=', userId);
      if (!includeDismissed) q = q.where('dismissedAtMs', 'is', null);
      const rows = await q.orderBy('dayMs', 'desc').orderBy('createdAtMs', 'desc').limit(limit).execute();
      return rows.map(
        (r): InsightRow => ({
          id: r.id,
          detector: r.detector,
          dedupeKey: r.dedupeKey,
          dayMs: Number(r.dayMs),
          severity: r.severity,
          title: r.title,
          message: r.message,
          evidence: JSON.parse(r.evidenceJson) as unknown,
          createdAtMs: Number(r.createdAtMs),
          dismissedAtMs: r.dismissedAtMs === null ? null : Number(r.dismissedAtMs),
        }),
      );
    },
    async dismiss(userId, id, atMs) {
      const res = await db.updateTable('insights').set({ dismissedAtMs: atMs }).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async state(userId, detector) {
      const r = await db.selectFrom('insightState').select('stateJson').where('userId', '=', userId).where('detector', '=', detector).executeTakeFirst();
      return r ? (JSON.parse(r.stateJson) as unknown) : null;
    },
    async setState(userId, detector, state, atMs) {
      await db
        .insertInto('insightState')
        .values({ userId, detector, stateJson: JSON.stringify(state), updatedAtMs: atMs })
        .onConflict((oc) => oc.columns(['userId', 'detector']).doUpdateSet((eb) => ({ stateJson: eb.ref('excluded.stateJson'), updatedAtMs: eb.ref('excluded.updatedAtMs') })))
        .execute();
    },
  };
}
