import type { Kysely } from 'kysely';

/**
 * Issue 15: PostgreSQL's TimescaleDB samples mirror gets scaled-integer columns. SQLite has no
 * mirror (its samples live in `activity_streams.data`); the twin keeps the migration names matched.
 */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
