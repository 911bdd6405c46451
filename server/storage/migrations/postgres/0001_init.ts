import { sql, type Kysely } from 'kysely';

/** PostgreSQL schema v1. Append-only: never edit a released migration; add the next numbered file. */
const statements = [
  `CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
  )`,
  `CREATE TABLE originals (
    user_id TEXT NOT NULL REFERENCES users(id),
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    format TEXT,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (user_id, sha256)
  )`,
  `CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    original_sha256 TEXT NOT NULL,
    source_index INTEGER NOT NULL,
    start_time_ms BIGINT NOT NULL,
    name TEXT NOT NULL,
    sport TEXT NOT NULL,
    sub_sport TEXT,
    format TEXT NOT NULL,
    device_manufacturer TEXT,
    device_product TEXT,
    device_serial TEXT,
    device_software TEXT,
    distance_m DOUBLE PRECISION,
    elapsed_time_s DOUBLE PRECISION,
    timer_time_s DOUBLE PRECISION,
    moving_time_s DOUBLE PRECISION,
    ascent_m DOUBLE PRECISION,
    descent_m DOUBLE PRECISION,
    avg_speed_mps DOUBLE PRECISION,
    max_speed_mps DOUBLE PRECISION,
    avg_hr_bpm DOUBLE PRECISION,
    max_hr_bpm DOUBLE PRECISION,
    avg_cadence_rpm DOUBLE PRECISION,
    avg_power_w DOUBLE PRECISION,
    max_power_w DOUBLE PRECISION,
    calories_kcal DOUBLE PRECISION,
    has_gps INTEGER NOT NULL,
    sample_count INTEGER NOT NULL,
    warnings_json TEXT NOT NULL,
    lengths_json TEXT NOT NULL,
    dev_fields_json TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (user_id, original_sha256, source_index)
  )`,
  `CREATE INDEX activities_user_start ON activities (user_id, start_time_ms)`,
  `CREATE INDEX activities_user_sport_start ON activities (user_id, sport, start_time_ms)`,
  `CREATE TABLE activity_sessions (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    sport TEXT NOT NULL,
    sub_sport TEXT,
    start_time_ms BIGINT NOT NULL,
    start_offset_s DOUBLE PRECISION NOT NULL,
    first_lap_index INTEGER NOT NULL,
    num_laps INTEGER NOT NULL,
    distance_m DOUBLE PRECISION,
    elapsed_time_s DOUBLE PRECISION,
    timer_time_s DOUBLE PRECISION,
    moving_time_s DOUBLE PRECISION,
    ascent_m DOUBLE PRECISION,
    descent_m DOUBLE PRECISION,
    avg_speed_mps DOUBLE PRECISION,
    max_speed_mps DOUBLE PRECISION,
    avg_hr_bpm DOUBLE PRECISION,
    max_hr_bpm DOUBLE PRECISION,
    avg_cadence_rpm DOUBLE PRECISION,
    avg_power_w DOUBLE PRECISION,
    max_power_w DOUBLE PRECISION,
    calories_kcal DOUBLE PRECISION,
    PRIMARY KEY (activity_id, idx)
  )`,
  `CREATE TABLE activity_laps (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start_time_ms BIGINT NOT NULL,
    start_offset_s DOUBLE PRECISION NOT NULL,
    lap_trigger TEXT,
    distance_m DOUBLE PRECISION,
    elapsed_time_s DOUBLE PRECISION,
    timer_time_s DOUBLE PRECISION,
    moving_time_s DOUBLE PRECISION,
    ascent_m DOUBLE PRECISION,
    descent_m DOUBLE PRECISION,
    avg_speed_mps DOUBLE PRECISION,
    max_speed_mps DOUBLE PRECISION,
    avg_hr_bpm DOUBLE PRECISION,
    max_hr_bpm DOUBLE PRECISION,
    avg_cadence_rpm DOUBLE PRECISION,
    avg_power_w DOUBLE PRECISION,
    max_power_w DOUBLE PRECISION,
    calories_kcal DOUBLE PRECISION,
    PRIMARY KEY (activity_id, idx)
  )`,
  `CREATE TABLE activity_streams (
    activity_id TEXT PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    data BYTEA NOT NULL
  )`,
  `CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL,
    created_at_ms BIGINT NOT NULL,
    finished_at_ms BIGINT
  )`,
  `CREATE INDEX import_jobs_user_created ON import_jobs (user_id, created_at_ms)`,
  `CREATE TABLE import_files (
    job_id TEXT NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    sha256 TEXT,
    activity_id TEXT,
    error TEXT,
    warnings_json TEXT,
    PRIMARY KEY (job_id, idx)
  )`,
  // Postgres keeps the native channels one row per sample (a Timescale hypertable when the
  // extension exists, see timescale.ts); activity_streams then holds the developer channels only.
  `CREATE TABLE activity_samples (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    t TIMESTAMPTZ NOT NULL,
    seq INTEGER NOT NULL,
    lat_deg DOUBLE PRECISION,
    lon_deg DOUBLE PRECISION,
    altitude_m REAL,
    distance_m DOUBLE PRECISION,
    speed_mps REAL,
    hr_bpm REAL,
    cadence_rpm REAL,
    power_w REAL,
    temperature_c REAL
  )`,
  `CREATE INDEX activity_samples_activity ON activity_samples (activity_id, seq)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
