import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthStateDto } from '../../shared/accounts-api.js';
import { cookieValue, SESSION_COOKIE } from '../plugins/auth.js';
import { accountError } from '../services/accounts/account-errors.js';
import { clearedSessionCookie, sessionCookie } from '../services/accounts/account-auth.js';
import { accountDto, type AccountsService, type RequestMeta } from '../services/accounts/accounts.service.js';
import type { OidcService } from '../services/accounts/oidc.service.js';
import { sha256Hex } from '../services/accounts/session.service.js';

export interface AuthRouteDeps {
  accounts?: AccountsService;
  oidc?: OidcService;
  secureCookies: boolean;
}

const OIDC_STATE_COOKIE = 'milevault_oidc';
const credentialsBody = {
  type: 'object',
  additionalProperties: false,
  properties: { email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 256 }, name: { type: 'string', maxLength: 100 } },
} as const;
const resetBody = { type: 'object', additionalProperties: false, required: ['password'], properties: { password: { type: 'string', maxLength: 256 } } } as const;
const inviteParams = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } } } as const;

/** An open object: documents the route for OpenAPI without filtering what it answers. */
export const okResponse = (description: string) => ({ type: 'object', description, additionalProperties: true });

export function metaOf(req: FastifyRequest): RequestMeta {
  return { ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined };
}

function serverOnly(accounts: AccountsService | undefined): AccountsService {
  if (!accounts) throw accountError(404, 'not_found', 'accounts exist only in server mode (MILEVAULT_MODE=server)');
  return accounts;
}

/**
 * Login, setup, logout, invites and OIDC (issue 14). Public by declaration: they are how a
 * browser gets a session. Each sets a fresh session id (rotation on login); none answers with
 * whether an email has an account.
 */
