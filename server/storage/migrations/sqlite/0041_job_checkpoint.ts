import { sql, type Kysely } from 'kysely';

/**
 * Resumable jobs (issue 18): where a long job had got to (a recompute: how many activities were
 * done and the last one, in its stable order), so a job cut short by a kill or a shutdown resumes
 * from there on the next start instead of from zero. JSON, written with the job's progress.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE jobs ADD COLUMN checkpoint_json TEXT').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
