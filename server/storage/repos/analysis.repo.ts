import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { ActivityEffortsTable, ActivityMetricsTable, RecordsTable } from './analysis-tables.js';
import { insertRows } from './fast-insert.js';
import { cachedCompile, cachedQuery } from './cached-query.js';

export type MetricsRow = ActivityMetricsTable;
export type EffortRecordRow = ActivityEffortsTable;
export type RecordRow = RecordsTable;

/** Per-activity analysis rows and the records derived from them (migration 0003_analysis). */
export interface AnalysisRepo {
  upsertMetrics(m: MetricsRow): Promise<void>;
  getMetrics(userId: string, activityId: string): Promise<MetricsRow | null>;
  /** Each analysed activity's local day (YYYY-MM-DD, issue 13 §2) among `activityIds`. */
  localDays(userId: string, activityIds: readonly string[]): Promise<Map<string, string>>;
  /** Users with metrics computed by maths older than `version` (recomputed on start). */
  staleUsers(version: number): Promise<string[]>;
  /** Deletes the activity's metrics and efforts; returns the metrics row it had. */
  deleteActivity(userId: string, activityId: string): Promise<MetricsRow | null>;
  replaceEfforts(userId: string, activityId: string, rows: EffortRecordRow[]): Promise<void>;
  /** A new activity's efforts (none stored yet). */
  insertEfforts(rows: EffortRecordRow[]): Promise<void>;
  effortsOf(userId: string, activityId: string): Promise<EffortRecordRow[]>;
  /** The best effort for one key (year null = all time); ties go to the earlier activity. */
  bestEffort(userId: string, sport: string, kind: string, key: number, year: number | null, smallerIsBetter: boolean): Promise<EffortRecordRow | null>;
  /** Efforts of a sport that started in [fromMs, toMs), at most `limit` of them, oldest first (bests of a range of days). */
  effortsBetween(userId: string, sport: string, fromMs: number, toMs: number, limit: number): Promise<EffortRecordRow[]>;
  /** All efforts of one key, oldest first (the progression chart). */
  effortsForKey(userId: string, sport: string, kind: string, key: number): Promise<EffortRecordRow[]>;
  /** Records of a sport, optionally of one kind and of some years only (0 = all time). */
  records(userId: string, sport: string, kind?: string, years?: number[]): Promise<RecordRow[]>;
  record(userId: string, sport: string, kind: string, key: number, year: number): Promise<RecordRow | null>;
  upsertRecord(r: RecordRow): Promise<void>;
  deleteRecord(userId: string, sport: string, kind: string, key: number, year: number): Promise<void>;
  recordsHeldBy(userId: string, activityId: string): Promise<RecordRow[]>;
  /** Forgets every record of the user (a full recompute rebuilds them). */
  clearRecords(userId: string): Promise<void>;
  /** Records each activity holds: `count` all of them, `allTimeCount` the all-time ones (year 0), the rest are per-year bests. */
  recordCounts(userId: string, activityIds: string[]): Promise<{ activityId: string; count: number; allTimeCount: number }[]>;
}

/** Rows per multi-row insert (8 columns: well under SQLite's 32,766 parameters). */
const EFFORT_CHUNK = 200;

/** An activity's stored analysis row (JSON-safe columns: read-together.ts). */
export function metricsRead(db: Kysely<Database>, userId: string, activityId: string): CompiledQuery<MetricsRow> {
  return cachedCompile(db, 'analysis.getMetrics', [userId, activityId], (p) =>
    db.selectFrom('activityMetrics').selectAll().where('userId', '=', p[0] as string).where('activityId', '=', p[1] as string),
  ) as CompiledQuery<MetricsRow>;
}

/** The records an activity holds (JSON-safe columns: read-together.ts). */
export function recordsHeldByRead(db: Kysely<Database>, userId: string, activityId: string): CompiledQuery<RecordRow> {
  return cachedCompile(db, 'records.heldBy', [userId, activityId], (p) => db.selectFrom('records').selectAll().where('userId', '=', p[0] as string).where('activityId', '=', p[1] as string)) as CompiledQuery<RecordRow>;
}

