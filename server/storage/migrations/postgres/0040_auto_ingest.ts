import { sql, type Kysely } from 'kysely';
import { statements } from '../sqlite/0040_auto_ingest.js';

/** The same tables as sqlite/0040_auto_ingest.ts, with BIGINT for epoch milliseconds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements('BIGINT')) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
