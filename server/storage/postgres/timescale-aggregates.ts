import { sql, type Kysely } from 'kysely';
import type { AnalysisAggregatesRepo, TotalsRow } from '../repos/analysis-aggregates.repo.js';
import { ALL_SPORTS } from '../repos/analysis-aggregates.repo.js';
import type { HealthRepo } from '../repos/health-ports.js';
import { withTxRetry } from './retry.js';

/**
 * Rollups the API reads from TimescaleDB continuous aggregates (issue 15 §3; docs/decisions.md,
 * "Rollups from continuous aggregates"). Everything lives in its own schema, `milevault_rollups`,
 * so backups (which copy the base tables of the app's schema) and the schema-parity test never
 * see it; it is derived data, rebuilt at start.
 *
 * - Activities: `activity_rollup_facts` is a hypertable on `start_time_ms` fed by a trigger on
 *   `activity_metrics` (one row per activity: sport, local day, week/month/year start and the
 *   figures), and `activity_rollup_daily` is a continuous aggregate per user, UTC day bucket,
 *   local day, period starts and sport. Daily loads (fitness) and week/month/year totals per
 *   sport and for "all" are re-aggregated from it at read time (a few rows per training day).
 * - Health: `health_samples_15m`, a continuous aggregate of `health_samples` per user, metric,
 *   source and 15 minutes (count, sum, min, max, last); the health writer's per-local-day sums
 *   come from it whenever the user's UTC offset is a whole number of quarter hours.
 *
 * Real-time aggregation is on and has no start offset (any year), but it only covers rows after
 * the watermark: an activity of 2019 imported after a refresh would be missing until the next
 * one. So every read first runs `refresh_continuous_aggregate(…, NULL, NULL)`, which recomputes
 * only the buckets the invalidation log names (other processes' writes included) and is cheap
 * when nothing changed. One refresh per aggregate runs at a time in this process; readers that
 * arrive meanwhile share the next one.
 */
export const ROLLUP_SCHEMA = 'milevault_rollups';
const ACTIVITY_CAGG = `${ROLLUP_SCHEMA}.activity_rollup_daily`;
const HEALTH_CAGG = `${ROLLUP_SCHEMA}.health_samples_15m`;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const TEN_YEARS_MS = 3650 * DAY_MS;

export interface TimescaleRollups {
  activities: boolean;
  health: boolean;
}

