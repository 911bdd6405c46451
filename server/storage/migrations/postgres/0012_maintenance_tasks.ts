import { sql, type Kysely } from 'kysely';

/**
 * One-time data passes that run at start (e.g. merging duplicate workouts imported before
 * duplicate detection covered every path, issue 13 §1): a row per task once it has finished, so a
 * pass is never redone over a user's own merges and splits. Number 0012 is reserved for this
 * branch (migrate.ts allows unordered migrations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE TABLE maintenance_tasks (name TEXT PRIMARY KEY, done_at_ms BIGINT NOT NULL)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
