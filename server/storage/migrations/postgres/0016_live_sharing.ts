import { sql, type Kysely } from 'kysely';

/**
 * Live sharing (issue 19): per-athlete tracker tokens (only a SHA-256 of the token is kept: it is
 * 32 random bytes, so a fast hash is enough and every tracker request can be checked without
 * argon2id), sessions (one share link each; the share token is kept as issued so the athlete can
 * copy the link again: it grants read access to one session only), and the points, keyed by
 * (session, time) so a tracker re-sending its queue after a tunnel is deduplicated by the key.
 * Number 0016 is reserved for this branch (migrate.ts allows unordered migrations).
 */
const statements = [
  `CREATE TABLE live_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at_ms BIGINT NOT NULL,
    last_used_at_ms BIGINT,
    revoked_at_ms BIGINT
  )`,
  `CREATE INDEX live_tokens_user ON live_tokens (user_id)`,
  `CREATE TABLE live_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    token_id TEXT NOT NULL,
    started_at_ms BIGINT NOT NULL,
    last_point_ms BIGINT NOT NULL,
    last_received_at_ms BIGINT NOT NULL,
    ended_at_ms BIGINT,
    end_reason TEXT,
    share_token TEXT NOT NULL UNIQUE,
    share_expires_at_ms BIGINT NOT NULL,
    share_revoked_at_ms BIGINT,
    activity_id TEXT,
    created_at_ms BIGINT NOT NULL
  )`,
  `CREATE INDEX live_sessions_user ON live_sessions (user_id, started_at_ms)`,
  `CREATE INDEX live_sessions_token ON live_sessions (token_id, started_at_ms)`,
  `CREATE TABLE live_points (
    session_id TEXT NOT NULL,
    t_ms BIGINT NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    altitude_m DOUBLE PRECISION,
    speed_mps DOUBLE PRECISION,
    heading_deg DOUBLE PRECISION,
    accuracy_m DOUBLE PRECISION,
    hr_bpm DOUBLE PRECISION,
    battery_pct DOUBLE PRECISION,
    received_at_ms BIGINT NOT NULL,
    PRIMARY KEY (session_id, t_ms)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
