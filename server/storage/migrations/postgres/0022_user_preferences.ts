import { sql, type Kysely } from 'kysely';
import { USER_PREFERENCE_STATEMENTS } from '../sqlite/0022_user_preferences.js';

/** Units and map layer per user (issue 14): plain SQL both dialects accept (see the SQLite file). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of USER_PREFERENCE_STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
