import type { FastifyInstance } from 'fastify';
import type { ActivityMetaPatchDto, GearInputDto } from '../../shared/gear-api.js';
import { activityMetaPatchBody, gearCreateBody, gearPatchBody, mediaParams } from '../../shared/gear-schemas.js';
import { idParams } from '../../shared/schemas.js';
import type { GearService } from '../services/gear.service.js';

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic' };

/** Gear and per-activity metadata (issue 4). Registered by app.ts when `deps.gear` exists. */
export async function gearRoutes(app: FastifyInstance, { gear }: { gear: GearService }) {
  app.get('/api/v1/gear', async (req) => gear.list(req.userId));

  app.post('/api/v1/gear', { schema: { body: gearCreateBody } }, async (req, reply) => {
    return reply.status(201).send(await gear.create(req.userId, req.body as GearInputDto & { name: string }));
  });

  app.get('/api/v1/gear/:id', { schema: { params: idParams } }, async (req) => gear.get(req.userId, (req.params as { id: string }).id));

  app.patch('/api/v1/gear/:id', { schema: { params: idParams, body: gearPatchBody } }, async (req) => {
    return gear.update(req.userId, (req.params as { id: string }).id, req.body as GearInputDto);
  });

  app.delete('/api/v1/gear/:id', { schema: { params: idParams } }, async (req, reply) => {
    await gear.delete(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  app.get('/api/v1/activities/:id/meta', { schema: { params: idParams } }, async (req) => gear.activityMeta(req.userId, (req.params as { id: string }).id));

  app.patch('/api/v1/activities/:id/meta', { schema: { params: idParams, body: activityMetaPatchBody } }, async (req) => {
    return gear.patchActivityMeta(req.userId, (req.params as { id: string }).id, req.body as ActivityMetaPatchDto);
  });

  app.get('/api/v1/activities/:id/media/:sha256', { schema: { params: mediaParams } }, async (req, reply) => {
    const p = req.params as { id: string; sha256: string };
    const { fileName, bytes } = await gear.media(req.userId, p.id, p.sha256);
    const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
    return reply.type(IMAGE_TYPES[ext] ?? 'application/octet-stream').header('cache-control', 'private, max-age=86400').send(bytes);
  });
}
