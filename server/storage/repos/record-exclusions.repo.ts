import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import { cachedCompile } from './cached-query.js';

/** A row of record_exclusions (migration 0014): `kind = '*'` excludes the whole activity. */
export interface RecordExclusionsTable {
  userId: string;
  activityId: string;
  sport: string;
  kind: string;
  key: number;
  createdAtMs: number;
}

export interface RecordExclusion {
  activityId: string;
  /** Records sport of the excluded candidate; '*' with kind '*'. */
  sport: string;
  kind: string;
  key: number;
  createdAtMs: number;
}

/** Activities (or single record candidates) the athlete has left out of records (issue 13 §3). */
export interface RecordExclusionsRepo {
  list(userId: string, activityId?: string): Promise<RecordExclusion[]>;
  /** True when the row is new. */
  add(userId: string, e: Omit<RecordExclusion, 'createdAtMs'>): Promise<boolean>;
  /** True when a row was removed. */
  remove(userId: string, e: Omit<RecordExclusion, 'createdAtMs'>): Promise<boolean>;
  /** Forget every exclusion of a deleted activity. */
  removeActivity(userId: string, activityId: string): Promise<void>;
}

export const exclusionFromRow = (r: RecordExclusionsTable): RecordExclusion => ({ activityId: r.activityId, sport: r.sport, kind: r.kind, key: Number(r.key), createdAtMs: Number(r.createdAtMs) });

/** The athlete's exclusions (of one activity when `activityId` is given); JSON-safe columns (read-together.ts). */
export function recordExclusionsRead(db: Kysely<Database>, userId: string, activityId?: string): CompiledQuery<RecordExclusionsTable> {
  return cachedCompile(db, activityId ? 'recordExclusions.listOf' : 'recordExclusions.list', activityId ? [userId, activityId] : [userId], (p: readonly unknown[]) => {
    let q = db.selectFrom('recordExclusions').selectAll().where('userId', '=', p[0] as string);
    if (p.length > 1) q = q.where('activityId', '=', p[1] as string);
    return q.orderBy('createdAtMs').orderBy('activityId');
  }) as CompiledQuery<RecordExclusionsTable>;
}

export function createRecordExclusionsRepo(db: Kysely<Database>): RecordExclusionsRepo {
  const match = (userId: string, e: Omit<RecordExclusion, 'createdAtMs'>) =>
    db.selectFrom('recordExclusions').selectAll().where('userId', '=', userId).where('activityId', '=', e.activityId).where('sport', '=', e.sport).where('kind', '=', e.kind).where('key', '=', e.key);
  return {
    async list(userId, activityId) {
      const { rows } = await db.executeQuery(recordExclusionsRead(db, userId, activityId));
      return rows.map(exclusionFromRow);
    },
    async add(userId, e) {
      if (await match(userId, e).executeTakeFirst()) return false;
      await db.insertInto('recordExclusions').values({ userId, ...e, createdAtMs: Date.now() }).execute();
      return true;
    },
    async remove(userId, e) {
      const r = await db
        .deleteFrom('recordExclusions')
        .where('userId', '=', userId)
        .where('activityId', '=', e.activityId)
        .where('sport', '=', e.sport)
        .where('kind', '=', e.kind)
        .where('key', '=', e.key)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async removeActivity(userId, activityId) {
      await db.deleteFrom('recordExclusions').where('userId', '=', userId).where('activityId', '=', activityId).execute();
    },
  };
}
