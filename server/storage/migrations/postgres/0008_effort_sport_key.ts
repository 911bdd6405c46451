import { sql, type Kysely } from 'kysely';

/**
 * activity_efforts is keyed by (activity, sport, kind, key): a multisport activity holds the
 * efforts of each leg under the leg's sport (issue 13), so a triathlon has a 5 s heart-rate point
 * for the ride and another for the run.
 */
const statements = [
  `ALTER TABLE activity_efforts DROP CONSTRAINT IF EXISTS activity_efforts_pkey`,
  `ALTER TABLE activity_efforts ADD PRIMARY KEY (activity_id, sport, kind, key)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
