import type { FastifyInstance } from 'fastify';
import { accepted, noContent, ok } from './auto-ingest-responses.js';
import { dayRangeProblem, isCalendarDate } from '../../shared/validators.js';
import type { GarminSyncService } from '../services/garmin-connect/garmin-sync.service.js';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** Optional Garmin Connect sync (issue 18). The password is used once for sign-in and never stored. */
export async function garminRoutes(app: FastifyInstance, { garmin }: { garmin: GarminSyncService }) {
  app.get('/api/v1/garmin', { schema: { response: ok('Garmin Connect status') } }, async (req) => garmin.status(req.userId));

  app.post(
    '/api/v1/garmin/connect',
    { schema: { body: { type: 'object', required: ['username', 'password'], additionalProperties: false, properties: { username: { type: 'string', minLength: 1, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } } }, response: ok('Garmin Connect status') } },
    async (req) => {
      const b = req.body as { username: string; password: string };
      return garmin.connect(req.userId, b.username, b.password);
    },
  );

  app.patch(
    '/api/v1/garmin',
    { schema: { body: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' }, intervalMin: { type: 'integer', minimum: 5, maximum: 1440 } } }, response: ok('Garmin Connect status') } },
    async (req) => garmin.update(req.userId, req.body as { enabled?: boolean; intervalMin?: number }),
  );

  app.delete('/api/v1/garmin', { schema: { response: noContent } }, async (req, reply) => {
    await garmin.disconnect(req.userId);
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/garmin/sync',
    { schema: { body: { type: 'object', additionalProperties: false, properties: { from: DATE, to: DATE } }, response: accepted('the garmin-sync job') } },
    async (req, reply) => {
      const b = (req.body ?? {}) as { from?: string; to?: string };
      for (const [k, v] of Object.entries(b)) if (v && !isCalendarDate(v)) return reply.status(400).send({ error: { code: 'bad_request', message: `${k}: ${v} is not a real date` } });
      const span = b.from && b.to ? dayRangeProblem(b.from, b.to, 3660) : null;
      if (span) return reply.status(400).send({ error: { code: 'bad_request', message: span } });
      if (b.from && b.to && b.from > b.to) return reply.status(400).send({ error: { code: 'bad_request', message: 'from must not be after to' } });
      return reply.status(202).send(await garmin.syncNow(req.userId, b));
    },
  );
}
