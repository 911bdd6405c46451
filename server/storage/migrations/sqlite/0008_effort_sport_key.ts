import { sql, type Kysely } from 'kysely';

/**
 * activity_efforts is keyed by (activity, sport, kind, key): a multisport activity holds the
 * efforts of each leg under the leg's sport (issue 13), so a triathlon has a 5 s heart-rate point
 * for the ride and another for the run. SQLite cannot change a primary key in place: the table is
 * rebuilt (same columns, same rows) and its index re-created.
 */
const statements = [
  `CREATE TABLE activity_efforts_new (
    activity_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    sport TEXT NOT NULL,
    kind TEXT NOT NULL,
    key REAL NOT NULL,
    value REAL NOT NULL,
    start_time_ms INTEGER NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (activity_id, sport, kind, key)
  )`,
  `INSERT INTO activity_efforts_new (activity_id, user_id, sport, kind, key, value, start_time_ms, year)
     SELECT activity_id, user_id, sport, kind, key, value, start_time_ms, year FROM activity_efforts`,
  `DROP TABLE activity_efforts`,
  `ALTER TABLE activity_efforts_new RENAME TO activity_efforts`,
  `CREATE INDEX activity_efforts_year ON activity_efforts (user_id, sport, kind, key, year, value)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
