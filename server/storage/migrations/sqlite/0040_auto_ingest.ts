import { sql, type Kysely } from 'kysely';

/**
 * Data that arrives by itself (issue 18): durable jobs (imports, recomputes, syncs, backups,
 * cleanups) with progress and attempts; watched folders and the per-file state that makes each
 * landed file import exactly once across restarts; and a small per-user key/value table for the
 * state of sources that are one object each (Garmin Connect sync, notification settings, USB
 * devices seen). Number 0040 is reserved for this branch (migrate.ts allows unordered migrations).
 */
export const statements = (big: string) => [
  `CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    params_json TEXT NOT NULL,
    progress_done ${big} NOT NULL,
    progress_total ${big} NOT NULL,
    message TEXT,
    result_json TEXT,
    error TEXT,
    attempt ${big} NOT NULL,
    retry_of TEXT,
    created_at_ms ${big} NOT NULL,
    started_at_ms ${big},
    finished_at_ms ${big},
    updated_at_ms ${big} NOT NULL
  )`,
  `CREATE INDEX jobs_user_created ON jobs (user_id, created_at_ms)`,
  `CREATE INDEX jobs_status ON jobs (status)`,
  `CREATE TABLE watch_folders (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    path TEXT NOT NULL,
    mode TEXT NOT NULL,
    poll_interval_s ${big} NOT NULL,
    origin TEXT NOT NULL,
    created_at_ms ${big} NOT NULL
  )`,
  `CREATE UNIQUE INDEX watch_folders_user_path ON watch_folders (user_id, path)`,
  `CREATE TABLE watch_files (
    folder_id TEXT NOT NULL,
    rel_path TEXT NOT NULL,
    size_bytes ${big} NOT NULL,
    mtime_ms ${big} NOT NULL,
    sha256 TEXT,
    status TEXT NOT NULL,
    import_job_id TEXT,
    activity_id TEXT,
    error TEXT,
    updated_at_ms ${big} NOT NULL,
    PRIMARY KEY (folder_id, rel_path)
  )`,
  `CREATE TABLE source_state (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value_json TEXT NOT NULL,
    updated_at_ms ${big} NOT NULL,
    PRIMARY KEY (user_id, key)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements('INTEGER')) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
