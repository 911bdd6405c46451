import { sql, type Kysely } from 'kysely';
import { AUTH_STATE_STATEMENTS } from '../sqlite/0021_auth_state.js';

/** Login backoff, pending OIDC logins and password reset links in the database (issue 14): plain SQL both dialects accept (see the SQLite file). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of AUTH_STATE_STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
