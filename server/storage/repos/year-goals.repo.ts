import type { Kysely } from 'kysely';
import type { YearGoalDto } from '../../../shared/goals-api.js';
import type { Database } from '../db-schema.js';

/** A row of year_goals (migration 0070). */
export interface YearGoalsTable {
  userId: string;
  year: number;
  sport: string;
  distanceM: number | null;
  movingTimeS: number | null;
  updatedAtMs: number;
}

/** The athlete's yearly targets per sport (issue 17, dashboard "plan of the year"). */
export interface YearGoalsRepo {
  /** The year's goals, by sport name. */
  list(userId: string, year: number): Promise<YearGoalDto[]>;
  /** Replaces every goal of the year with `items` (one transaction); an empty list clears the year. */
  replace(userId: string, year: number, items: readonly YearGoalDto[]): Promise<void>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function createYearGoalsRepo(db: Kysely<Database>): YearGoalsRepo {
  return {
    async list(userId, year) {
      const rows = await db.selectFrom('yearGoals').select(['sport', 'distanceM', 'movingTimeS']).where('userId', '=', userId).where('year', '=', year).orderBy('sport').execute();
      return rows.map((r) => ({ sport: r.sport, distanceM: num(r.distanceM), movingTimeS: num(r.movingTimeS) }));
    },
    async replace(userId, year, items) {
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('yearGoals').where('userId', '=', userId).where('year', '=', year).execute();
        if (items.length) {
          await trx
            .insertInto('yearGoals')
            .values(items.map((g) => ({ userId, year, sport: g.sport, distanceM: g.distanceM, movingTimeS: g.movingTimeS, updatedAtMs: now })))
            .execute();
        }
      });
    },
  };
}
