import { sql, type Kysely } from 'kysely';

/**
 * Routes, segments and the per-activity resampled tracks they are computed from (issue 6).
 * Derived data only: no foreign keys to activities, so deleting an activity never waits on these
 * tables; the routes/segments services clean up on the `deleted` event.
 * Tracks are compact blobs (domain/routes/track-codec.ts); the summary columns beside them let
 * the prefilter run as an indexed range query before any blob is read.
 */
const SUMMARY = `start_lat DOUBLE PRECISION NOT NULL,
    start_lon DOUBLE PRECISION NOT NULL,
    end_lat DOUBLE PRECISION NOT NULL,
    end_lon DOUBLE PRECISION NOT NULL,
    min_lat DOUBLE PRECISION NOT NULL,
    max_lat DOUBLE PRECISION NOT NULL,
    min_lon DOUBLE PRECISION NOT NULL,
    max_lon DOUBLE PRECISION NOT NULL,
    distance_m DOUBLE PRECISION NOT NULL,
    point_count INTEGER NOT NULL,
    track BYTEA NOT NULL`;

const statements = [
  `CREATE TABLE activity_tracks (
    activity_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    sport TEXT NOT NULL,
    start_time_ms BIGINT NOT NULL,
    route_id TEXT,
    route_cost_m DOUBLE PRECISION,
    ${SUMMARY}
  )`,
  `CREATE INDEX activity_tracks_user_route ON activity_tracks (user_id, route_id)`,
  `CREATE INDEX activity_tracks_user_lat ON activity_tracks (user_id, min_lat)`,
  `CREATE TABLE routes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    sport TEXT NOT NULL,
    reverse_of TEXT,
    created_at_ms BIGINT NOT NULL,
    ${SUMMARY}
  )`,
  `CREATE INDEX routes_user_start ON routes (user_id, sport, start_lat)`,
  `CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    both_directions INTEGER NOT NULL,
    source_activity_id TEXT,
    created_at_ms BIGINT NOT NULL,
    ${SUMMARY}
  )`,
  `CREATE INDEX segments_user ON segments (user_id)`,
  `CREATE TABLE segment_efforts (
    segment_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    start_time_ms BIGINT NOT NULL,
    start_offset_s DOUBLE PRECISION NOT NULL,
    end_offset_s DOUBLE PRECISION NOT NULL,
    elapsed_s DOUBLE PRECISION NOT NULL,
    cost_m DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (segment_id, activity_id, start_offset_s)
  )`,
  `CREATE INDEX segment_efforts_user_activity ON segment_efforts (user_id, activity_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
