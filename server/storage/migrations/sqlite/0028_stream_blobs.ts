import type { Kysely } from 'kysely';

/**
 * Issue 15: PostgreSQL folds its per-sample rows back into the columnar blob SQLite has always
 * kept in `activity_streams`. Nothing changes here; the twin keeps the migration names matched.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
