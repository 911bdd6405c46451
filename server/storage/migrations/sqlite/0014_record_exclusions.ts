import { sql, type Kysely } from 'kysely';

/**
 * Records the athlete has excluded (issue 13 §3): a whole activity (sport, kind = '*', key 0) or
 * one record candidate (its records sport, kind and key). Efforts matching a row are not written
 * to activity_efforts, so records, progression and all-time curves leave them out. Number 0014
 * is reserved for this branch (migrate.ts allows unordered migrations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE record_exclusions (
        user_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        sport TEXT NOT NULL,
        kind TEXT NOT NULL,
        key REAL NOT NULL,
        created_at_ms BIGINT NOT NULL,
        PRIMARY KEY (user_id, activity_id, sport, kind, key)
      )`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
