import { sql, type Kysely } from 'kysely';

/** The same column as sqlite/0041_job_checkpoint.ts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE jobs ADD COLUMN checkpoint_json TEXT').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
