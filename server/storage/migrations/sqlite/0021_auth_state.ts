import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, login state that used to live in the server process (a restart or a second process
 * forgot it): failed-login backoff counters per email and per IP, OpenID Connect logins between
 * the redirect to the provider and its callback (the PKCE verifier and nonce, keyed by the SHA-256
 * of the state), and one-time password reset links made by an admin (SHA-256 of the link token,
 * like invites). Expired rows are swept (services/accounts/accounts.service.ts sweepExpired).
 * Number 0021 is reserved for this branch (migrate.ts allows unordered migrations). Same text in
 * both dialects.
 */
export const AUTH_STATE_STATEMENTS = [
  `CREATE TABLE login_backoff (
    backoff_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_ms BIGINT NOT NULL
  )`,
  `CREATE INDEX login_backoff_last ON login_backoff (last_ms)`,
  `CREATE TABLE oidc_pending (
    state_hash TEXT PRIMARY KEY,
    verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
  )`,
  `CREATE INDEX oidc_pending_expires ON oidc_pending (expires_at_ms)`,
  `CREATE TABLE password_resets (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    used_at_ms BIGINT
  )`,
  `CREATE INDEX password_resets_user ON password_resets (user_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of AUTH_STATE_STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
