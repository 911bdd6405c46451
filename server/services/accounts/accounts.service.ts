import { randomBytes, randomUUID } from 'node:crypto';
import { hashSecret, verifySecret, type Argon2Params } from '../crypto/secret-hash.js';
import type { Storage } from '../../storage/port.js';
import type { AccountDto } from '../../../shared/accounts-api.js';
import type { AccountRow, Role } from '../../storage/repos/accounts.repo.js';
import type { OriginalStore } from '../original-store.js';
import { LOCAL_USER_ID } from '../../plugins/auth.js';
import { accountError, BAD_LOGIN } from './account-errors.js';
import { AccessTokens } from './access-tokens.js';
import { AuditLog, type AuditActor } from './audit.js';
import { BACKOFF_FORGET_AFTER_MS, LoginBackoff } from './login-backoff.js';
import { SessionService, sha256Hex } from './session.service.js';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
/** An admin's password reset link works for a day, once. */
export const RESET_TTL_MS = 24 * 3600_000;
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,255}$/;


export function accountDto(a: AccountRow): AccountDto {
  return { id: a.id, email: a.email, name: a.name, role: a.role, disabled: a.disabled, status: a.status, createdAt: new Date(a.createdAtMs).toISOString(), hasPassword: Boolean(a.passwordHash), oidcLinked: Boolean(a.oidcSubject) };
}

export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== 'string' || !EMAIL_RE.test(raw.trim())) throw accountError(400, 'bad_request', 'email: expected an address such as ana@example.org');
  return raw.trim().toLowerCase();
}

export function checkPassword(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length < 10) throw accountError(400, 'bad_request', 'password: at least 10 characters');
  if (raw.length > 256) throw accountError(400, 'bad_request', 'password: at most 256 characters');
  return raw;
}

function checkName(raw: unknown, email: string): string {
  if (raw === undefined || raw === null || raw === '') return email.split('@')[0];
  if (typeof raw !== 'string' || raw.trim().length > 100) throw accountError(400, 'bad_request', 'name: text up to 100 characters');
  return raw.trim();
}

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

/**
 * Accounts in server mode (issue 14): setup of the first admin, password login with backoff and
 * no enumeration, invites, admin changes, deleting a user with all their data.
 */
/** How long a request may use an account row read by an earlier request (AccountsService.forRequest). */
const ACCOUNT_CACHE_MS = 1000;

