import { sql, type Kysely } from 'kysely';

/**
 * Start-up asks which athletes have activities analysed by an older analysis version
 * (repos/analysis.repo.ts staleUsers, recompute-jobs.ts): without an index that read every
 * `activity_metrics` row, 1.1 s of a server's start at 50,000 activities (issue 14: "server
 * ready < 1 s"); with it, only the stale rows, normally none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE INDEX IF NOT EXISTS activity_metrics_version_user ON activity_metrics (analysis_version, user_id)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
