import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../services/jobs/event-bus.js';

/** A comment line this often keeps proxies (and the desktop's idle timers) from closing the stream. */
const HEARTBEAT_MS = 25_000;

/**
 * GET /api/v1/events: server-sent events for the signed-in user (issue 18): `job` (a job's state
 * and progress), `watch` (a watched file's result), `garmin` (sync status), `notification`.
 * Token-protected like every API route; EventSource sends the session cookie.
 */
export async function eventsRoutes(app: FastifyInstance, { bus }: { bus: EventBus }) {
  app.get('/api/v1/events', { schema: { response: { 200: { description: 'text/event-stream: events job, garmin' } } as Record<string, unknown> } }, async (req, reply) => {
    // EventSource always asks for text/event-stream; anything else (a plain fetch, app.inject) gets
    // an ordinary error instead of a stream that never ends.
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      return reply.status(406).send({ error: { code: 'not_acceptable', message: 'this is a server-sent event stream: send Accept: text/event-stream' } });
    }
    // Hijacked: Fastify writes none of the reply's headers (the security headers set on every
    // request, plugins/security-headers.ts), so they are written here with the stream's own.
    const common: Record<string, string | number | string[]> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) common[k] = v;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...common,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    const off = bus.subscribe(req.userId, (e) => {
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    });
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref?.();
    const done = () => {
      clearInterval(beat);
      off();
    };
    req.raw.on('close', done);
    res.on('error', done);
  });
}
