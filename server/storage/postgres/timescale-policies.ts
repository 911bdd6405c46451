import { sql, type Kysely } from 'kysely';

const DAY_MS = 86_400_000;
/** health_samples chunks are compressed once wholly this much older than now (late upserts stay cheap before). */
export const HEALTH_COMPRESS_AFTER_MS = 7 * DAY_MS;

/**
 * Compression and retention policies (community edition only). Each statement is idempotent
 * (`if_not_exists`), so this runs at every start; a failure is noted for /api/v1/health and the
 * rest still runs. Returns whether samples compression is on.
 *
 * - activity_samples: compressed by chunk *creation* age (`compress_created_before`), so an
 *   import of a 2019 ride and of today's ride are both compressed within ~30 minutes; rows that
 *   arrive in an already compressed chunk are recompressed by the same policy. The app does the
 *   same by itself a few seconds after writes settle (timescale-compaction.ts), which also covers
 *   builds whose background jobs fail.
 * - health_samples: compressed a week after the sample's time (late upserts stay cheap before).
 * - live_points: transient; a hypertable with a 7-day retention policy as a backstop of the
 *   app's own sweep (MILEVAULT_LIVE_RETENTION_H, default 48 h), dropping whole chunks.
 */
export async function createTimescalePolicies(db: Kysely<any>, notes: string[]): Promise<boolean> {
  const step = async (what: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (e) {
      notes.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  };
  // Integer (epoch-ms) hypertables need "now" in their own unit for policies.
  await step('now function', () =>
    sql.raw(`CREATE OR REPLACE FUNCTION milevault_now_ms() RETURNS BIGINT LANGUAGE SQL STABLE AS $$ SELECT (extract(epoch FROM now()) * 1000)::bigint $$`).execute(db));

  const samples = await step('activity_samples compression', async () => {
    await sql`ALTER TABLE activity_samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'user_id, activity_id', timescaledb.compress_orderby = 'seq')`.execute(db);
    // An older start used an age-based policy (60 days): replace it by the creation-time one.
    const old = await sql<{ id: number }>`
      SELECT job_id AS id FROM timescaledb_information.jobs
      WHERE hypertable_name = 'activity_samples' AND proc_name = 'policy_compression' AND NOT (config ? 'compress_created_before')`.execute(db);
    if (old.rows.length) await sql`SELECT remove_compression_policy('activity_samples', if_exists => TRUE)`.execute(db);
    await sql`SELECT add_compression_policy('activity_samples', compress_created_before => INTERVAL '15 minutes', schedule_interval => INTERVAL '15 minutes', if_not_exists => TRUE)`.execute(db);
  });

  await step('health_samples compression', async () => {
    await sql`SELECT set_integer_now_func('health_samples', 'milevault_now_ms', replace_if_exists => TRUE)`.execute(db);
    await sql`ALTER TABLE health_samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'user_id, metric', timescaledb.compress_orderby = 't_ms, source')`.execute(db);
    await sql`SELECT add_compression_policy('health_samples', compress_after => ${HEALTH_COMPRESS_AFTER_MS}::bigint, if_not_exists => TRUE)`.execute(db);
  });

  await step('live_points retention', async () => {
    await sql`SELECT create_hypertable('live_points', 't_ms', chunk_time_interval => ${DAY_MS}::bigint, if_not_exists => TRUE, migrate_data => TRUE)`.execute(db);
    await sql`SELECT set_integer_now_func('live_points', 'milevault_now_ms', replace_if_exists => TRUE)`.execute(db);
    await sql`SELECT add_retention_policy('live_points', drop_after => ${7 * DAY_MS}::bigint, if_not_exists => TRUE)`.execute(db);
  });
  return samples;
}
