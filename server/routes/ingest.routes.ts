import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HealthService } from '../services/health/health.service.js';

export const INGEST_PREFIX = '/api/v1/ingest/';

function keyOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const h = req.headers['api-key'];
  return typeof h === 'string' ? h.trim() : undefined;
}

/**
 * Push ingestion authenticated by a per-user API key (`Authorization: Bearer <key>` or an
 * `api-key` header, as Health Auto Export's custom headers allow), not by the session: the key
 * decides the user. Registered in its own scope so its body parser (raw bytes kept for replay,
 * any content type, a larger body limit) applies to this route only.
 */
export async function ingestRoutes(app: FastifyInstance, { health, maxBytes }: { health: HealthService; maxBytes: number }) {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => {
      const raw = body as Buffer;
      try {
        done(null, { raw, json: JSON.parse(raw.toString('utf8')) as unknown });
      } catch (e) {
        done(Object.assign(new Error(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`), { statusCode: 400, code: 'bad_json' }), undefined);
      }
    });
    // Authenticate before the body is read, so an unauthenticated client cannot make us buffer 64 MB.
    scope.addHook('onRequest', async (req, reply) => {
      // Each wrong key costs an argon2id verification: limit failures per client address.
      if (health.failedAuth.peek(req.ip) < 1) {
        return reply.status(429).header('retry-after', '60').send({ error: { code: 'rate_limited', message: 'too many failed attempts; retry in a minute' } });
      }
      const who = await health.keys.authenticate(keyOf(req));
      if (!who) {
        health.failedAuth.take(req.ip);
        return reply.status(401).send({ error: { code: 'unauthorized', message: 'missing, invalid or revoked API key' } });
      }
      const wait = health.limiter.take(who.id);
      if (wait > 0) {
        return reply.status(429).header('retry-after', String(wait)).send({ error: { code: 'rate_limited', message: `too many uploads with this key; retry in ${wait} s` } });
      }
      req.userId = who.userId;
    });
    scope.post(`${INGEST_PREFIX}health-auto-export`, { bodyLimit: maxBytes, config: { access: 'ingest' } }, async (req) => {
      const body = req.body as { raw: Buffer; json: unknown } | undefined;
      if (!body) throw Object.assign(new Error('the body is empty'), { statusCode: 400, code: 'bad_request' });
      return health.ingestHealthAutoExport(req.userId, body.raw, body.json);
    });
  });
}
