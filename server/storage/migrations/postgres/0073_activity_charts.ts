import { sql, type Kysely } from 'kysely';

/**
 * The activity page's chart, stored ready to send (issue 14): the default request's JSON, gzip
 * compressed, rendered once from the stream blob (at import in the parse worker, else by the
 * background fill, services/streams-render/chart-fill.ts). Serving it is one read of ~30 KB
 * instead of decode, downsample, JSON and compression on every view (~2 ms of CPU each).
 * Derived data: deleted with its streams, never carried by a backup, rebuilt when `version`
 * (the renderer's) changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE IF NOT EXISTS activity_charts (
    activity_id TEXT PRIMARY KEY REFERENCES activity_streams(activity_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body BYTEA NOT NULL
  )`).execute(db);
  // Charts of an older renderer are found by this index, not by reading every row (each holds a
  // ~30 KB body: a page read per activity). ActivityChartsRepo.dropOtherVersions.
  await sql.raw('CREATE INDEX IF NOT EXISTS activity_charts_version ON activity_charts (version)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
