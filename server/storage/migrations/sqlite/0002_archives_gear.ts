import { sql, type Kysely } from 'kysely';

/**
 * Issue 4 (Strava / Garmin account exports, gear). Columns are added with ALTER TABLE … ADD COLUMN
 * so existing databases keep their rows; the same statements exist for the other dialect.
 */
const statements = [
  `ALTER TABLE activities ADD COLUMN description TEXT`,
  `ALTER TABLE activities ADD COLUMN private_note TEXT`,
  `ALTER TABLE activities ADD COLUMN commute INTEGER`,
  `ALTER TABLE activities ADD COLUMN perceived_exertion REAL`,
  `ALTER TABLE activities ADD COLUMN gear_id TEXT`,
  // Where the activity's metadata came from: file | strava | garmin | manual (see activity-meta.repo.ts).
  `ALTER TABLE activities ADD COLUMN source TEXT`,
  `ALTER TABLE activities ADD COLUMN media_json TEXT`,
  `CREATE TABLE gear (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    brand TEXT,
    model TEXT,
    notes TEXT,
    retired INTEGER NOT NULL,
    default_sports_json TEXT NOT NULL,
    initial_distance_m REAL NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (user_id, name)
  )`,
  `CREATE INDEX activities_user_gear ON activities (user_id, gear_id)`,
  // One activity can arrive from several places (a loose FIT, a Strava export, a Garmin export):
  // each arrival is recorded, so re-imports are recognised and the origin stays traceable.
  `CREATE TABLE activity_sources (
    user_id TEXT NOT NULL REFERENCES users(id),
    activity_id TEXT NOT NULL,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    sha256 TEXT,
    file_name TEXT,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, source, external_id)
  )`,
  `CREATE INDEX activity_sources_activity ON activity_sources (user_id, activity_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
