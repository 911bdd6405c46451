import type { FastifyInstance } from 'fastify';
import { apiKeyCreateBody } from '../../shared/health-schemas.js';
import { idParams } from '../../shared/schemas.js';
import type { HealthService } from '../services/health/health.service.js';

/** API keys for push integrations: the key is in the POST response only, never again. */
export async function apiKeysRoutes(app: FastifyInstance, { health }: { health: HealthService }) {
  app.post('/api/v1/api-keys', { schema: { body: apiKeyCreateBody } }, async (req, reply) => {
    const body = (req.body ?? {}) as { name?: string };
    return reply.status(201).send(await health.keys.create(req.userId, body.name ?? 'Health Auto Export'));
  });

  app.get('/api/v1/api-keys', async (req) => ({ items: await health.keys.list(req.userId) }));

  app.delete('/api/v1/api-keys/:id', { schema: { params: idParams } }, async (req, reply) => {
    await health.keys.revoke(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });
}
