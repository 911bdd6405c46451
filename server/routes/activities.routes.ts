import { acceptsGzip, pickEncoding } from '../plugins/content-encoding.js';
import type { FastifyInstance } from 'fastify';
import type { ActivityPatchDto } from '../../shared/api.js';
import { activityPatchBody, idParams, streamsQuery } from '../../shared/schemas.js';
import type { AppDeps } from '../app.js';
import { parseChannels } from '../services/activity.service.js';
import { instantRange } from './day-range.js';
import { parseInstant } from '../../shared/validators.js';
import { badRequest } from '../plugins/errors.js';
import { activityMergeBody, activitySplitBody } from '../../shared/gear-schemas.js';
import { activityBulkDeleteBody, activityBulkEditBody, activityListFullQuery } from '../../shared/activity-list-schemas.js';
import type { ActivityBulkDeleteDto, ActivityBulkEditDto, ActivityListFilters } from '../../shared/activity-list-api.js';

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function activitiesRoutes(app: FastifyInstance, { activities, merges }: AppDeps) {
  // Issue 17: search (q), sort (validated keys, tie-break by id), gear/route/distance/duration
  // filters on top of sport and dates; every row says how many all-time records it holds today.
  app.get('/api/v1/activities', { schema: { querystring: activityListFullQuery } }, async (req) => {
    const q = req.query as { limit: number; offset: number; sport?: string; from?: string; to?: string } & ActivityListFilters;
    const { from: _f, to: _t, ...rest } = q;
    return activities.listPage(req.userId, { ...rest, ...instantRange(q) });
  });

  app.post('/api/v1/activities/bulk-edit', { schema: { body: activityBulkEditBody } }, async (req) => {
    const b = req.body as ActivityBulkEditDto;
    return activities.bulkEdit(req.userId, b.ids, b.set);
  });

  app.post('/api/v1/activities/bulk-delete', { schema: { body: activityBulkDeleteBody } }, async (req) => {
    return activities.bulkDelete(req.userId, (req.body as ActivityBulkDeleteDto).ids);
  });

  app.get('/api/v1/activities/:id', { schema: { params: idParams } }, async (req) => {
    return activities.get(req.userId, (req.params as { id: string }).id);
  });

  app.patch('/api/v1/activities/:id', { schema: { params: idParams, body: activityPatchBody } }, async (req) => {
    const body = req.body as ActivityPatchDto;
    // Issue 13 §3: correcting a device clock. A real calendar instant, not before 1970 nor in the future.
    if (body.startTime !== undefined) {
      const ms = parseInstant(body.startTime, false);
      if (!Number.isFinite(ms) || ms < 0 || ms > Date.now() + 86_400_000) throw badRequest('startTime must be a real date-time between 1970 and now');
      body.startTime = new Date(ms).toISOString();
    }
    return activities.update(req.userId, (req.params as { id: string }).id, body);
  });

  if (merges) {
    // Undo for duplicate detection (issue 13 §1).
    app.post('/api/v1/activities/:id/merge', { schema: { params: idParams, body: activityMergeBody } }, async (req) => {
      return merges.merge(req.userId, (req.params as { id: string }).id, (req.body as { otherActivityId: string }).otherActivityId);
    });
    app.post('/api/v1/activities/:id/split', { schema: { params: idParams, body: activitySplitBody } }, async (req, reply) => {
      const b = req.body as { source: string; externalId: string };
      return reply.status(201).send(await merges.split(req.userId, (req.params as { id: string }).id, b));
    });
  }

  app.delete('/api/v1/activities/:id', { schema: { params: idParams } }, async (req, reply) => {
    await activities.delete(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  // Thousands of numbers, serialized (JSON.stringify, several times faster than the schema's
  // serializer) and compressed (Brotli or gzip, as the client asks) on a worker thread (issue 14);
  // the activity page's own request is sent from its stored chart (stored-chart.ts). The
  // documented response schema is unchanged.
  app.get('/api/v1/activities/:id/streams', { schema: { params: idParams, querystring: streamsQuery } }, async (req, reply) => {
    const q = req.query as { channels?: string; maxPoints?: number };
    const accept = req.headers['accept-encoding'];
    const { body, encoding } = await activities.streamsBody(req.userId, (req.params as { id: string }).id, { channels: parseChannels(q.channels), maxPoints: q.maxPoints, encoding: pickEncoding(accept), acceptsGzip: acceptsGzip(accept) });
    reply.header('vary', 'Accept-Encoding');
    if (encoding) reply.header('content-encoding', encoding);
    return reply.type('application/json; charset=utf-8').send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });

  app.get('/api/v1/activities/:id/original', { schema: { params: idParams } }, async (req, reply) => {
    const { fileName, bytes } = await activities.original(req.userId, (req.params as { id: string }).id);
    return reply.header('content-type', 'application/octet-stream').header('content-disposition', contentDisposition(fileName)).send(bytes);
  });
}