export class AccountsService {
  readonly sessions: SessionService;
  readonly tokens: AccessTokens;
  readonly audit: AuditLog;
  readonly backoff: LoginBackoff;
  private dummyHash: Promise<string> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      storage: Storage;
      originals?: OriginalStore;
      now?: () => number;
      idleMs?: number;
      absoluteMs?: number;
      /** Tests only: cheaper argon2id parameters (production uses ARGON2_PARAMS). */
      argon2?: Argon2Params;
    },
  ) {
    this.now = deps.now ?? Date.now;
    const repo = deps.storage.accounts;
    this.sessions = new SessionService(repo, { now: this.now, idleMs: deps.idleMs, absoluteMs: deps.absoluteMs });
    this.tokens = new AccessTokens(repo, this.now, deps.argon2);
    this.audit = new AuditLog(repo, this.now);
    this.backoff = new LoginBackoff(repo, this.now);
  }

  /** The service's clock (tests move it). */
  nowMs(): number {
    return this.now();
  }

  private hash(secret: string): Promise<string> {
    return hashSecret(secret, this.deps.argon2);
  }

  private get repo() {
    return this.deps.storage.accounts;
  }

  /** The account rows themselves (OIDC linking). */
  get storageAccounts() {
    return this.deps.storage.accounts;
  }

  async needsSetup(): Promise<boolean> {
    return (await this.repo.count()) === 0;
  }

  get(id: string) {
    return this.repo.byId(id);
  }

  private recent = new Map<string, { row: AccountRow | null; untilMs: number }>();

  /**
   * The account behind a request (disabled? role?): read once a second per account instead of on
   * every request (issue 14: a query per request under 50 clients); every change this service
   * makes forgets it at once, so disabling or demoting takes effect on the next request.
   */
  async forRequest(id: string): Promise<AccountRow | null> {
    const now = this.now();
    const hit = this.recent.get(id);
    if (hit && hit.untilMs > now) return hit.row;
    // One read per account at a time: the requests that found the entry expired together share it
    // (50 athletes made ~100 reads a second instead of 50).
    const pending = this.reading.get(id);
    if (pending) return pending.read;
    const token = {};
    const read = this.readAccount(id, now, token);
    this.reading.set(id, { token, read });
    return read;
  }

  private async readAccount(id: string, now: number, token: object): Promise<AccountRow | null> {
    try {
      const row = (await this.repo.byId(id)) ?? null;
      // A change made while the read was in flight forgot it: this row may predate the change.
      if (this.reading.get(id)?.token === token) {
        if (this.recent.size >= 10_000) this.recent.clear();
        this.recent.set(id, { row, untilMs: now + ACCOUNT_CACHE_MS });
      }
      return row;
    } finally {
      if (this.reading.get(id)?.token === token) this.reading.delete(id);
    }
  }

  private reading = new Map<string, { token: object; read: Promise<AccountRow | null> }>();

  private forget(id: string): void {
    this.recent.delete(id);
    this.reading.delete(id);
  }

  list() {
    return this.repo.list();
  }

  /**
   * The first admin. It takes over the `local` athlete, so a single-user install switched to
   * server mode keeps its history under the admin's account. Refused once any account exists.
   */
  async setup(input: { email?: unknown; password?: unknown; name?: unknown }, meta: RequestMeta): Promise<AccountRow> {
    const email = normalizeEmail(input.email);
    const password = checkPassword(input.password);
    if (!(await this.needsSetup())) throw accountError(409, 'conflict', 'setup is done already; log in instead');
    await this.deps.storage.users.ensure(LOCAL_USER_ID, 'Local athlete');
    await this.repo.create({ id: LOCAL_USER_ID, email, name: checkName(input.name, email), role: 'admin', disabled: false, status: 'active', passwordHash: await this.hash(password), oidcSubject: null });
    const a = (await this.repo.byId(LOCAL_USER_ID))!;
    await this.audit.record({ subjectUserId: a.id, scope: 'account', actor: { type: 'system', id: null }, action: 'account.setup', target: email, ip: meta.ip });
    return a;
  }

  /** Unattended installs: MILEVAULT_ADMIN_EMAIL/_PASSWORD create the admin when there is none. */
  async ensureAdminFromEnv(email?: string, password?: string): Promise<boolean> {
    if (!email || !password || !(await this.needsSetup())) return false;
    await this.setup({ email, password, name: 'Admin' }, { ip: 'env' });
    return true;
  }

  /**
   * Password login. Every failure answers the same 401 after the same work: an unknown address
   * verifies a dummy hash, a disabled or pending account verifies its own. Backoff per address and
   * per IP answers 429 before any hashing.
   */
  async login(input: { email?: unknown; password?: unknown }, meta: RequestMeta): Promise<{ account: AccountRow; cookie: string }> {
    const emailKey = typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 320) : '';
    const password = typeof input.password === 'string' ? input.password.slice(0, 256) : '';
    const ipKey = `ip:${meta.ip ?? '?'}`;
    const wait = Math.max(await this.backoff.waitMs(`acct:${emailKey}`), await this.backoff.waitMs(ipKey));
    if (wait > 0) {
      this.audit.recordQuietly({ subjectUserId: null, scope: 'account', actor: { type: 'anonymous', id: null }, action: 'login.throttled', target: emailKey, ip: meta.ip });
      throw Object.assign(accountError(429, 'too_many_attempts', `too many failed logins; try again in ${Math.ceil(wait / 1000)} s`), { retryAfterS: Math.ceil(wait / 1000) });
    }
    const a = emailKey ? await this.repo.byEmail(emailKey) : null;
    const hash = a?.passwordHash ?? (await this.dummy());
    const ok = (await verifySecret(password, hash).catch(() => false)) && Boolean(a?.passwordHash);
    if (!ok || !a || a.disabled || a.status !== 'active') {
      await this.backoff.fail(`acct:${emailKey}`);
      await this.backoff.fail(ipKey);
      await this.audit.record({ subjectUserId: a?.id ?? null, scope: 'account', actor: { type: 'anonymous', id: null }, action: 'login.failed', target: emailKey, ip: meta.ip, detail: a && ok ? { reason: a.disabled ? 'disabled' : 'pending' } : null });
      throw accountError(401, 'unauthorized', BAD_LOGIN);
    }
    await this.backoff.succeed(`acct:${emailKey}`);
    await this.backoff.succeed(ipKey);
    const { cookie } = await this.sessions.create(a.id, meta);
    await this.audit.record({ subjectUserId: a.id, scope: 'account', actor: { type: 'user', id: a.id }, action: 'login', ip: meta.ip, detail: { method: 'password' } });
    return { account: a, cookie };
  }

  /** An argon2id hash of a random password, made once: verified when the address is unknown. */
  private dummy(): Promise<string> {
    return (this.dummyHash ??= this.hash(randomBytes(16).toString('hex')));
  }

  /** Logs a user in after another check proved who they are (OIDC). */
  async loginVerified(a: AccountRow, meta: RequestMeta, method: string): Promise<string> {
    const { cookie } = await this.sessions.create(a.id, meta);
    await this.audit.record({ subjectUserId: a.id, scope: 'account', actor: { type: 'user', id: a.id }, action: 'login', ip: meta.ip, detail: { method } });
    return cookie;
  }

  async createUser(actor: AuditActor, input: { email?: unknown; password?: unknown; name?: unknown; role?: unknown }, meta: RequestMeta, status: 'active' | 'pending' = 'active', oidcSubject: string | null = null): Promise<AccountRow> {
    const email = normalizeEmail(input.email);
    const role: Role = input.role === 'admin' ? 'admin' : 'athlete';
    if (input.role !== undefined && input.role !== 'admin' && input.role !== 'athlete') throw accountError(400, 'bad_request', 'role: "admin" or "athlete"');
    const passwordHash = input.password === undefined ? null : await this.hash(checkPassword(input.password));
    if (await this.repo.byEmail(email)) throw accountError(409, 'conflict', `an account for ${email} exists already`);
    const id = randomUUID();
    await this.repo.create({ id, email, name: checkName(input.name, email), role, disabled: false, status, passwordHash, oidcSubject });
    await this.audit.record({ subjectUserId: id, scope: 'account', actor, action: status === 'pending' ? 'account.requested' : 'account.create', target: email, ip: meta.ip, detail: { role } });
    return (await this.repo.byId(id))!;
  }

  async invite(actor: AuditActor, input: { email?: unknown; role?: unknown }, meta: RequestMeta): Promise<{ token: string; expiresAtMs: number; email: string | null }> {
    const email = input.email === undefined || input.email === '' ? null : normalizeEmail(input.email);
    if (input.role !== undefined && input.role !== 'admin' && input.role !== 'athlete') throw accountError(400, 'bad_request', 'role: "admin" or "athlete"');
    const token = randomBytes(32).toString('base64url');
    const expiresAtMs = this.now() + INVITE_TTL_MS;
    await this.repo.createInvite({ idHash: sha256Hex(token), email, role: input.role === 'admin' ? 'admin' : 'athlete', createdBy: actor.id ?? '', createdAtMs: this.now(), expiresAtMs, usedAtMs: null });
    await this.audit.record({ subjectUserId: null, scope: 'account', actor, action: 'invite.create', target: email, ip: meta.ip, detail: { expiresAt: new Date(expiresAtMs).toISOString() } });
    return { token, expiresAtMs, email };
  }

  /** What an invite link offers, or null when it is unknown, used or expired. */
  async inviteInfo(token: string): Promise<{ email: string | null; role: Role } | null> {
    const i = await this.repo.invite(sha256Hex(token));
    if (!i || i.usedAtMs !== null || i.expiresAtMs <= this.now()) return null;
    return { email: i.email, role: i.role === 'admin' ? 'admin' : 'athlete' };
  }

  async acceptInvite(token: string, input: { email?: unknown; password?: unknown; name?: unknown }, meta: RequestMeta): Promise<{ account: AccountRow; cookie: string }> {
    const info = await this.inviteInfo(token);
    if (!info) throw accountError(410, 'gone', 'this invite link is unknown, used or expired; ask for a new one');
    const email = info.email ?? normalizeEmail(input.email);
    checkPassword(input.password);
    if (await this.repo.byEmail(email)) throw accountError(409, 'conflict', `an account for ${email} exists already`);
    if (!(await this.repo.useInvite(sha256Hex(token), this.now()))) throw accountError(410, 'gone', 'this invite link was used already');
    const a = await this.createUser({ type: 'anonymous', id: null }, { email, password: input.password, name: input.name, role: info.role }, meta);
    const cookie = await this.loginVerified(a, meta, 'invite');
    return { account: a, cookie };
  }

  /**
   * The signed-in athlete changes their password: the current one is checked first (a borrowed
   * session alone cannot take the account over; wrong ones back off like logins, on a counter of
   * their own), then every other session of theirs ends and this browser gets a fresh session id.
   * Personal access tokens stay valid (revoke them in Settings → Account if they leaked too).
   */
  async changePassword(userId: string, input: { currentPassword?: unknown; newPassword?: unknown }, meta: RequestMeta, currentSessionHash: string): Promise<{ cookie: string; endedSessions: number }> {
    const a = await this.repo.byId(userId);
    if (!a) throw accountError(401, 'unauthorized', 'log in first');
    const next = checkPassword(input.newPassword);
    if (!a.passwordHash) throw accountError(409, 'no_password', 'this account signs in through single sign-on and has no password; an admin can send you a password reset link');
    const key = `pw:${userId}`;
    const wait = await this.backoff.waitMs(key);
    if (wait > 0) throw Object.assign(accountError(429, 'too_many_attempts', `too many wrong passwords; try again in ${Math.ceil(wait / 1000)} s`), { retryAfterS: Math.ceil(wait / 1000) });
    const current = typeof input.currentPassword === 'string' ? input.currentPassword.slice(0, 256) : '';
    if (!(await verifySecret(current, a.passwordHash).catch(() => false))) {
      await this.backoff.fail(key);
      await this.audit.record({ subjectUserId: userId, scope: 'account', actor: { type: 'user', id: userId }, action: 'password.change-failed', ip: meta.ip });
      throw accountError(403, 'wrong_password', 'the current password is wrong');
    }
    await this.backoff.succeed(key);
    await this.repo.update(userId, { passwordHash: await this.hash(next) });
    // Every other session ends; this browser continues on a new id (rotation).
    const ended = await this.repo.deleteSessionsOf(userId, currentSessionHash);
    await this.repo.deleteSession(currentSessionHash, userId);
    const { cookie } = await this.sessions.create(userId, meta);
    await this.audit.record({ subjectUserId: userId, scope: 'account', actor: { type: 'user', id: userId }, action: 'password.change', ip: meta.ip, detail: { otherSessionsEnded: ended } });
    return { cookie, endedSessions: ended };
  }

  /** Admin: a one-time link (24 h) with which the user sets a new password; an earlier unused link stops working. */
  async createPasswordReset(actor: AuditActor, userId: string, meta: RequestMeta): Promise<{ token: string; expiresAtMs: number; email: string }> {
    const a = await this.repo.byId(userId);
    if (!a) throw accountError(404, 'not_found', 'no such user');
    if (a.disabled || a.status !== 'active') throw accountError(409, 'conflict', 'enable or approve this account first');
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAtMs = now + RESET_TTL_MS;
    await this.repo.createPasswordReset({ idHash: sha256Hex(token), userId, createdBy: actor.id ?? '', createdAtMs: now, expiresAtMs });
    await this.audit.record({ subjectUserId: userId, scope: 'account', actor, action: 'password.reset-link', target: a.email, ip: meta.ip, detail: { expiresAt: new Date(expiresAtMs).toISOString() } });
    return { token, expiresAtMs, email: a.email };
  }

  /** What a reset link is for, or null when it is unknown, used or expired (or its account cannot log in). */
  async passwordResetInfo(token: string): Promise<{ email: string; userId: string } | null> {
    const r = await this.repo.passwordReset(sha256Hex(token));
    if (!r || r.usedAtMs !== null || r.expiresAtMs <= this.now()) return null;
    const a = await this.repo.byId(r.userId);
    if (!a || a.disabled || a.status !== 'active') return null;
    return { email: a.email, userId: a.id };
  }

  /** Sets the new password from a reset link: every session of the user ends, this browser is signed in. */
  async acceptPasswordReset(token: string, input: { password?: unknown }, meta: RequestMeta): Promise<{ account: AccountRow; cookie: string }> {
    const info = await this.passwordResetInfo(token);
    if (!info) throw accountError(410, 'gone', 'this password reset link is unknown, used or expired; ask the admin for a new one');
    const password = checkPassword(input.password);
    if (!(await this.repo.usePasswordReset(sha256Hex(token), this.now()))) throw accountError(410, 'gone', 'this password reset link was used already');
    await this.repo.update(info.userId, { passwordHash: await this.hash(password) });
    const ended = await this.repo.deleteSessionsOf(info.userId);
    await this.backoff.succeed(`acct:${info.email}`);
    await this.audit.record({ subjectUserId: info.userId, scope: 'account', actor: { type: 'user', id: info.userId }, action: 'password.reset', target: info.email, ip: meta.ip, detail: { sessionsEnded: ended } });
    const a = (await this.repo.byId(info.userId))!;
    return { account: a, cookie: await this.loginVerified(a, meta, 'password-reset') };
  }

  /** Deletes expired sessions, reset links, pending OIDC logins and idle backoff counters. */
  sweepExpired(): Promise<number> {
    const now = this.now();
    return this.repo.sweepExpired(now, now - BACKOFF_FORGET_AFTER_MS);
  }

  async update(actor: AuditActor, id: string, patch: { disabled?: unknown; role?: unknown; name?: unknown; status?: unknown }, meta: RequestMeta): Promise<AccountRow> {
    const a = await this.repo.byId(id);
    if (!a) throw accountError(404, 'not_found', 'no such user');
    const next: Parameters<typeof this.repo.update>[1] = {};
    if (patch.disabled !== undefined) {
      if (typeof patch.disabled !== 'boolean') throw accountError(400, 'bad_request', 'disabled: true or false');
      next.disabled = patch.disabled;
    }
    if (patch.role !== undefined) {
      if (patch.role !== 'admin' && patch.role !== 'athlete') throw accountError(400, 'bad_request', 'role: "admin" or "athlete"');
      next.role = patch.role;
    }
    if (patch.status !== undefined) {
      if (patch.status !== 'active') throw accountError(400, 'bad_request', 'status: only "active" (approve a pending account)');
      next.status = 'active';
    }
    if (patch.name !== undefined) next.name = checkName(patch.name, a.email);
    if ((next.disabled || next.role === 'athlete') && a.role === 'admin') await this.keepAnAdmin(id);
    await this.repo.update(id, next);
    this.forget(id);
    if (next.disabled) {
      await this.repo.deleteSessionsOf(id);
      this.tokens.forgetUser(id);
    }
    await this.audit.record({ subjectUserId: id, scope: 'account', actor, action: 'account.update', target: a.email, ip: meta.ip, detail: next as Record<string, unknown> });
    return (await this.repo.byId(id))!;
  }

  private async keepAnAdmin(leaving: string): Promise<void> {
    const admins = (await this.repo.list()).filter((u) => u.role === 'admin' && !u.disabled && u.status === 'active' && u.id !== leaving);
    if (!admins.length) throw accountError(409, 'conflict', 'this is the last admin; make another user admin first');
  }

  /** Deletes the user and every row of theirs, then their original files no other user shares. */
  async deleteUser(actor: AuditActor, id: string, meta: RequestMeta): Promise<void> {
    const a = await this.repo.byId(id);
    if (!a) throw accountError(404, 'not_found', 'no such user');
    if (a.role === 'admin') await this.keepAnAdmin(id);
    const storage = this.deps.storage;
    const before = await storage.originals.referenced();
    await this.repo.deleteUserData(id);
    this.forget(id);
    this.tokens.forgetUser(id);
    const after = await storage.originals.referenced();
    let files = 0;
    if (this.deps.originals) {
      for (const sha of before) {
        if (after.has(sha)) continue;
        await this.deps.originals.remove(sha).catch(() => undefined);
        files++;
      }
    }
    await this.audit.record({ subjectUserId: id, scope: 'account', actor, action: 'account.delete', target: a.email, ip: meta.ip, detail: { originalFilesRemoved: files } });
  }
}
