import { sql, type Kysely } from 'kysely';

/**
 * The per-athlete data fingerprint (count, latest `updated_at_ms`; repos/routes.repo.ts
 * dataVersion) read by the read cache and the heatmap once a second per browsing athlete: it
 * walked every activity row of the athlete (1.8 ms at 1,000 activities, a fifth of a server's CPU
 * with 50 athletes browsing, issue 14); with this index it reads the index only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE INDEX IF NOT EXISTS activities_user_updated ON activities (user_id, updated_at_ms)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
