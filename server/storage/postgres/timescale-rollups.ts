import { sql, type Kysely } from 'kysely';

/**
 * Continuous aggregates over the samples mirror (community edition only). Real-time aggregation
 * (`materialized_only = false`) so a query sees rows imported since the last refresh; the refresh
 * policy has no start offset (the old 10-year window left older history out).
 */
export async function createTimescaleRollups(db: Kysely<any>, notes: string[]): Promise<boolean> {
  try {
    await sql`
      CREATE MATERIALIZED VIEW IF NOT EXISTS activity_samples_daily
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT user_id, time_bucket(INTERVAL '1 day', t) AS day, count(*) AS samples,
             avg(hr_bpm) AS avg_hr_bpm, max(hr_bpm) AS max_hr_bpm, avg(power_w) AS avg_power_w, max(power_w) AS max_power_w
      FROM activity_samples GROUP BY user_id, day WITH NO DATA`.execute(db);
    await sql`ALTER MATERIALIZED VIEW activity_samples_daily SET (timescaledb.materialized_only = false)`.execute(db);
    const old = await sql<{ id: number }>`
      SELECT job_id AS id FROM timescaledb_information.jobs
      WHERE hypertable_name IN (SELECT materialization_hypertable_name FROM timescaledb_information.continuous_aggregates WHERE view_name = 'activity_samples_daily')
        AND proc_name = 'policy_refresh_continuous_aggregate' AND config->>'start_offset' IS NOT NULL`.execute(db);
    if (old.rows.length) await sql`SELECT remove_continuous_aggregate_policy('activity_samples_daily', if_exists => TRUE)`.execute(db);
    await sql`SELECT add_continuous_aggregate_policy('activity_samples_daily', start_offset => NULL, end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour', if_not_exists => TRUE)`.execute(db);
    return true;
  } catch (e) {
    notes.push(`continuous aggregates: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}
