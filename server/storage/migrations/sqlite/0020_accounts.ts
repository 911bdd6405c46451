import { sql, type Kysely } from 'kysely';

/**
 * Accounts for server mode (issue 14): login columns on users, browser sessions (only a SHA-256 of
 * the 32-byte random cookie value is kept), one-time invites (hashed the same way), personal access
 * tokens (argon2id like the Health Auto Export keys) and the audit log. Number 0020 is reserved for
 * this branch (migrate.ts allows unordered migrations). Same text in both dialects.
 */
export const ACCOUNT_STATEMENTS = [
  `ALTER TABLE users ADD COLUMN email TEXT`,
  `ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'athlete'`,
  `ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active'`,
  `ALTER TABLE users ADD COLUMN password_hash TEXT`,
  `ALTER TABLE users ADD COLUMN oidc_subject TEXT`,
  `CREATE UNIQUE INDEX users_email ON users (email)`,
  `CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_subject)`,
  `CREATE TABLE auth_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL,
    last_seen_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    user_agent TEXT,
    ip TEXT
  )`,
  `CREATE INDEX auth_sessions_user ON auth_sessions (user_id)`,
  `CREATE TABLE account_invites (
    id_hash TEXT PRIMARY KEY,
    email TEXT,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    used_at_ms BIGINT
  )`,
  `CREATE TABLE personal_access_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scope TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    last_used_at_ms BIGINT,
    revoked_at_ms BIGINT
  )`,
  `CREATE INDEX personal_access_tokens_user ON personal_access_tokens (user_id)`,
  `CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    subject_user_id TEXT,
    scope TEXT NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    ip TEXT,
    detail_json TEXT
  )`,
  `CREATE INDEX audit_log_subject ON audit_log (subject_user_id, at_ms)`,
  `CREATE INDEX audit_log_scope ON audit_log (scope, at_ms)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of ACCOUNT_STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
