import { sql, type Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { DailyRow, DayAggregate, HealthRepo, SampleRow, SleepRow } from './health-ports.js';
import type { HealthTables } from './health-tables.js';

/** Rows per INSERT: 6000 × 5 (samples) or 5000 × 6 (daily) bound values stays under SQLite's 32766 and PostgreSQL's 65535 parameters; measured faster than 250–2000 (fewer statements to build and prepare). */
const CHUNK = 6000;
/** Daily rows carry 6 values each. */
const DAILY_CHUNK = 5000;

function n(v: unknown): number {
  return Number(v);
}

/**
 * Wellness store, written once for both dialects. Every write is an upsert keyed by
 * (user, metric, time, source) whose UPDATE only fires when the value differs, so re-importing the
 * same data changes nothing (not even updated_at_ms).
 */
export function createHealthRepo(base: Kysely<Database>): HealthRepo {
  const db = base.withTables<HealthTables>();
  return {
    async upsertDaily(userId, rows) {
      let changed = 0;
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += DAILY_CHUNK) {
          const values = rows.slice(i, i + DAILY_CHUNK).map((r) => ({ userId, metric: r.metric, dayMs: r.dayMs, source: r.source, value: r.value, updatedAtMs: now }));
          const res = await trx
            .insertInto('healthDaily')
            .values(lastWins(values, (r) => `${r.metric}\u0000${r.source}\u0000${r.dayMs}`))
            .onConflict((oc) =>
              oc
                .columns(['userId', 'metric', 'dayMs', 'source'])
                .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updatedAtMs: eb.ref('excluded.updatedAtMs') }))
                .where((eb) => eb('healthDaily.value', '<>', eb.ref('excluded.value'))),
            )
            .executeTakeFirst();
          changed += n(res.numInsertedOrUpdatedRows ?? 0);
        }
      });
      return changed;
    },
    async upsertSamples(userId, rows) {
      let changed = 0;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          const values = rows.slice(i, i + CHUNK).map((r) => ({ userId, metric: r.metric, source: r.source, tMs: r.tMs, value: r.value }));
          const res = await trx
            .insertInto('healthSamples')
            .values(lastWins(values, (r) => `${r.metric}\u0000${r.source}\u0000${r.tMs}`))
            .onConflict((oc) =>
              oc
                .columns(['userId', 'metric', 'source', 'tMs'])
                .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))
                .where((eb) => eb('healthSamples.value', '<>', eb.ref('excluded.value'))),
            )
            .executeTakeFirst();
          changed += n(res.numInsertedOrUpdatedRows ?? 0);
        }
      });
      return changed;
    },
    async upsertSleep(userId, rows) {
      let changed = 0;
      for (const r of rows) {
        const stagesJson = JSON.stringify(r.stages);
        const res = await db
          .insertInto('healthSleep')
          .values({ userId, source: r.source, startMs: r.startMs, endMs: r.endMs, dayMs: r.dayMs, stagesJson })
          .onConflict((oc) =>
            oc
              .columns(['userId', 'source', 'startMs'])
              .doUpdateSet((eb) => ({ endMs: eb.ref('excluded.endMs'), dayMs: eb.ref('excluded.dayMs'), stagesJson: eb.ref('excluded.stagesJson') }))
              .where((eb) => eb.or([eb('healthSleep.stagesJson', '<>', eb.ref('excluded.stagesJson')), eb('healthSleep.endMs', '<>', eb.ref('excluded.endMs'))])),
          )
          .executeTakeFirst();
        changed += n(res.numInsertedOrUpdatedRows ?? 0);
      }
      return changed;
    },
    async daily(userId, fromDayMs, toDayMs, metrics) {
      let q = db.selectFrom('healthDaily').select(['metric', 'dayMs', 'source', 'value']).where('userId', '=', userId).where('dayMs', '>=', fromDayMs).where('dayMs', '<=', toDayMs);
      if (metrics?.length) q = q.where('metric', 'in', [...metrics]);
      const rows = await q.orderBy('dayMs').orderBy('metric').execute();
      return rows.map((r) => ({ metric: r.metric, dayMs: n(r.dayMs), source: r.source, value: n(r.value) }));
    },
    async samples(userId, metrics, fromMs, toMs, source = null) {
      if (!metrics.length) return [];
      let q = db.selectFrom('healthSamples').select(['metric', 'tMs', 'source', 'value']).where('userId', '=', userId).where('metric', 'in', [...metrics]).where('tMs', '>=', fromMs).where('tMs', '<', toMs);
      if (source) q = q.where('source', '=', source);
      const rows = await q.orderBy('tMs').execute();
      return rows.map((r) => ({ metric: r.metric, tMs: n(r.tMs), source: r.source, value: n(r.value) }));
    },
    async dailyAggregates(userId, metric, source, fromMs, toMs, offsetMs, withLast) {
      // Integer division of BIGINT/INTEGER floors for positive times in both dialects.
      // A literal (an integer we computed), so SELECT and GROUP BY are the same SQL text in PostgreSQL.
      const day = sql<number>`(t_ms + ${sql.lit(Math.trunc(offsetMs))}) / 86400000`;
      const rows = await db
        .selectFrom('healthSamples')
        .select([
          day.as('d'),
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('value').as('sum'),
          (eb) => eb.fn.min<number>('value').as('min'),
          (eb) => eb.fn.max<number>('value').as('max'),
          (eb) => eb.fn.max<number>('tMs').as('lastT'),
        ])
        .where('userId', '=', userId)
        .where('metric', '=', metric)
        .where('source', '=', source)
        .where('tMs', '>=', fromMs)
        .where('tMs', '<', toMs)
        .groupBy(day)
        .execute();
      const out: DayAggregate[] = [];
      for (const r of rows) {
        const last = !withLast
          ? undefined
          : await db.selectFrom('healthSamples').select('value').where('userId', '=', userId).where('metric', '=', metric).where('source', '=', source).where('tMs', '=', n(r.lastT)).executeTakeFirst();
        out.push({ dayMs: n(r.d) * 86_400_000, n: n(r.n), sum: n(r.sum), min: n(r.min), max: n(r.max), last: last ? n(last.value) : NaN });
      }
      return out;
    },
    async sleep(userId, fromDayMs, toDayMs) {
      const rows = await db.selectFrom('healthSleep').selectAll().where('userId', '=', userId).where('dayMs', '>=', fromDayMs).where('dayMs', '<=', toDayMs).orderBy('startMs').execute();
      return rows.map((r): SleepRow => ({ source: r.source, startMs: n(r.startMs), endMs: n(r.endMs), dayMs: n(r.dayMs), stages: JSON.parse(r.stagesJson) as SleepRow['stages'] }));
    },
    async priorities(userId) {
      const rows = await db.selectFrom('healthSourcePriority').select(['metric', 'sourcesJson']).where('userId', '=', userId).execute();
      return Object.fromEntries(rows.map((r) => [r.metric, JSON.parse(r.sourcesJson) as string[]]));
    },
    async setPriority(userId, metric, sources) {
      await db
        .insertInto('healthSourcePriority')
        .values({ userId, metric, sourcesJson: JSON.stringify(sources), updatedAtMs: Date.now() })
        .onConflict((oc) => oc.columns(['userId', 'metric']).doUpdateSet((eb) => ({ sourcesJson: eb.ref('excluded.sourcesJson'), updatedAtMs: eb.ref('excluded.updatedAtMs') })))
        .execute();
    },
    async recordPayload(userId, p) {
      const res = await db
        .insertInto('healthPayloads')
        .values({ userId, sha256: p.sha256, kind: p.kind, sizeBytes: p.sizeBytes, receivedAtMs: Date.now(), summaryJson: JSON.stringify(p.summary) })
        .onConflict((oc) => oc.columns(['userId', 'sha256']).doNothing())
        .executeTakeFirst();
      return n(res.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async userIds() {
      const rows = await db.selectFrom('healthDaily').select('userId').distinct().execute();
      return rows.map((r) => r.userId);
    },
    async payloadSummary(userId, sha256) {
      const r = await db.selectFrom('healthPayloads').select('summaryJson').where('userId', '=', userId).where('sha256', '=', sha256).executeTakeFirst();
      return r ? (JSON.parse(r.summaryJson) as unknown) : null;
    },
    async counts(userId) {
      const c = async (t: 'healthDaily' | 'healthSamples' | 'healthSleep') =>
        n((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId).executeTakeFirstOrThrow()).n);
      return { daily: await c('healthDaily'), samples: await c('healthSamples'), sleep: await c('healthSleep') };
    },
    async extents(userId) {
      // One pass over the user's rows per table (index on user_id, day_ms); a few rows back.
      const daily = await db
        .selectFrom('healthDaily')
        .select((eb) => ['metric', eb.fn.min('dayMs').as('first'), eb.fn.max('dayMs').as('last')])
        .where('userId', '=', userId)
        .groupBy('metric')
        .orderBy('metric')
        .execute();
      const sleep = await db
        .selectFrom('healthSleep')
        .select((eb) => [eb.fn.min('dayMs').as('first'), eb.fn.max('dayMs').as('last')])
        .where('userId', '=', userId)
        .executeTakeFirst();
      const out = daily.map((r) => ({ metric: r.metric, firstDayMs: n(r.first), lastDayMs: n(r.last) }));
      if (sleep && sleep.first !== null && sleep.last !== null) out.push({ metric: 'sleep', firstDayMs: n(sleep.first), lastDayMs: n(sleep.last) });
      return out;
    },
  };
}

/** One INSERT may not name the same key twice (PostgreSQL "cannot affect row a second time"): last wins. */
function lastWins<T>(rows: T[], key: (r: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const r of rows) seen.set(key(r), r);
  return seen.size === rows.length ? rows : [...seen.values()];
}

export type { DailyRow, SampleRow, SleepRow };
