import type { FastifyInstance } from 'fastify';
import { accepted, created, noContent, ok } from './auto-ingest-responses.js';
import { idParams } from '../../shared/schemas.js';
import { pageQuery, watchFolderBody, watchFolderPatch, type WatchFolderInput } from '../../shared/sources-api.js';
import type { WatchService } from '../services/watch/watch.service.js';

/** Settings → Sources: watched folders (issue 18). Token-protected (no access declaration). */
export async function sourcesRoutes(app: FastifyInstance, { watch }: { watch: WatchService }) {
  app.get('/api/v1/sources/folders', { schema: { response: ok('watched folders: { items }') } }, async (req) => ({ items: await watch.list(req.userId) }));

  app.post('/api/v1/sources/folders', { schema: { body: watchFolderBody, response: created('the watched folder') } }, async (req, reply) => reply.status(201).send(await watch.add(req.userId, req.body as WatchFolderInput)));

  app.patch('/api/v1/sources/folders/:id', { schema: { params: idParams, body: watchFolderPatch, response: ok('the watched folder') } }, async (req) => watch.update(req.userId, (req.params as { id: string }).id, req.body as Omit<WatchFolderInput, 'path'>));

  app.delete('/api/v1/sources/folders/:id', { schema: { params: idParams, response: noContent } }, async (req, reply) => {
    await watch.remove(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  app.get('/api/v1/sources/folders/:id/files', { schema: { params: idParams, querystring: pageQuery, response: ok('one page of the folder\'s files with their results') } }, async (req) => {
    const q = req.query as { limit: number; offset: number };
    return { ...(await watch.files(req.userId, (req.params as { id: string }).id, q.limit, q.offset)), limit: q.limit, offset: q.offset };
  });

  app.post('/api/v1/sources/folders/:id/scan', { schema: { params: idParams, response: accepted('scan started') } }, async (req, reply) => {
    await watch.rescan(req.userId, (req.params as { id: string }).id);
    return reply.status(202).send({ ok: true });
  });
}
