import { sql, type Kysely } from 'kysely';
import { ACCOUNT_STATEMENTS } from '../sqlite/0020_accounts.js';

/** Accounts for server mode (issue 14): the statements are plain SQL both dialects accept (see the SQLite file). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of ACCOUNT_STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
