import { sql, type Kysely } from 'kysely';
import type { Database } from '../db-schema.js';

/** Issue 14 account tables (migrations/…/0020_accounts.ts), seen through the CamelCase plugin. */
export type AccountUsersTable = {
  id: string;
  name: string;
  createdAtMs: number;
  email: string | null;
  role: string;
  disabled: number;
  status: string;
  passwordHash: string | null;
  oidcSubject: string | null;
}
type AuthSessionsTable = {
  idHash: string;
  userId: string;
  createdAtMs: number;
  lastSeenAtMs: number;
  expiresAtMs: number;
  userAgent: string | null;
  ip: string | null;
}
type InvitesTable = {
  idHash: string;
  email: string | null;
  role: string;
  createdBy: string;
  createdAtMs: number;
  expiresAtMs: number;
  usedAtMs: number | null;
}
type TokensTable = {
  id: string;
  userId: string;
  name: string;
  scope: string;
  tokenHash: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}
type AuditTable = {
  id: string;
  atMs: number;
  subjectUserId: string | null;
  scope: string;
  actorType: string;
  actorId: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  detailJson: string | null;
}
/** Migration 0021: login state that must survive a restart and be shared by every server process. */
type LoginBackoffTable = {
  backoffKey: string;
  failures: number;
  lastMs: number;
}
type OidcPendingTable = {
  stateHash: string;
  verifier: string;
  nonce: string;
  expiresAtMs: number;
}
type PasswordResetsTable = {
  idHash: string;
  userId: string;
  createdBy: string;
  createdAtMs: number;
  expiresAtMs: number;
  usedAtMs: number | null;
}
type AccountTables = {
  loginBackoff: LoginBackoffTable;
  oidcPending: OidcPendingTable;
  passwordResets: PasswordResetsTable;
  accountUsers: AccountUsersTable;
  authSessions: AuthSessionsTable;
  accountInvites: InvitesTable;
  personalAccessTokens: TokensTable;
  auditLog: AuditTable;
}

export type Role = 'admin' | 'athlete';
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  status: 'active' | 'pending';
  passwordHash: string | null;
  oidcSubject: string | null;
  createdAtMs: number;
}
export type SessionRow = AuthSessionsTable;
export type InviteRow = InvitesTable;
export type TokenRow = TokensTable;
export type AuditRow = Omit<AuditTable, 'detailJson'> & { detail: Record<string, unknown> | null };
export type PasswordResetRow = PasswordResetsTable;
export type OidcPendingRow = OidcPendingTable;

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function account(r: AccountUsersTable): AccountRow {
  return {
    id: r.id,
    email: r.email ?? '',
    name: r.name,
    role: r.role === 'admin' ? 'admin' : 'athlete',
    disabled: Boolean(Number(r.disabled)),
    status: r.status === 'pending' ? 'pending' : 'active',
    passwordHash: r.passwordHash,
    oidcSubject: r.oidcSubject,
    createdAtMs: Number(r.createdAtMs),
  };
}

/**
 * Rows that name no user_id but belong to one through a parent (deleted before the parent):
 * [table, column, parent table]. Every other user-owned table has a user_id column and is found
 * from the database's own catalogue, so a table added later is wiped with its user automatically.
 */
const CHILD_TABLES: [string, string, string][] = [
  ['live_points', 'session_id', 'live_sessions'],
  ['watch_files', 'folder_id', 'watch_folders'],
];

