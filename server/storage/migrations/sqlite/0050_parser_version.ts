import { sql, type Kysely } from 'kysely';

/**
 * Which version of the parsers produced each activity's stored summary, sessions, laps, lengths and
 * streams (issue 13: fixes such as TCX swim sports, pool lengths, chained FIT parts and cleaned
 * ascent must also correct data imported before them). Existing rows get 0; a background pass
 * (services/activities/reparse-existing.ts) re-reads their originals and refreshes them in place,
 * keeping id, name edits, gear, notes and sources. Numbers 0050–0052 are reserved for this branch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE activities ADD COLUMN parser_version INTEGER NOT NULL DEFAULT 0').execute(db);
  await sql.raw('CREATE INDEX activities_user_parser_version ON activities (user_id, parser_version)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