/** Creates (idempotently) the rollup objects; a failure is noted and that rollup stays on tables. */
export async function createTimescaleAggregates(db: Kysely<any>, notes: string[]): Promise<TimescaleRollups> {
  const out: TimescaleRollups = { activities: false, health: false };
  try {
    await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${ROLLUP_SCHEMA}`).execute(db);
  } catch (e) {
    notes.push(`rollups read the plain tables: CREATE SCHEMA ${ROLLUP_SCHEMA} refused: ${msg(e)}`);
    return out;
  }
  try {
    await createActivityRollups(db);
    out.activities = true;
  } catch (e) {
    notes.push(`activity rollups read the plain tables: ${msg(e)}`);
  }
  try {
    await createHealthRollups(db);
    out.health = true;
  } catch (e) {
    notes.push(`health rollups read the plain tables: ${msg(e)}`);
  }
  return out;
}

async function createActivityRollups(db: Kysely<any>): Promise<void> {
  const facts = `${ROLLUP_SCHEMA}.activity_rollup_facts`;
  await sql.raw(`
    CREATE TABLE IF NOT EXISTS ${facts} (
      activity_id TEXT NOT NULL, user_id TEXT NOT NULL, start_time_ms BIGINT NOT NULL, sport TEXT NOT NULL,
      day TEXT NOT NULL, week_start TEXT NOT NULL, month_start TEXT NOT NULL, year_start TEXT NOT NULL,
      distance_m DOUBLE PRECISION, moving_time_s DOUBLE PRECISION, elapsed_time_s DOUBLE PRECISION,
      ascent_m DOUBLE PRECISION, load DOUBLE PRECISION NOT NULL)`).execute(db);
  await sql.raw(`SELECT create_hypertable('${facts}', 'start_time_ms', chunk_time_interval => ${TEN_YEARS_MS}::bigint, if_not_exists => TRUE, create_default_indexes => FALSE)`).execute(db);
  await sql.raw(`CREATE INDEX IF NOT EXISTS activity_rollup_facts_activity ON ${facts} (activity_id)`).execute(db);
  await sql.raw(`SELECT set_integer_now_func('${facts}', 'milevault_now_ms', replace_if_exists => TRUE)`).execute(db);
  // The trigger keeps the facts in the same transaction as activity_metrics (no foreign key: the
  // hypertable would copy it onto every new chunk, the deadlock of issue 15 §1).
  await sql.raw(`
    CREATE OR REPLACE FUNCTION ${ROLLUP_SCHEMA}.metrics_to_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN DELETE FROM ${facts} WHERE activity_id = OLD.activity_id; END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO ${facts} VALUES (NEW.activity_id, NEW.user_id, NEW.start_time_ms, NEW.sport, NEW.day, NEW.week_start, NEW.month_start,
          NEW.year_start, NEW.distance_m, NEW.moving_time_s, NEW.elapsed_time_s, NEW.ascent_m, NEW.load);
      END IF;
      RETURN NULL;
    END $$`).execute(db);
  await sql.raw(`DROP TRIGGER IF EXISTS activity_metrics_rollup_facts ON activity_metrics`).execute(db);
  await sql.raw(`CREATE TRIGGER activity_metrics_rollup_facts AFTER INSERT OR UPDATE OR DELETE ON activity_metrics FOR EACH ROW EXECUTE FUNCTION ${ROLLUP_SCHEMA}.metrics_to_facts()`).execute(db);
  // Facts out of step with the metrics (first start, a restore, rows written before the trigger
  // existed): rebuilt in one statement (one row per activity).
  const diff = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT activity_id, start_time_ms, day, sport, load FROM activity_metrics
      EXCEPT ALL SELECT activity_id, start_time_ms, day, sport, load FROM ${sql.raw(facts)}) d`.execute(db);
  const extra = await sql<{ n: number }>`SELECT (SELECT count(*) FROM ${sql.raw(facts)}) - (SELECT count(*) FROM activity_metrics) AS n`.execute(db);
  if (Number(diff.rows[0].n) !== 0 || Number(extra.rows[0].n) !== 0) {
    await db.transaction().execute(async (trx) => {
      await sql.raw(`DELETE FROM ${facts}`).execute(trx);
      await sql.raw(`
        INSERT INTO ${facts} SELECT activity_id, user_id, start_time_ms, sport, day, week_start, month_start, year_start,
          distance_m, moving_time_s, elapsed_time_s, ascent_m, load FROM activity_metrics`).execute(trx);
    });
  }
  await sql.raw(`
    CREATE MATERIALIZED VIEW IF NOT EXISTS ${ACTIVITY_CAGG}
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT user_id, time_bucket(${DAY_MS}::bigint, start_time_ms) AS bucket, day, week_start, month_start, year_start, sport,
           count(*) AS n, sum(distance_m) AS distance_m, sum(moving_time_s) AS moving_time_s, sum(elapsed_time_s) AS elapsed_time_s,
           sum(ascent_m) AS ascent_m, sum(load) AS load
    FROM ${facts} GROUP BY user_id, bucket, day, week_start, month_start, year_start, sport WITH NO DATA`).execute(db);
  await sql.raw(`ALTER MATERIALIZED VIEW ${ACTIVITY_CAGG} SET (timescaledb.materialized_only = false)`).execute(db);
  await sql.raw(`SELECT add_continuous_aggregate_policy('${ACTIVITY_CAGG}', start_offset => NULL, end_offset => NULL, schedule_interval => INTERVAL '1 hour', if_not_exists => TRUE)`).execute(db);
}

async function createHealthRollups(db: Kysely<any>): Promise<void> {
  await sql.raw(`
    CREATE MATERIALIZED VIEW IF NOT EXISTS ${HEALTH_CAGG}
    WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT user_id, metric, source, time_bucket(${QUARTER_HOUR_MS}::bigint, t_ms) AS bucket,
           count(*) AS n, sum(value) AS sum, min(value) AS min, max(value) AS max, max(t_ms) AS last_t, last(value, t_ms) AS last
    FROM health_samples GROUP BY user_id, metric, source, bucket WITH NO DATA`).execute(db);
  await sql.raw(`ALTER MATERIALIZED VIEW ${HEALTH_CAGG} SET (timescaledb.materialized_only = false)`).execute(db);
  await sql.raw(`SELECT add_continuous_aggregate_policy('${HEALTH_CAGG}', start_offset => NULL, end_offset => NULL, schedule_interval => INTERVAL '1 hour', if_not_exists => TRUE)`).execute(db);
}

/** One refresh of a continuous aggregate at a time; callers arriving during one share the next. */
function refresher(db: Kysely<any>, cagg: string): () => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const run = () => withTxRetry(async () => void (await sql.raw(`CALL refresh_continuous_aggregate('${cagg}', NULL, NULL)`).execute(db)));
  return () => {
    if (!running) {
      running = run().finally(() => (running = null));
      return running;
    }
    if (!next) {
      next = running.catch(() => {}).then(() => {
        next = null;
        return run();
      });
    }
    return next;
  };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Daily loads and period totals from the continuous aggregate; refreshes and writes stay on the tables. */
export function timescaleAggregatesRepo(base: AnalysisAggregatesRepo, db: Kysely<any>): AnalysisAggregatesRepo {
  const refresh = refresher(db, ACTIVITY_CAGG);
  const periodColumn = { week: 'week_start', month: 'month_start', year: 'year_start' } as const;
  return {
    ...base,
    async dailyLoads(userId, toDay) {
      await refresh();
      const r = await sql<{ day: string; load: number }>`
        SELECT day, sum(load) AS load FROM ${sql.raw(ACTIVITY_CAGG)}
        WHERE user_id = ${userId} AND day <= ${toDay} GROUP BY day ORDER BY day COLLATE "C"`.execute(db);
      return r.rows.map((x) => ({ userId, day: x.day, load: num(x.load) }));
    },
    async totals(userId, period, sport) {
      if (!Object.hasOwn(periodColumn, period)) return base.totals(userId, period, sport);
      await refresh();
      const col = sql.raw(periodColumn[period]);
      const figures = sql`sum(n) AS count, coalesce(sum(distance_m), 0) AS distance_m, coalesce(sum(moving_time_s), 0) AS moving_time_s,
        coalesce(sum(elapsed_time_s), 0) AS elapsed_time_s, coalesce(sum(ascent_m), 0) AS ascent_m, coalesce(sum(load), 0) AS load`;
      const from = sql`FROM ${sql.raw(ACTIVITY_CAGG)} WHERE user_id = ${userId}`;
      // One scan of the aggregate: per sport and for all sports together (GROUPING SETS); two
      // scans joined by UNION ALL cost ~5× as much, mostly in planning the real-time union twice.
      const q =
        sport === undefined
          ? sql`SELECT ${col} AS period_start, CASE WHEN grouping(sport) = 1 THEN ${ALL_SPORTS}::text ELSE sport END AS sport, ${figures}
                ${from} GROUP BY GROUPING SETS ((${col}, sport), (${col}))`
          : sport === ALL_SPORTS
            ? sql`SELECT ${col} AS period_start, ${ALL_SPORTS}::text AS sport, ${figures} ${from} GROUP BY ${col}`
            : sql`SELECT ${col} AS period_start, sport, ${figures} ${from} AND sport = ${sport} GROUP BY ${col}, sport`;
      const r = await sql<Record<string, unknown>>`SELECT * FROM (${q}) x ORDER BY period_start COLLATE "C", sport COLLATE "C"`.execute(db);
      return r.rows.map((x): TotalsRow => ({
        userId,
        period,
        periodStart: String(x.periodStart),
        sport: String(x.sport),
        count: num(x.count),
        distanceM: num(x.distanceM),
        movingTimeS: num(x.movingTimeS),
        elapsedTimeS: num(x.elapsedTimeS),
        ascentM: num(x.ascentM),
        load: num(x.load),
      }));
    },
  };
}

/** The health writer's per-local-day sums from the 15-minute aggregate (whole quarter-hour offsets). */
export function timescaleHealthRepo(base: HealthRepo, db: Kysely<any>): HealthRepo {
  const refresh = refresher(db, HEALTH_CAGG);
  const out = Object.create(base) as HealthRepo;
  out.dailyAggregates = async (userId, metric, source, fromMs, toMs, offsetMs, withLast) => {
    const off = Math.trunc(offsetMs);
    // Buckets must nest in the local days, and times stay positive (integer division floors).
    if (off % QUARTER_HOUR_MS !== 0 || fromMs % QUARTER_HOUR_MS !== 0 || toMs % QUARTER_HOUR_MS !== 0 || fromMs < 0 || fromMs + off < 0) {
      return base.dailyAggregates(userId, metric, source, fromMs, toMs, offsetMs, withLast);
    }
    await refresh();
    const r = await sql<{ d: string; n: string; sum: number; min: number; max: number; last: number | null }>`
      SELECT (bucket + ${sql.lit(off)}) / ${sql.lit(DAY_MS)} AS d, sum(n) AS n, sum(sum) AS sum, min(min) AS min, max(max) AS max,
             (array_agg(last ORDER BY last_t DESC))[1] AS last
      FROM ${sql.raw(HEALTH_CAGG)}
      WHERE user_id = ${userId} AND metric = ${metric} AND source = ${source} AND bucket >= ${fromMs} AND bucket < ${toMs}
      GROUP BY 1 ORDER BY 1`.execute(db);
    return r.rows.map((x) => ({ dayMs: Number(x.d) * DAY_MS, n: Number(x.n), sum: num(x.sum), min: num(x.min), max: num(x.max), last: withLast && x.last !== null ? Number(x.last) : NaN }));
  };
  return out;
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
