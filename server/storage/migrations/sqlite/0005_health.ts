import { sql, type Kysely } from 'kysely';

/**
 * Wellness store, API keys and insights (issue 7). Daily summaries and intraday series are long
 * tables keyed by (user, metric, time, source), so a new metric or source needs no migration and
 * per-metric source priority is a lookup, not a column choice.
 */
const statements = [
  `CREATE TABLE health_daily (
    user_id TEXT NOT NULL REFERENCES users(id),
    metric TEXT NOT NULL,
    day_ms INTEGER NOT NULL,
    source TEXT NOT NULL,
    value REAL NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, metric, day_ms, source)
  )`,
  `CREATE INDEX health_daily_user_day ON health_daily (user_id, day_ms)`,
  `CREATE TABLE health_samples (
    user_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    source TEXT NOT NULL,
    t_ms INTEGER NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (user_id, metric, source, t_ms)
  ) WITHOUT ROWID`,
  `CREATE TABLE health_sleep (
    user_id TEXT NOT NULL REFERENCES users(id),
    source TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    day_ms INTEGER NOT NULL,
    stages_json TEXT NOT NULL,
    PRIMARY KEY (user_id, source, start_ms)
  )`,
  `CREATE INDEX health_sleep_user_day ON health_sleep (user_id, day_ms)`,
  `CREATE TABLE health_source_priority (
    user_id TEXT NOT NULL REFERENCES users(id),
    metric TEXT NOT NULL,
    sources_json TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, metric)
  )`,
  `CREATE TABLE health_payloads (
    user_id TEXT NOT NULL REFERENCES users(id),
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    summary_json TEXT NOT NULL,
    PRIMARY KEY (user_id, sha256)
  )`,
  `CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_used_at_ms INTEGER,
    revoked_at_ms INTEGER
  )`,
  `CREATE INDEX api_keys_user ON api_keys (user_id)`,
  `CREATE TABLE insights (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    detector TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    day_ms INTEGER NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    dismissed_at_ms INTEGER,
    UNIQUE (user_id, detector, dedupe_key)
  )`,
  `CREATE TABLE insight_state (
    user_id TEXT NOT NULL REFERENCES users(id),
    detector TEXT NOT NULL,
    state_json TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, detector)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