export function createAccountsRepo(base: Kysely<Database>, kind: 'sqlite' | 'postgres') {
  // `users` under another name so the wider row type does not clash with db-schema's UsersTable.
  const db = base.withTables<AccountTables>();
  const users = () => db.selectFrom('users as u' as 'accountUsers as u');
  const userTable = 'users' as 'accountUsers';

  async function tableExists(name: string): Promise<boolean> {
    const q =
      kind === 'sqlite'
        ? sql<{ c: number }>`SELECT count(*) AS c FROM sqlite_master WHERE type = 'table' AND name = ${name}`
        : sql<{ c: number }>`SELECT count(*) AS c FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ${name}`;
    return Number((await q.execute(base)).rows[0]?.c ?? 0) > 0;
  }

  async function tablesWithUserId(): Promise<string[]> {
    const q =
      kind === 'sqlite'
        ? sql<{ name: string }>`SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'user_id'`
        : sql<{ name: string }>`SELECT table_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'user_id'`;
    return (await q.execute(base)).rows.map((r) => r.name);
  }

  return {
    /** Users that can log in (an email); the `local` row of a desktop install has none. */
    async count(): Promise<number> {
      const r = await users().select((eb) => eb.fn.countAll<number>().as('c')).where('u.email', 'is not', null).executeTakeFirst();
      return Number(r?.c ?? 0);
    },
    async list(): Promise<AccountRow[]> {
      return (await users().selectAll().where('u.email', 'is not', null).orderBy('u.createdAtMs').execute()).map(account);
    },
    async byId(id: string): Promise<AccountRow | null> {
      const r = await users().selectAll().where('u.id', '=', id).where('u.email', 'is not', null).executeTakeFirst();
      return r ? account(r) : null;
    },
    async byEmail(email: string): Promise<AccountRow | null> {
      const r = await users().selectAll().where('u.email', '=', email).executeTakeFirst();
      return r ? account(r) : null;
    },
    async byOidcSubject(subject: string): Promise<AccountRow | null> {
      const r = await users().selectAll().where('u.oidcSubject', '=', subject).executeTakeFirst();
      return r ? account(r) : null;
    },
    /** Inserts the user, or gives an existing row without login (the `local` athlete) its account. */
    async create(a: Omit<AccountRow, 'createdAtMs'>): Promise<void> {
      const values = { email: a.email, name: a.name, role: a.role, disabled: a.disabled ? 1 : 0, status: a.status, passwordHash: a.passwordHash, oidcSubject: a.oidcSubject };
      const res = await db.updateTable(userTable).set(values).where('id', '=', a.id).where('email', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) > 0) return;
      await db.insertInto(userTable).values({ id: a.id, createdAtMs: Date.now(), ...values }).execute();
    },
    async update(id: string, patch: Partial<Pick<AccountRow, 'name' | 'role' | 'disabled' | 'status' | 'passwordHash' | 'oidcSubject'>>): Promise<boolean> {
      const set: Partial<AccountUsersTable> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
      if (patch.oidcSubject !== undefined) set.oidcSubject = patch.oidcSubject;
      if (!Object.keys(set).length) return true;
      const res = await db.updateTable(userTable).set(set).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    // Sessions
    async createSession(s: SessionRow): Promise<void> {
      await db.insertInto('authSessions').values(s).execute();
    },
    async session(idHash: string): Promise<SessionRow | null> {
      const r = await db.selectFrom('authSessions').selectAll().where('idHash', '=', idHash).executeTakeFirst();
      return r ? { ...r, createdAtMs: Number(r.createdAtMs), lastSeenAtMs: Number(r.lastSeenAtMs), expiresAtMs: Number(r.expiresAtMs) } : null;
    },
    async touchSession(idHash: string, atMs: number): Promise<void> {
      await db.updateTable('authSessions').set({ lastSeenAtMs: atMs }).where('idHash', '=', idHash).execute();
    },
    async sessions(userId: string): Promise<SessionRow[]> {
      const rows = await db.selectFrom('authSessions').selectAll().where('userId', '=', userId).orderBy('lastSeenAtMs', 'desc').execute();
      return rows.map((r) => ({ ...r, createdAtMs: Number(r.createdAtMs), lastSeenAtMs: Number(r.lastSeenAtMs), expiresAtMs: Number(r.expiresAtMs) }));
    },
    async deleteSession(idHash: string, userId?: string): Promise<boolean> {
      let q = db.deleteFrom('authSessions').where('idHash', '=', idHash);
      if (userId) q = q.where('userId', '=', userId);
      return Number((await q.executeTakeFirst()).numDeletedRows) > 0;
    },
    async deleteSessionsOf(userId: string, exceptHash?: string): Promise<number> {
      let q = db.deleteFrom('authSessions').where('userId', '=', userId);
      if (exceptHash) q = q.where('idHash', '!=', exceptHash);
      return Number((await q.executeTakeFirst()).numDeletedRows);
    },
    async deleteExpiredSessions(nowMs: number): Promise<void> {
      await db.deleteFrom('authSessions').where('expiresAtMs', '<=', nowMs).execute();
    },

    /** Expired sessions, reset links and pending OIDC logins; backoff counters idle since `backoffBeforeMs`. */
    async sweepExpired(nowMs: number, backoffBeforeMs: number): Promise<number> {
      let n = 0;
      n += Number((await db.deleteFrom('authSessions').where('expiresAtMs', '<=', nowMs).executeTakeFirst()).numDeletedRows);
      n += Number((await db.deleteFrom('passwordResets').where('expiresAtMs', '<=', nowMs).executeTakeFirst()).numDeletedRows);
      n += Number((await db.deleteFrom('oidcPending').where('expiresAtMs', '<=', nowMs).executeTakeFirst()).numDeletedRows);
      n += Number((await db.deleteFrom('loginBackoff').where('lastMs', '<', backoffBeforeMs).executeTakeFirst()).numDeletedRows);
      return n;
    },

    // Login backoff (services/accounts/login-backoff.ts)
    async backoff(key: string): Promise<{ failures: number; lastMs: number } | null> {
      const r = await db.selectFrom('loginBackoff').select(['failures', 'lastMs']).where('backoffKey', '=', key).executeTakeFirst();
      return r ? { failures: Number(r.failures), lastMs: Number(r.lastMs) } : null;
    },
    /** One more failure; a counter idle since `resetBeforeMs` starts again at 1. Atomic (two processes may count at once). */
    async backoffFail(key: string, atMs: number, resetBeforeMs: number): Promise<void> {
      await db
        .insertInto('loginBackoff')
        .values({ backoffKey: key, failures: 1, lastMs: atMs })
        .onConflict((oc) =>
          oc.column('backoffKey').doUpdateSet({
            failures: sql<number>`CASE WHEN login_backoff.last_ms < ${resetBeforeMs} THEN 1 ELSE login_backoff.failures + 1 END`,
            lastMs: atMs,
          }),
        )
        .execute();
    },
    async backoffClear(key: string): Promise<void> {
      await db.deleteFrom('loginBackoff').where('backoffKey', '=', key).execute();
    },
    async backoffCount(): Promise<number> {
      const r = await db.selectFrom('loginBackoff').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirst();
      return Number(r?.c ?? 0);
    },
    /** Drops the `n` counters idle longest (a flood of made-up addresses cannot grow the table without bound). */
    async backoffTrimOldest(n: number): Promise<void> {
      const old = await db.selectFrom('loginBackoff').select('backoffKey').orderBy('lastMs').limit(n).execute();
      if (old.length) await db.deleteFrom('loginBackoff').where('backoffKey', 'in', old.map((r) => r.backoffKey)).execute();
    },

    // Pending OpenID Connect logins (services/accounts/oidc.service.ts)
    async addOidcPending(p: OidcPendingRow): Promise<void> {
      await db.insertInto('oidcPending').values(p).execute();
    },
    /** Reads and deletes in one step: a state is good for one callback, even with two processes. */
    async takeOidcPending(stateHash: string): Promise<OidcPendingRow | null> {
      const r = await db.selectFrom('oidcPending').selectAll().where('stateHash', '=', stateHash).executeTakeFirst();
      if (!r) return null;
      const del = await db.deleteFrom('oidcPending').where('stateHash', '=', stateHash).executeTakeFirst();
      if (Number(del.numDeletedRows) === 0) return null;
      return { ...r, expiresAtMs: Number(r.expiresAtMs) };
    },
    async oidcPendingCount(): Promise<number> {
      const r = await db.selectFrom('oidcPending').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirst();
      return Number(r?.c ?? 0);
    },

    // Password reset links (admin-made, one use)
    /** A new link for the user; any earlier unused link of theirs stops working. */
    async createPasswordReset(r: Omit<PasswordResetRow, 'usedAtMs'>): Promise<void> {
      await db.deleteFrom('passwordResets').where('userId', '=', r.userId).where('usedAtMs', 'is', null).execute();
      await db.insertInto('passwordResets').values({ ...r, usedAtMs: null }).execute();
    },
    async passwordReset(idHash: string): Promise<PasswordResetRow | null> {
      const r = await db.selectFrom('passwordResets').selectAll().where('idHash', '=', idHash).executeTakeFirst();
      return r ? { ...r, createdAtMs: Number(r.createdAtMs), expiresAtMs: Number(r.expiresAtMs), usedAtMs: n(r.usedAtMs) } : null;
    },
    /** Marks the link used; false when it was used already or expired (a replay, a second tab). */
    async usePasswordReset(idHash: string, atMs: number): Promise<boolean> {
      const res = await db.updateTable('passwordResets').set({ usedAtMs: atMs }).where('idHash', '=', idHash).where('usedAtMs', 'is', null).where('expiresAtMs', '>', atMs).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    // Invites
    async createInvite(i: InviteRow): Promise<void> {
      await db.insertInto('accountInvites').values(i).execute();
    },
    async invite(idHash: string): Promise<InviteRow | null> {
      const r = await db.selectFrom('accountInvites').selectAll().where('idHash', '=', idHash).executeTakeFirst();
      return r ? { ...r, createdAtMs: Number(r.createdAtMs), expiresAtMs: Number(r.expiresAtMs), usedAtMs: n(r.usedAtMs) } : null;
    },
    /** Marks the invite used; false when it was used already (a second tab, a replay). */
    async useInvite(idHash: string, atMs: number): Promise<boolean> {
      const res = await db.updateTable('accountInvites').set({ usedAtMs: atMs }).where('idHash', '=', idHash).where('usedAtMs', 'is', null).where('expiresAtMs', '>', atMs).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async invites(): Promise<InviteRow[]> {
      const rows = await db.selectFrom('accountInvites').selectAll().orderBy('createdAtMs', 'desc').limit(200).execute();
      return rows.map((r) => ({ ...r, createdAtMs: Number(r.createdAtMs), expiresAtMs: Number(r.expiresAtMs), usedAtMs: n(r.usedAtMs) }));
    },

    // Personal access tokens
    async createToken(t: Omit<TokenRow, 'lastUsedAtMs' | 'revokedAtMs'>): Promise<void> {
      await db.insertInto('personalAccessTokens').values({ ...t, lastUsedAtMs: null, revokedAtMs: null }).execute();
    },
    async token(id: string): Promise<TokenRow | null> {
      const r = await db.selectFrom('personalAccessTokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? { ...r, createdAtMs: Number(r.createdAtMs), lastUsedAtMs: n(r.lastUsedAtMs), revokedAtMs: n(r.revokedAtMs) } : null;
    },
    async tokens(userId: string): Promise<TokenRow[]> {
      const rows = await db.selectFrom('personalAccessTokens').selectAll().where('userId', '=', userId).orderBy('createdAtMs', 'desc').execute();
      return rows.map((r) => ({ ...r, createdAtMs: Number(r.createdAtMs), lastUsedAtMs: n(r.lastUsedAtMs), revokedAtMs: n(r.revokedAtMs) }));
    },
    async revokeToken(userId: string, id: string, atMs: number): Promise<boolean> {
      const res = await db.updateTable('personalAccessTokens').set({ revokedAtMs: atMs }).where('userId', '=', userId).where('id', '=', id).where('revokedAtMs', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async touchToken(id: string, atMs: number): Promise<void> {
      await db.updateTable('personalAccessTokens').set({ lastUsedAtMs: atMs }).where('id', '=', id).execute();
    },

    // Audit log
    async addAudit(a: AuditRow): Promise<void> {
      const { detail, ...rest } = a;
      await db.insertInto('auditLog').values({ ...rest, detailJson: detail ? JSON.stringify(detail) : null }).execute();
    },
    async audit(q: { subjectUserId?: string; scope?: string; beforeMs?: number; limit: number }): Promise<AuditRow[]> {
      let s = db.selectFrom('auditLog').selectAll();
      if (q.subjectUserId !== undefined) s = s.where('subjectUserId', '=', q.subjectUserId);
      if (q.scope !== undefined) s = s.where('scope', '=', q.scope);
      if (q.beforeMs !== undefined) s = s.where('atMs', '<', q.beforeMs);
      const rows = await s.orderBy('atMs', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      return rows.map(({ detailJson, ...r }) => ({ ...r, atMs: Number(r.atMs), detail: detailJson ? (JSON.parse(detailJson) as Record<string, unknown>) : null }));
    },

    /**
     * Deletes every row of the user (all tables with a user_id column, their child tables, their
     * own audit events) and the user itself; account events about them stay for the admin.
     * Foreign keys decide the order: a table still referenced is retried after the others.
     */
    async deleteUserData(userId: string): Promise<void> {
      for (const [table, col, parent] of CHILD_TABLES) {
        if (!(await tableExists(table))) continue;
        await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(col)} IN (SELECT id FROM ${sql.table(parent)} WHERE user_id = ${userId})`.execute(base);
      }
      let pending = (await tablesWithUserId()).filter((t) => t !== 'users');
      for (let pass = 0; pending.length && pass < 10; pass++) {
        const failed: string[] = [];
        for (const t of pending) {
          try {
            await sql`DELETE FROM ${sql.table(t)} WHERE user_id = ${userId}`.execute(base);
          } catch {
            failed.push(t);
          }
        }
        if (failed.length === pending.length) throw new Error(`could not delete the user's rows from ${failed.join(', ')}`);
        pending = failed;
      }
      await db.deleteFrom('auditLog').where('subjectUserId', '=', userId).where('scope', '!=', 'account').execute();
      await db.deleteFrom(userTable).where('id', '=', userId).execute();
    },
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
