import { sql, type Kysely } from 'kysely';

/**
 * Analysis (issue 5), postgres. Append-only. Aggregates are stored so the records, fitness, totals and
 * calendar pages answer from small indexed tables instead of scanning streams:
 * - activity_metrics: one row per activity (load, zones, curves, best efforts as JSON for the page);
 * - activity_efforts: one row per best effort / curve point, the candidates for the records;
 * - records: current best per (sport, kind, key) all-time (year 0) and per year;
 * - daily_load, period_totals: sums maintained as activities change;
 * - thresholds: dated FTP / HR / pace / weight values.
 * No foreign keys to activities: the analysis service removes its rows on the "deleted" event, and
 * a recompute can rebuild everything from the activities.
 */
const statements = [
  `CREATE TABLE activity_metrics (
    activity_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    sport TEXT NOT NULL,
    start_time_ms BIGINT NOT NULL,
    day TEXT NOT NULL,
    week_start TEXT NOT NULL,
    month_start TEXT NOT NULL,
    year_start TEXT NOT NULL,
    distance_m DOUBLE PRECISION,
    moving_time_s DOUBLE PRECISION,
    elapsed_time_s DOUBLE PRECISION,
    ascent_m DOUBLE PRECISION,
    descent_m DOUBLE PRECISION,
    load DOUBLE PRECISION NOT NULL,
    load_source TEXT,
    tss DOUBLE PRECISION,
    intensity_factor DOUBLE PRECISION,
    normalized_power_w DOUBLE PRECISION,
    variability_index DOUBLE PRECISION,
    work_kj DOUBLE PRECISION,
    hr_tss DOUBLE PRECISION,
    trimp DOUBLE PRECISION,
    gap_mps DOUBLE PRECISION,
    best_efforts_json TEXT NOT NULL,
    zones_json TEXT NOT NULL,
    curves_json TEXT NOT NULL,
    computed_at_ms BIGINT NOT NULL
  )`,
  `CREATE INDEX activity_metrics_user_day ON activity_metrics (user_id, day)`,
  `CREATE INDEX activity_metrics_user_sport_day ON activity_metrics (user_id, sport, day)`,
  `CREATE TABLE activity_efforts (
    activity_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    sport TEXT NOT NULL,
    kind TEXT NOT NULL,
    key DOUBLE PRECISION NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    start_time_ms BIGINT NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (activity_id, kind, key)
  )`,
  `CREATE INDEX activity_efforts_best ON activity_efforts (user_id, sport, kind, key, value)`,
  `CREATE INDEX activity_efforts_year ON activity_efforts (user_id, sport, kind, key, year, value)`,
  `CREATE TABLE records (
    user_id TEXT NOT NULL,
    sport TEXT NOT NULL,
    kind TEXT NOT NULL,
    key DOUBLE PRECISION NOT NULL,
    year INTEGER NOT NULL,
    activity_id TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    start_time_ms BIGINT NOT NULL,
    PRIMARY KEY (user_id, sport, kind, key, year)
  )`,
  `CREATE INDEX records_user_activity ON records (user_id, activity_id)`,
  `CREATE TABLE daily_load (
    user_id TEXT NOT NULL,
    day TEXT NOT NULL,
    load DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (user_id, day)
  )`,
  `CREATE TABLE period_totals (
    user_id TEXT NOT NULL,
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    sport TEXT NOT NULL,
    count INTEGER NOT NULL,
    distance_m DOUBLE PRECISION NOT NULL,
    moving_time_s DOUBLE PRECISION NOT NULL,
    elapsed_time_s DOUBLE PRECISION NOT NULL,
    ascent_m DOUBLE PRECISION NOT NULL,
    load DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (user_id, period, period_start, sport)
  )`,
  `CREATE TABLE thresholds (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    sport TEXT,
    value DOUBLE PRECISION NOT NULL,
    valid_from TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
  )`,
  `CREATE INDEX thresholds_user ON thresholds (user_id, kind)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
