import type { Kysely } from 'kysely';
import type { ThresholdDto, ThresholdInputDto, ThresholdKind } from '../../../shared/analysis-api.js';
import type { Database } from '../db-schema.js';
import type { ThresholdsTable } from './analysis-tables.js';
import { cachedQuery } from './cached-query.js';

/** Dated thresholds (FTP, HR, pace, weight) of a user. */
export interface ThresholdsRepo {
  list(userId: string): Promise<ThresholdDto[]>;
  get(userId: string, id: string): Promise<ThresholdDto | null>;
  insert(userId: string, id: string, t: ThresholdInputDto): Promise<ThresholdDto>;
  update(userId: string, id: string, t: ThresholdInputDto): Promise<ThresholdDto | null>;
  delete(userId: string, id: string): Promise<ThresholdDto | null>;
}

function dto(r: ThresholdsTable): ThresholdDto {
  return { id: r.id, kind: r.kind as ThresholdKind, sport: r.sport, value: Number(r.value), validFrom: r.validFrom };
}

export function createThresholdsRepo(db: Kysely<Database>): ThresholdsRepo {
  const one = async (userId: string, id: string) => {
    const r = await db.selectFrom('thresholds').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
    return r ? dto(r) : null;
  };
  return {
    async list(userId) {
      const { rows } = await cachedQuery(db, 'thresholds.list', [userId], (p) => db.selectFrom('thresholds').selectAll().where('userId', '=', p[0] as string).orderBy('kind').orderBy('validFrom').orderBy('id'));
      return rows.map(dto);
    },
    get: one,
    async insert(userId, id, t) {
      await db.insertInto('thresholds').values({ id, userId, kind: t.kind, sport: t.sport, value: t.value, validFrom: t.validFrom, createdAtMs: Date.now() }).execute();
      return { id, kind: t.kind, sport: t.sport, value: t.value, validFrom: t.validFrom };
    },
    async update(userId, id, t) {
      const r = await db
        .updateTable('thresholds')
        .set({ kind: t.kind, sport: t.sport, value: t.value, validFrom: t.validFrom })
        .where('userId', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) ? one(userId, id) : null;
    },
    async delete(userId, id) {
      const before = await one(userId, id);
      if (before) await db.deleteFrom('thresholds').where('userId', '=', userId).where('id', '=', id).execute();
      return before;
    },
  };
}
