import { sql, type Kysely } from 'kysely';

/**
 * Year goals (issue 17, "plan of the year"): per user, year and sport a distance and/or moving-time
 * target (repos/year-goals.repo.ts). Number 0070 is reserved for this branch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE year_goals (
        user_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        sport TEXT NOT NULL,
        distance_m DOUBLE PRECISION,
        moving_time_s DOUBLE PRECISION,
        updated_at_ms BIGINT NOT NULL,
        PRIMARY KEY (user_id, year, sport)
      )`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
