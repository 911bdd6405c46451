import { sql, type Kysely } from 'kysely';

/**
 * TimescaleDB features, switched on only when the extension exists (design.md §4). Idempotent:
 * runs at every start after the migrations. Returns whether Timescale is active.
 */
export async function enableTimescale(db: Kysely<any>): Promise<boolean> {
  const available = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'`.execute(db);
  if (!available.rows[0]?.n) return false;
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS timescaledb`.execute(db);
  } catch {
    return false; // not allowed to create it (no superuser / not preloaded): plain PostgreSQL path
  }
  // Samples are appended per activity and read per activity: segment compressed chunks by activity.
  await sql`SELECT create_hypertable('activity_samples', 't', chunk_time_interval => INTERVAL '30 days', if_not_exists => TRUE, migrate_data => TRUE)`.execute(db);
  await sql`ALTER TABLE activity_samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'user_id, activity_id', timescaledb.compress_orderby = 'seq')`.execute(db);
  await sql`SELECT add_compression_policy('activity_samples', INTERVAL '60 days', if_not_exists => TRUE)`.execute(db);
  // Daily per-user sample aggregates (training time with HR/power) served by a continuous aggregate.
  await sql`
    CREATE MATERIALIZED VIEW IF NOT EXISTS activity_samples_daily
    WITH (timescaledb.continuous) AS
    SELECT user_id, time_bucket(INTERVAL '1 day', t) AS day, count(*) AS samples,
           avg(hr_bpm) AS avg_hr_bpm, max(hr_bpm) AS max_hr_bpm, avg(power_w) AS avg_power_w, max(power_w) AS max_power_w
    FROM activity_samples GROUP BY user_id, day WITH NO DATA`.execute(db);
  await sql`SELECT add_continuous_aggregate_policy('activity_samples_daily', start_offset => INTERVAL '10 years', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour', if_not_exists => TRUE)`.execute(db);
  await enableHealthHypertable(db);
  return true;
}

/**
 * Wellness intraday series (migration 0005_health) as a hypertable on its epoch-ms BIGINT time
 * column, 30-day chunks. Guarded: a failure here (older Timescale, table missing) leaves the plain
 * table working and must not turn Timescale off for the activity samples.
 */
async function enableHealthHypertable(db: Kysely<any>): Promise<void> {
  try {
    await sql`SELECT create_hypertable('health_samples', 't_ms', chunk_time_interval => 2592000000::bigint, if_not_exists => TRUE, migrate_data => TRUE)`.execute(db);
  } catch (e) {
    console.warn(`[timescale] health_samples stays a plain table: ${e instanceof Error ? e.message : String(e)}`);
  }
}
