import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user every query is scoped to. */
    userId: string;
  }
}

export const LOCAL_USER_ID = 'local';
const COOKIE = 'milevault_token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: FastifyRequest): string | undefined {
  const raw = req.headers.cookie;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Desktop: the Electron shell starts the server with a per-launch token and opens
 * `/auth/launch?token=…`, which sets an HttpOnly cookie; API calls then carry the cookie (or a
 * Bearer header, for the CLI and scripts). Without a token (headless on loopback) the API is open.
 * Either way requests act as the single local user; multi-user accounts plug in here by setting
 * `req.userId` from a session instead.
 */
export function registerAuth(app: FastifyInstance, opts: { token?: string }) {
  app.decorateRequest('userId', LOCAL_USER_ID);
  app.get('/auth/launch', async (req, reply) => {
    const token = (req.query as { token?: string }).token ?? '';
    if (!opts.token || !same(token, opts.token)) return reply.status(401).send({ error: { code: 'unauthorized', message: 'invalid launch token' } });
    reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    return reply.redirect('/');
  });
  app.addHook('onRequest', async (req, reply) => {
    req.userId = LOCAL_USER_ID;
    if (!opts.token) return;
    const path = req.url.split('?')[0];
    if (!path.startsWith('/api/') || path === '/api/v1/health') return;
    // Push ingestion authenticates with a per-user API key instead (routes/ingest.routes.ts).
    if (path.startsWith('/api/v1/ingest/')) return;
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : cookieToken(req);
    if (!given || !same(given, opts.token)) {
      return reply.status(401).send({ error: { code: 'unauthorized', message: 'missing or invalid token' } });
    }
  });
}
