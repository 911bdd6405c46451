import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, "every per-athlete setting is per user": the display preferences the UI kept in the
 * browser's localStorage (metric/imperial units, the map's base layer) become columns of the
 * per-user settings row, so two people on one server, or one person on two devices, each get
 * their own. Null: not chosen yet (the UI then offers what the browser had, once). Number 0022 is
 * reserved for this branch. Same text in both dialects.
 */
export const USER_PREFERENCE_STATEMENTS = [`ALTER TABLE user_settings ADD COLUMN units TEXT`, `ALTER TABLE user_settings ADD COLUMN map_layer TEXT`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of USER_PREFERENCE_STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
