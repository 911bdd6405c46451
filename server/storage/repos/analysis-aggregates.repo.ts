import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { DailyLoadTable, PeriodTotalsTable } from './analysis-tables.js';
import { cachedQuery } from './cached-query.js';

export type TotalsRow = PeriodTotalsTable;
export type AggregatePeriod = 'week' | 'month' | 'year';

/** Sport value of the period_totals rows that sum every sport. */
export const ALL_SPORTS = 'all';

export interface CalendarRow {
  activityId: string;
  name: string;
  sport: string;
  startTimeMs: number;
  day: string;
  distanceM: number | null;
  movingTimeS: number | null;
  load: number;
}

/**
 * Stored sums of activity_metrics: daily load and week/month/year totals per sport. Each refresh
 * recomputes one row from the metrics (SUM over an indexed range) instead of adding deltas, so a
 * missed or repeated event cannot leave the totals drifting from the sum of the activities.
 */
export interface AnalysisAggregatesRepo {
  refreshDay(userId: string, day: string): Promise<void>;
  /** Re-sums one period row; `endDay` is the first day after the period (the day index serves the range). */
  refreshPeriod(userId: string, period: AggregatePeriod, periodStart: string, endDay: string, sport: string): Promise<void>;
  /** Drops and recomputes every aggregate of the user (after a full recompute). */
  rebuildAll(userId: string): Promise<void>;
  dailyLoads(userId: string, toDay: string): Promise<DailyLoadTable[]>;
  totals(userId: string, period: AggregatePeriod, sport?: string): Promise<TotalsRow[]>;
  calendar(userId: string, fromDay: string, toDay: string): Promise<CalendarRow[]>;
}

export function createAnalysisAggregatesRepo(db: Kysely<Database>): AnalysisAggregatesRepo {
  const sums = (q: ReturnType<typeof base>) =>
    q.select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.coalesce(eb.fn.sum<number>('distanceM'), eb.lit(0)).as('distanceM'),
      eb.fn.coalesce(eb.fn.sum<number>('movingTimeS'), eb.lit(0)).as('movingTimeS'),
      eb.fn.coalesce(eb.fn.sum<number>('elapsedTimeS'), eb.lit(0)).as('elapsedTimeS'),
      eb.fn.coalesce(eb.fn.sum<number>('ascentM'), eb.lit(0)).as('ascentM'),
      eb.fn.coalesce(eb.fn.sum<number>('load'), eb.lit(0)).as('load'),
    ]);
  const base = (userId: string) => db.selectFrom('activityMetrics').where('userId', '=', userId);

  return {
    async refreshDay(userId, day) {
      const {
        rows: [r],
      } = await cachedQuery(db, 'activityMetrics.dayLoad', [userId, day], (p) =>
        base(p[0] as string)
          .where('day', '=', p[1] as string)
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('load').as('load')]),
      );
      if (!r || Number(r.n) === 0) {
        await db.deleteFrom('dailyLoad').where('userId', '=', userId).where('day', '=', day).execute();
        return;
      }
      const load = Number(r.load ?? 0);
      await cachedQuery(db, 'dailyLoad.upsert', [userId, day, load], (p) =>
        db
          .insertInto('dailyLoad')
          .values({ userId: p[0] as string, day: p[1] as string, load: p[2] as number })
          .onConflict((oc) => oc.columns(['userId', 'day']).doUpdateSet({ load: p[2] as number })),
      );
    },
    async refreshPeriod(userId, period, periodStart, endDay, sport) {
      let q = base(userId).where('day', '>=', periodStart).where('day', '<', endDay);
      if (sport !== ALL_SPORTS) q = q.where('sport', '=', sport);
      const r = await sums(q).executeTakeFirst();
      const key = { userId, period, periodStart, sport };
      if (!r || Number(r.count) === 0) {
        await db.deleteFrom('periodTotals').where('userId', '=', userId).where('period', '=', period).where('periodStart', '=', periodStart).where('sport', '=', sport).execute();
        return;
      }
      const figures = {
        count: Number(r.count),
        distanceM: Number(r.distanceM),
        movingTimeS: Number(r.movingTimeS),
        elapsedTimeS: Number(r.elapsedTimeS),
        ascentM: Number(r.ascentM),
        load: Number(r.load),
      };
      await db
        .insertInto('periodTotals')
        .values({ ...key, ...figures })
        .onConflict((oc) => oc.columns(['userId', 'period', 'periodStart', 'sport']).doUpdateSet(figures))
        .execute();
    },
    async rebuildAll(userId) {
      const rows = await base(userId).select(['day', 'weekStart', 'monthStart', 'yearStart', 'sport', 'distanceM', 'movingTimeS', 'elapsedTimeS', 'ascentM', 'load']).execute();
      const days = new Map<string, number>();
      const totals = new Map<string, TotalsRow>();
      const add = (period: AggregatePeriod, periodStart: string, sport: string, m: (typeof rows)[number]) => {
        const k = `${period}|${periodStart}|${sport}`;
        let t = totals.get(k);
        if (!t) totals.set(k, (t = { userId, period, periodStart, sport, count: 0, distanceM: 0, movingTimeS: 0, elapsedTimeS: 0, ascentM: 0, load: 0 }));
        t.count++;
        t.distanceM += m.distanceM ?? 0;
        t.movingTimeS += m.movingTimeS ?? 0;
        t.elapsedTimeS += m.elapsedTimeS ?? 0;
        t.ascentM += m.ascentM ?? 0;
        t.load += m.load;
      };
      for (const m of rows) {
        days.set(m.day, (days.get(m.day) ?? 0) + m.load);
        for (const sport of [m.sport, ALL_SPORTS]) {
          add('week', m.weekStart, sport, m);
          add('month', m.monthStart, sport, m);
          add('year', m.yearStart, sport, m);
        }
      }
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('dailyLoad').where('userId', '=', userId).execute();
        await trx.deleteFrom('periodTotals').where('userId', '=', userId).execute();
        const dl = [...days].map(([day, load]) => ({ userId, day, load }));
        for (let i = 0; i < dl.length; i += 500) await trx.insertInto('dailyLoad').values(dl.slice(i, i + 500)).execute();
        const pt = [...totals.values()];
        for (let i = 0; i < pt.length; i += 300) await trx.insertInto('periodTotals').values(pt.slice(i, i + 300)).execute();
      });
    },
    async dailyLoads(userId, toDay) {
      return db.selectFrom('dailyLoad').selectAll().where('userId', '=', userId).where('day', '<=', toDay).orderBy('day').execute();
    },
    async totals(userId, period, sport) {
      let q = db.selectFrom('periodTotals').selectAll().where('userId', '=', userId).where('period', '=', period);
      if (sport) q = q.where('sport', '=', sport);
      return q.orderBy('periodStart').orderBy('sport').execute();
    },
    async calendar(userId, fromDay, toDay) {
      return db
        .selectFrom('activityMetrics as m')
        .innerJoin('activities as a', 'a.id', 'm.activityId')
        .select(['m.activityId', 'a.name', 'm.sport', 'm.startTimeMs', 'm.day', 'm.distanceM', 'm.movingTimeS', 'm.load'])
        .where('m.userId', '=', userId)
        .where('a.userId', '=', userId)
        .where('m.day', '>=', fromDay)
        .where('m.day', '<=', toDay)
        .orderBy('m.startTimeMs')
        .execute();
    },
  };
}
