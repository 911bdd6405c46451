import { sql, type Kysely } from 'kysely';

/**
 * Planned routes of live sessions (issue 19: "optional planned route (GPX) shown under the live
 * trail with distance to go"): one line per session, from an uploaded GPX, a stored route or a
 * recorded activity, resampled and kept in the track codec's bytes (domain/routes/track-codec.ts).
 * The row goes with its session (retention sweep). Number 0018 is reserved for this branch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE live_plans (
        session_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        distance_m DOUBLE PRECISION NOT NULL,
        point_count BIGINT NOT NULL,
        track BYTEA NOT NULL,
        created_at_ms BIGINT NOT NULL
      )`,
    )
    .execute(db);
  await sql.raw('CREATE INDEX live_plans_user ON live_plans (user_id)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
