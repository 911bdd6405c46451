import { sql, type Kysely } from 'kysely';

/**
 * activity_efforts keeps one key-ordered index instead of two. `activity_efforts_best`
 * (user, sport, kind, key, value) duplicated the leading columns of `activity_efforts_year`
 * (user, sport, kind, key, year, value): the all-time best of a key is found through the year
 * index (equality on the four leading columns, then the key's rows, a few thousand for ten years
 * of daily training, sorted). Each of the ~80 effort rows an activity writes updated both
 * indexes; dropping one cut the effort insert from ~1.06 ms to ~0.70 ms per imported activity
 * (SQLite, 500 one-hour activities), the largest single statement of an import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS activity_efforts_best').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
