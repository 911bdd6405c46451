import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieValue, LOCAL_USER_ID, routeAccess, SESSION_COOKIE, type RequestAccount } from '../../plugins/auth.js';
import { AccessTokens } from './access-tokens.js';
import type { AccountsService } from './accounts.service.js';
import type { AuditActor } from './audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Server mode: the signed-in account (undefined on public routes and in local mode). */
    account?: RequestAccount;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SWEEP_EVERY_MS = 3600_000;

/**
 * Routes that act on the whole instance or on the server's file system: in server mode only an
 * admin may call them. Backups hold every user's data; housekeeping prunes everyone's; a watch folder is a server path (an
 * athlete could point one at the data folder and import everyone's originals).
 */
export function adminOnlyRoute(method: string, url: string): boolean {
  if (url.startsWith('/api/v1/backups')) return true;
  // Retention settings and clean-up runs act on every user's staged files, jobs and payloads.
  if (url.startsWith('/api/v1/housekeeping')) return true;
  if (url === '/api/v1/sources/folders' && method === 'POST') return true;
  if (url === '/api/v1/sources/folders/:id' && method === 'PATCH') return true;
  return false;
}

function unauthorized(reply: FastifyReply, message = 'log in first') {
  return reply.status(401).send({ error: { code: 'unauthorized', message } });
}

export function sessionCookie(value: string, maxAgeS: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/** The audit log's "who" for a request. */
export function actorOf(req: FastifyRequest): AuditActor {
  const a = req.account;
  if (!a) return { type: 'anonymous', id: null };
  return a.via === 'token' ? { type: 'token', id: a.id } : { type: 'user', id: a.userId };
}

/**
 * Server-mode access (issue 14). `token` routes need a session cookie or `Authorization: Bearer
 * mvp_…` of an enabled, active account; the request then acts as that account's user. A
 * read-scope token is refused on every method that writes. `public`, `ingest` and `live` routes
 * are unchanged (the last two authenticate their own keys). Successful writes are audited here,
 * from the route the router matched, so a route added later is logged without touching it.
 */
export function registerAccountAuth(app: FastifyInstance, opts: { accounts: AccountsService; secureCookies: boolean }) {
  const { accounts } = opts;
  app.decorateRequest('userId', LOCAL_USER_ID);
  app.decorateRequest('account', undefined);

  // Expired sessions, reset links, pending OIDC logins and idle backoff counters: swept at start
  // and every hour (each process; the deletes are idempotent).
  const sweep = () => accounts.sweepExpired().catch((e: unknown) => app.log.warn({ err: e }, 'accounts: sweeping expired rows failed'));
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await sweep();
    sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
    sweeper.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweeper));

  async function identify(req: FastifyRequest): Promise<RequestAccount | null | 'forbidden'> {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const raw = header.slice(7).trim();
      if (!AccessTokens.looksLikeToken(raw)) return null;
      const t = await accounts.tokens.authenticate(raw);
      if (!t) return null;
      const a = await accounts.forRequest(t.userId);
      if (!a || a.disabled || a.status !== 'active') return null;
      return { userId: a.id, role: a.role, via: 'token', id: t.id, scope: t.scope };
    }
    const s = await accounts.sessions.resolve(cookieValue(req, SESSION_COOKIE));
    if (!s) return null;
    const a = await accounts.forRequest(s.userId);
    if (!a || a.disabled || a.status !== 'active') return null;
    return { userId: a.id, role: a.role, via: 'session', id: s.idHash, scope: 'read-write' };
  }

  app.addHook('onRequest', async (req, reply) => {
    req.userId = LOCAL_USER_ID;
    const access = routeAccess(req);
    // Public routes still learn who is calling (the auth state, logout), but never require it.
    if (access === 'ingest' || access === 'live') return;
    const who = await identify(req);
    if (who === 'forbidden') return reply.status(403).send({ error: { code: 'forbidden', message: 'not allowed' } });
    if (who) {
      req.account = who;
      req.userId = who.userId;
    }
    if (access !== 'token') return;
    if (!who) {
      // A stale cookie is cleared so the browser stops sending it.
      if (cookieValue(req, SESSION_COOKIE)) reply.header('set-cookie', clearedSessionCookie(opts.secureCookies));
      return unauthorized(reply, req.headers.authorization ? 'invalid or revoked token' : 'log in first');
    }
    if (who.role !== 'admin' && adminOnlyRoute(req.method, req.routeOptions.url ?? '')) {
      return reply.status(403).send({ error: { code: 'forbidden', message: 'only an admin can use this on a shared server' } });
    }
    if (who.scope === 'read' && !READ_METHODS.has(req.method)) {
      return reply.status(403).send({ error: { code: 'forbidden', message: 'this token is read-only; create a read-write token to change data' } });
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    if (!req.account || READ_METHODS.has(req.method) || reply.statusCode >= 400 || routeAccess(req) !== 'token') return;
    const url = req.routeOptions.url ?? '';
    // Account routes audit themselves with their own action names.
    if (/^\/api\/v1\/(auth|admin)\/|^\/api\/v1\/account\/(sessions|tokens|password)/.test(url)) return;
    const params = (req.params ?? {}) as Record<string, string>;
    accounts.audit.recordQuietly({
      subjectUserId: req.account.userId,
      scope: 'data',
      actor: actorOf(req),
      action: dataAction(req.method, url),
      target: Object.values(params).join('/') || null,
      ip: req.ip,
      detail: { route: `${req.method} ${url}`, status: reply.statusCode },
    });
  });
}

/** A readable name for a write: imports, deletes, settings and key changes by their usual names. */
export function dataAction(method: string, url: string): string {
  if (method === 'POST' && (url === '/api/v1/imports' || url.endsWith('/backup-import'))) return 'import';
  if (url.startsWith('/api/v1/api-keys')) return method === 'DELETE' ? 'api-key.revoke' : 'api-key.create';
  if (url.startsWith('/api/v1/settings') || url.includes('thresholds')) return 'settings.change';
  if (method === 'DELETE') return 'delete';
  return method === 'POST' ? 'create' : 'update';
}