export function createAnalysisRepo(db: Kysely<Database>): AnalysisRepo {
  return {
    async upsertMetrics(m) {
      // One statement per imported activity: the SQL is built once per column set (cached-query.ts).
      const cols = (Object.keys(m) as (keyof typeof m)[]).filter((c) => m[c] !== undefined);
      const values = cols.map((c) => m[c]);
      await cachedQuery(db, `activityMetrics.upsert:${cols.join(',')}`, values, (p) => {
        const row = Object.fromEntries(cols.map((c, i) => [c, p[i]])) as unknown as typeof m;
        const { activityId: _id, ...rest } = row;
        return db.insertInto('activityMetrics').values(row).onConflict((oc) => oc.column('activityId').doUpdateSet(rest));
      });
    },
    async staleUsers(version) {
      // Normally none: one probe of the (analysis_version, user_id) index answers that, where the
      // DISTINCT below is planned as a scan of every row (1.1 s of a start at 50,000 activities).
      const any = await db.selectFrom('activityMetrics').select('userId').where('analysisVersion', '<', version).limit(1).executeTakeFirst();
      if (!any) return [];
      const rows = await db.selectFrom('activityMetrics').select('userId').distinct().where('analysisVersion', '<', version).execute();
      return rows.map((r) => r.userId);
    },
    async getMetrics(userId, activityId) {
      const { rows } = await db.executeQuery<MetricsRow>(metricsRead(db, userId, activityId));
      return rows[0] ?? null;
    },
    async localDays(userId, activityIds) {
      const out = new Map<string, string>();
      const ids = [...new Set(activityIds)];
      // Bounded IN lists (SQLite allows 32k parameters, PostgreSQL 65k): 500 ids a query.
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom('activityMetrics').select(['activityId', 'day']).where('userId', '=', userId).where('activityId', 'in', ids.slice(i, i + 500)).execute();
        for (const r of rows) out.set(r.activityId, r.day);
      }
      return out;
    },
    async deleteActivity(userId, activityId) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('activityMetrics').selectAll().where('userId', '=', userId).where('activityId', '=', activityId).executeTakeFirst();
        await trx.deleteFrom('activityMetrics').where('userId', '=', userId).where('activityId', '=', activityId).execute();
        await trx.deleteFrom('activityEfforts').where('userId', '=', userId).where('activityId', '=', activityId).execute();
        return before ?? null;
      });
    },
    async replaceEfforts(userId, activityId, rows) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('activityEfforts').where('userId', '=', userId).where('activityId', '=', activityId).execute();
        for (let i = 0; i < rows.length; i += EFFORT_CHUNK) await trx.insertInto('activityEfforts').values(rows.slice(i, i + EFFORT_CHUNK)).execute();
      });
    },
    async insertEfforts(rows) {
      if (rows.length <= EFFORT_CHUNK) {
        await insertRows(db, 'activityEfforts', rows);
        return;
      }
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += EFFORT_CHUNK) await insertRows(trx, 'activityEfforts', rows.slice(i, i + EFFORT_CHUNK));
      });
    },
    async effortsOf(userId, activityId) {
      return db.selectFrom('activityEfforts').selectAll().where('userId', '=', userId).where('activityId', '=', activityId).execute();
    },
    async bestEffort(userId, sport, kind, key, year, smallerIsBetter) {
      let q = db
        .selectFrom('activityEfforts')
        .selectAll()
        .where('userId', '=', userId)
        .where('sport', '=', sport)
        .where('kind', '=', kind)
        .where('key', '=', key);
      if (year !== null) q = q.where('year', '=', year);
      const row = await q
        .orderBy('value', smallerIsBetter ? 'asc' : 'desc')
        .orderBy('startTimeMs', 'asc')
        // Same value and start: the smaller (content-derived) id, as records-updater.ts decides.
        .orderBy('activityId', 'asc')
        .limit(1)
        .executeTakeFirst();
      return row ?? null;
    },
    async effortsBetween(userId, sport, fromMs, toMs, limit) {
      return db
        .selectFrom('activityEfforts')
        .selectAll()
        .where('userId', '=', userId)
        .where('sport', '=', sport)
        .where('startTimeMs', '>=', fromMs)
        .where('startTimeMs', '<', toMs)
        .orderBy('startTimeMs', 'asc')
        .orderBy('activityId', 'asc')
        .limit(limit)
        .execute();
    },
    async effortsForKey(userId, sport, kind, key) {
      return db
        .selectFrom('activityEfforts')
        .selectAll()
        .where('userId', '=', userId)
        .where('sport', '=', sport)
        .where('kind', '=', kind)
        .where('key', '=', key)
        .orderBy('startTimeMs', 'asc')
        .execute();
    },
    async records(userId, sport, kind, years) {
      let q = db.selectFrom('records').selectAll().where('userId', '=', userId).where('sport', '=', sport);
      if (kind) q = q.where('kind', '=', kind);
      if (years?.length) q = q.where('year', 'in', years);
      return q.orderBy('kind').orderBy('key').orderBy('year').execute();
    },
    async record(userId, sport, kind, key, year) {
      const r = await db
        .selectFrom('records')
        .selectAll()
        .where('userId', '=', userId)
        .where('sport', '=', sport)
        .where('kind', '=', kind)
        .where('key', '=', key)
        .where('year', '=', year)
        .executeTakeFirst();
      return r ?? null;
    },
    async upsertRecord(r) {
      await db
        .insertInto('records')
        .values(r)
        .onConflict((oc) => oc.columns(['userId', 'sport', 'kind', 'key', 'year']).doUpdateSet({ activityId: r.activityId, value: r.value, startTimeMs: r.startTimeMs }))
        .execute();
    },
    async deleteRecord(userId, sport, kind, key, year) {
      await db.deleteFrom('records').where('userId', '=', userId).where('sport', '=', sport).where('kind', '=', kind).where('key', '=', key).where('year', '=', year).execute();
    },
    async recordsHeldBy(userId, activityId) {
      return (await db.executeQuery<RecordRow>(recordsHeldByRead(db, userId, activityId))).rows;
    },
    async clearRecords(userId) {
      await db.deleteFrom('records').where('userId', '=', userId).execute();
    },
    async recordCounts(userId, activityIds) {
      if (activityIds.length === 0) return [];
      const rows = await db
        .selectFrom('records')
        .select(['activityId', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.sum<number>(eb.case().when('year', '=', 0).then(1).else(0).end()).as('allTimeCount')])
        .where('userId', '=', userId)
        .where('activityId', 'in', activityIds)
        .groupBy('activityId')
        .execute();
      return rows.map((r) => ({ activityId: r.activityId, count: Number(r.count), allTimeCount: Number(r.allTimeCount ?? 0) }));
    },
  };
}
