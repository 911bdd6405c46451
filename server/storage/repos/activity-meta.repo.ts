import type { Kysely } from 'kysely';
import type { ActivityMetaDto } from '../../../shared/gear-api.js';
import type { ActivitiesTable, Database } from '../db-schema.js';
import type { ActivityMetaRepo } from '../port.js';
import { cachedQuery } from './cached-query.js';

function mediaOf(json: string | null | undefined): { sha256: string; fileName: string }[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as { sha256: string; fileName: string }[]) : [];
  } catch {
    return [];
  }
}

/** Archive metadata columns of `activities` plus `activity_sources`, for both dialects. */
export function createActivityMetaRepo(db: Kysely<Database>): ActivityMetaRepo {
  return {
    async get(userId, activityId): Promise<ActivityMetaDto | null> {
      const row = await db
        .selectFrom('activities')
        .select(['description', 'privateNote', 'commute', 'perceivedExertion', 'gearId', 'source', 'mediaJson'])
        .where('userId', '=', userId)
        .where('id', '=', activityId)
        .executeTakeFirst();
      if (!row) return null;
      const sources = await db
        .selectFrom('activitySources')
        .select(['source', 'externalId', 'fileName'])
        .where('userId', '=', userId)
        .where('activityId', '=', activityId)
        .orderBy('createdAtMs')
        .orderBy('source')
        .execute();
      return {
        description: row.description ?? null,
        privateNote: row.privateNote ?? null,
        commute: row.commute === null || row.commute === undefined ? null : Boolean(row.commute),
        perceivedExertion: row.perceivedExertion === null || row.perceivedExertion === undefined ? null : Number(row.perceivedExertion),
        gearId: row.gearId ?? null,
        source: row.source ?? null,
        sources,
        media: mediaOf(row.mediaJson),
      };
    },
    async set(userId, activityId, p) {
      const v: Partial<ActivitiesTable> = { updatedAtMs: Date.now() };
      if (p.description !== undefined) v.description = p.description;
      if (p.privateNote !== undefined) v.privateNote = p.privateNote;
      if (p.commute !== undefined) v.commute = p.commute === null ? null : p.commute ? 1 : 0;
      if (p.perceivedExertion !== undefined) v.perceivedExertion = p.perceivedExertion;
      if (p.gearId !== undefined) v.gearId = p.gearId;
      if (p.source !== undefined) v.source = p.source;
      if (p.name !== undefined) v.name = p.name;
      if (p.sport !== undefined) v.sport = p.sport;
      if (p.media !== undefined) v.mediaJson = p.media.length ? JSON.stringify(p.media) : null;
      const r = await db.updateTable('activities').set(v).where('userId', '=', userId).where('id', '=', activityId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async addSource(userId, activityId, s) {
      await cachedQuery(db, 'activitySources.add', [userId, activityId, s.source, s.externalId, s.sha256, s.fileName, Date.now()], (p) =>
        db
          .insertInto('activitySources')
          .values({ userId: p[0] as string, activityId: p[1] as string, source: p[2] as string, externalId: p[3] as string, sha256: p[4] as string | null, fileName: p[5] as string | null, createdAtMs: p[6] as number })
          .onConflict((oc) => oc.columns(['userId', 'source', 'externalId']).doUpdateSet({ activityId: p[1] as string, sha256: p[4] as string | null, fileName: p[5] as string | null })),
      );
    },
    async findBySource(userId, source, externalId) {
      const r = await db
        .selectFrom('activitySources')
        .innerJoin('activities', 'activities.id', 'activitySources.activityId')
        .select('activitySources.activityId')
        .where('activitySources.userId', '=', userId)
        .where('activitySources.source', '=', source)
        .where('activitySources.externalId', '=', externalId)
        .executeTakeFirst();
      return r?.activityId ?? null;
    },
    async moveSources(userId, fromId, toId) {
      await db.updateTable('activitySources').set({ activityId: toId }).where('userId', '=', userId).where('activityId', '=', fromId).execute();
    },
    async sourceOf(userId, activityId, source, externalId) {
      const r = await db
        .selectFrom('activitySources')
        .select(['source', 'externalId', 'sha256', 'fileName'])
        .where('userId', '=', userId)
        .where('activityId', '=', activityId)
        .where('source', '=', source)
        .where('externalId', '=', externalId)
        .executeTakeFirst();
      return r ?? null;
    },
  };
}
