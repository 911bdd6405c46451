import { sql, type Kysely } from 'kysely';

/**
 * Local time of every activity (issue 13 §2): its UTC offset at the start, the IANA zone when
 * known and where the offset came from (device | position | setting); and per-athlete settings,
 * starting with the time zone used when a file tells neither. Existing rows are filled by a
 * one-time pass at start (services/activities/local-time-backfill.ts). Number 0013 is reserved
 * for this branch (migrate.ts allows unordered migrations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE activities ADD COLUMN utc_offset_s INTEGER').execute(db);
  await sql.raw('ALTER TABLE activities ADD COLUMN time_zone TEXT').execute(db);
  await sql.raw('ALTER TABLE activities ADD COLUMN tz_source TEXT').execute(db);
  await sql.raw('CREATE TABLE user_settings (user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, time_zone TEXT, updated_at_ms BIGINT NOT NULL)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