export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps) {
  const { secureCookies } = deps;
  const setSession = (reply: FastifyReply, cookie: string) => {
    reply.header('set-cookie', sessionCookie(cookie, Math.floor(serverOnly(deps.accounts).sessions.absoluteMs / 1000), secureCookies));
    reply.header('cache-control', 'no-store');
  };
  /** Logging in ends the session this browser had (rotation: no fixation of an old id). */
  const dropOldSession = async (req: FastifyRequest) => {
    const old = cookieValue(req, SESSION_COOKIE);
    if (old && old.length <= 100) await serverOnly(deps.accounts).storageAccounts.deleteSession(sha256Hex(old));
  };

  app.get('/api/v1/auth/state', { config: { access: 'public' } }, async (req, reply): Promise<AuthStateDto> => {
    reply.header('cache-control', 'no-store');
    if (!deps.accounts) return { mode: 'local', needsSetup: false, oidc: null, account: null };
    const a = req.account ? await deps.accounts.get(req.account.userId) : null;
    return { mode: 'server', needsSetup: await deps.accounts.needsSetup(), oidc: deps.oidc ? { name: deps.oidc.name } : null, account: a ? accountDto(a) : null };
  });

  app.post('/api/v1/auth/setup', { config: { access: 'public' }, schema: { body: credentialsBody } }, async (req, reply) => {
    const accounts = serverOnly(deps.accounts);
    const a = await accounts.setup((req.body ?? {}) as Record<string, unknown>, metaOf(req));
    await dropOldSession(req);
    setSession(reply, await accounts.loginVerified(a, metaOf(req), 'setup'));
    return reply.status(201).send({ account: accountDto(a) });
  });

  app.post('/api/v1/auth/login', { config: { access: 'public' }, schema: { body: credentialsBody } }, async (req, reply) => {
    const accounts = serverOnly(deps.accounts);
    try {
      const { account, cookie } = await accounts.login((req.body ?? {}) as Record<string, unknown>, metaOf(req));
      await dropOldSession(req);
      setSession(reply, cookie);
      return { account: accountDto(account) };
    } catch (e) {
      const retry = (e as { retryAfterS?: number }).retryAfterS;
      if (retry) reply.header('retry-after', String(retry));
      throw e;
    }
  });

  app.post('/api/v1/auth/logout', { config: { access: 'public' } }, async (req, reply) => {
    const accounts = serverOnly(deps.accounts);
    const cookie = cookieValue(req, SESSION_COOKIE);
    if (cookie && cookie.length <= 100) await accounts.storageAccounts.deleteSession(sha256Hex(cookie));
    if (req.account) await accounts.audit.record({ subjectUserId: req.account.userId, scope: 'account', actor: { type: 'user', id: req.account.userId }, action: 'logout', ip: req.ip });
    reply.header('set-cookie', clearedSessionCookie(secureCookies));
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/invites/:token', { config: { access: 'public' }, schema: { params: inviteParams } }, async (req) => {
    const info = await serverOnly(deps.accounts).inviteInfo((req.params as { token: string }).token);
    if (!info) throw accountError(410, 'gone', 'this invite link is unknown, used or expired; ask for a new one');
    return info;
  });

  app.post('/api/v1/auth/invites/:token/accept', { config: { access: 'public' }, schema: { params: inviteParams, body: credentialsBody } }, async (req, reply) => {
    const accounts = serverOnly(deps.accounts);
    const { account, cookie } = await accounts.acceptInvite((req.params as { token: string }).token, (req.body ?? {}) as Record<string, unknown>, metaOf(req));
    await dropOldSession(req);
    setSession(reply, cookie);
    return reply.status(201).send({ account: accountDto(account) });
  });

  app.get('/api/v1/auth/password-resets/:token', { config: { access: 'public' }, schema: { params: inviteParams, response: { 200: okResponse('whose password the link resets (email)') } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const info = await serverOnly(deps.accounts).passwordResetInfo((req.params as { token: string }).token);
    if (!info) throw accountError(410, 'gone', 'this password reset link is unknown, used or expired; ask the admin for a new one');
    return { email: info.email };
  });

  app.post('/api/v1/auth/password-resets/:token/accept', { config: { access: 'public' }, schema: { params: inviteParams, body: resetBody, response: { 200: okResponse('password set; every other session ended; signed in') } } }, async (req, reply) => {
    const accounts = serverOnly(deps.accounts);
    const { account, cookie } = await accounts.acceptPasswordReset((req.params as { token: string }).token, (req.body ?? {}) as Record<string, unknown>, metaOf(req));
    await dropOldSession(req);
    setSession(reply, cookie);
    return { account: accountDto(account) };
  });

  app.get('/api/v1/auth/oidc/start', { config: { access: 'public' } }, async (_req, reply) => {
    if (!deps.oidc) throw accountError(404, 'not_found', 'OIDC login is not configured (MILEVAULT_OIDC_ISSUER)');
    const { url, state } = await deps.oidc.start();
    reply.header('set-cookie', `${OIDC_STATE_COOKIE}=${state}; HttpOnly; SameSite=Lax; Path=/api/v1/auth/oidc; Max-Age=600${secureCookies ? '; Secure' : ''}`);
    reply.header('cache-control', 'no-store');
    return reply.redirect(url);
  });

  app.get('/api/v1/auth/oidc/callback', { config: { access: 'public' } }, async (req, reply) => {
    if (!deps.oidc) throw accountError(404, 'not_found', 'OIDC login is not configured (MILEVAULT_OIDC_ISSUER)');
    const accounts = serverOnly(deps.accounts);
    const here = new URL(req.url, deps.oidc.redirectBase);
    reply.header('cache-control', 'no-store');
    try {
      const out = await deps.oidc.callback(here, cookieValue(req, OIDC_STATE_COOKIE), metaOf(req));
      if (out.kind === 'pending') return reply.redirect('/#/login?oidc=pending');
      await dropOldSession(req);
      reply.header('set-cookie', [sessionCookie(out.cookie, Math.floor(accounts.sessions.absoluteMs / 1000), secureCookies), `${OIDC_STATE_COOKIE}=; HttpOnly; SameSite=Lax; Path=/api/v1/auth/oidc; Max-Age=0`]);
      return reply.redirect('/');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      req.log.warn({ err: e }, 'OIDC login failed');
      await accounts.audit.record({ subjectUserId: null, scope: 'account', actor: { type: 'anonymous', id: null }, action: 'login.failed', ip: req.ip, detail: { method: 'oidc', reason: e instanceof Error ? e.message.slice(0, 200) : 'error' } });
      return reply.redirect(`/#/login?error=${encodeURIComponent(typeof code === 'string' && /^[a-z_]+$/.test(code) ? code : 'oidc_failed')}`);
    }
  });
}
