import { sql, type Kysely } from 'kysely';

/**
 * Issue 15 (≤ 30 B/sample with SQL access): the TimescaleDB samples mirror stores position,
 * altitude, distance and speed as scaled integers at the stream codec's own resolution (1e-7°,
 * cm, cm, mm/s), which TimescaleDB compresses with delta-of-delta instead of Gorilla-coded
 * float64 (measured on the corpus: ~26 → ~14 B/sample compressed). `activity_samples_si`
 * (created with the hypertable at start, postgres/timescale.ts) shows them in degrees, metres and
 * m/s under the old column names.
 *
 * The mirror is derived data (the blob in `activity_streams` is the source, backups skip it), so
 * the table is recreated empty: start-up refills it from the blobs in Timescale mode
 * (backfillMirror); on plain PostgreSQL it stays empty. Its continuous aggregate goes with it
 * and is recreated at start.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP VIEW IF EXISTS activity_samples_si`).execute(db);
  // A continuous aggregate is dropped as a materialized view (TimescaleDB handles it).
  await sql.raw(`DROP MATERIALIZED VIEW IF EXISTS activity_samples_daily CASCADE`).execute(db);
  await sql.raw(`DROP TABLE IF EXISTS activity_samples CASCADE`).execute(db);
  await sql.raw(`
    CREATE TABLE activity_samples (
      activity_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      t TIMESTAMPTZ NOT NULL,
      seq INTEGER NOT NULL,
      lat_deg_e7 INTEGER,
      lon_deg_e7 INTEGER,
      altitude_cm INTEGER,
      distance_cm BIGINT,
      speed_mm_s INTEGER,
      hr_bpm REAL,
      cadence_rpm REAL,
      power_w REAL,
      temperature_c REAL
    )`).execute(db);
  await sql.raw(`CREATE INDEX activity_samples_activity ON activity_samples (activity_id, seq)`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
