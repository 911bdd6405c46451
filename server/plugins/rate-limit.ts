import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { RateLimitConfig } from '../operability-config.js';

/** Routes that check a password or a one-time secret: limited per IP, much tighter than writes. */
export const LOGIN_ROUTES = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/setup', 'POST /api/v1/auth/invites/:token/accept', 'POST /api/v1/auth/password-resets/:token/accept', 'POST /api/v1/account/password', 'GET /auth/launch']);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Machine ingest keyed by its own secret, one request per sample or batch: a tracker posting a
 * point every second must not hit the write limit, and a bad key is answered before any work.
 */
const NOT_LIMITED = new Set(['access:ingest', 'access:live']);

/**
 * Rate limits (issue 14, @fastify/rate-limit): login routes per IP, every write per user and IP
 * (after authentication, so athletes behind one NAT do not share a bucket). Reads are not
 * limited (a page load is a dozen GETs, a map a hundred tiles).
 *
 * Bulk imports: an upload is one POST whatever the number of files in it (multipart, up to
 * 10,000 files), so the desktop's import of thousands of files spends one write; the CLI sends
 * batches of files per request too. Limits are per minute; 429 carries `retry-after`.
 *
 * Must be registered before the routes (it reads each route's options as it is added).
 */
export async function registerRateLimits(app: FastifyInstance, cfg: RateLimitConfig | undefined) {
  if (!cfg?.enabled) return;
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const method = methods.find((m) => m !== 'HEAD') ?? methods[0];
    const key = `${method} ${r.url}`;
    const access = (r.config as { access?: string } | undefined)?.access ?? 'token';
    if (LOGIN_ROUTES.has(key)) {
      r.config = { ...r.config, rateLimit: { max: cfg.loginsPerMinute, timeWindow: 60_000, groupId: 'login', keyGenerator: (req) => req.ip } };
    } else if (WRITES.has(method) && !NOT_LIMITED.has(`access:${access}`)) {
      r.config = { ...r.config, rateLimit: { max: cfg.writesPerMinute, timeWindow: 60_000, groupId: 'writes' } };
    }
  });
  await app.register(rateLimit, {
    global: false,
    // After authentication: the user is known, so the bucket is per athlete (and IP).
    hook: 'preHandler',
    keyGenerator: (req) => `${req.userId}|${req.ip}`,
    // Thrown, so the app's error handler answers the one error shape { error: { code, message } }.
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error(`too many requests: at most ${ctx.max} a minute; retry in ${ctx.after}`), { statusCode: ctx.statusCode, code: 'rate_limited' }),
  });
}
