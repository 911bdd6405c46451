import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountsService } from '../services/accounts/accounts.service.js';
import { registerAccountAuth } from '../services/accounts/account-auth.js';

/**
 * Who may call a route, declared on the route itself (`config: { access }`) and read from what the
 * router matched, never from the raw URL (issue 12: `/%61pi/v1/…` matched the API route while a
 * prefix test on `req.url` waved it through). Deny by default: a route without a declaration needs
 * the token.
 * - `token`: the launch session cookie or `Authorization: Bearer <token>` when a token is set.
 * - `public`: health probe, the launch exchange, the static UI (HTML/JS/CSS, no data).
 * - `ingest`: authenticates itself with a per-user API key (routes/ingest.routes.ts).
 * - `live`: tracker apps; authenticates itself with a live token in the request (routes/live.routes.ts).
 */
export type RouteAccess = 'token' | 'public' | 'ingest' | 'live';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user every query is scoped to. */
    userId: string;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Who is calling, in server mode (issue 14): a browser session or a personal access token. */
export interface RequestAccount {
  userId: string;
  role: 'admin' | 'athlete';
  via: 'session' | 'token';
  /** The session's id hash (logout, "this device") or the token's id. */
  id: string;
  scope: 'read' | 'read-write';
}

export const LOCAL_USER_ID = 'local';
export const SESSION_COOKIE = 'milevault_session';
/** Launch sessions kept at once; the oldest is dropped beyond this (one per window load). */
const MAX_SESSIONS = 64;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  const raw = req.headers.cookie;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The access a matched route declared; routes registered without one need the token. */
export function routeAccess(req: FastifyRequest): RouteAccess {
  return req.routeOptions.config?.access ?? 'token';
}

/**
 * Desktop: the Electron shell starts the server with a per-launch token and opens
 * `/auth/launch?token=…`; the server answers with a random session id in an HttpOnly cookie (not
 * the token itself, so the cookie jar never holds the long-lived secret) and a redirect to `/`.
 * The CLI and scripts send `Authorization: Bearer <token>` (the CLI finds a per-run local token in
 * `<dataDir>/server.json`, see instance-file.ts). Without a token (headless on loopback)
 * the API is open. Requests act as the single local user; accounts plug in here later.
 */
export function registerAuth(app: FastifyInstance, opts: { token?: string; localToken?: string; accounts?: AccountsService; secureCookies?: boolean }) {
  // Server mode (MILEVAULT_MODE=server): accounts, sessions and tokens replace the shared token.
  if (opts.accounts) return registerAccountAuth(app, { accounts: opts.accounts, secureCookies: opts.secureCookies ?? false });
  const sessions = new Set<string>();
  app.decorateRequest('userId', LOCAL_USER_ID);
  app.get('/auth/launch', { config: { access: 'public' } }, async (req, reply) => {
    const token = (req.query as { token?: unknown }).token;
    if (!opts.token || typeof token !== 'string' || !same(token, opts.token)) {
      return reply.status(401).send({ error: { code: 'unauthorized', message: 'invalid launch token' } });
    }
    const id = randomBytes(32).toString('base64url');
    sessions.add(id);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.values().next().value!);
    reply.header('set-cookie', `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`);
    reply.header('cache-control', 'no-store');
    return reply.redirect('/');
  });
  app.addHook('onRequest', async (req, reply) => {
    req.userId = LOCAL_USER_ID;
    if (!opts.token || routeAccess(req) !== 'token') return;
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (bearer && (same(bearer, opts.token) || (opts.localToken && same(bearer, opts.localToken)))) return;
    const session = cookieValue(req, SESSION_COOKIE);
    if (session && sessions.has(session)) return;
    return reply.status(401).send({ error: { code: 'unauthorized', message: 'missing or invalid token' } });
  });
}
