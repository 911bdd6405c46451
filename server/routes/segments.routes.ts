import type { FastifyInstance } from 'fastify';
import type { SegmentCreateDto } from '../../shared/routes-api.js';
import { segmentCreateBody, segmentListQuery } from '../../shared/routes-schemas.js';
import { idParams } from '../../shared/schemas.js';
import type { SegmentsService } from '../services/segments/segments.service.js';
import { badRequest } from '../plugins/errors.js';

/** A GPX segment is a few hundred points; anything bigger is not a segment. */
const MAX_GPX_BYTES = 5 * 1024 * 1024;

/** /api/v1/segments: create from an activity stretch (JSON) or a GPX (multipart), leaderboard, efforts. */
export async function segmentsRoutes(app: FastifyInstance, { segments }: { segments: SegmentsService }) {
  app.post(
    '/api/v1/segments',
    // Only JSON bodies are validated by schema; multipart (a GPX) is read below.
    { schema: { body: { content: { 'application/json': { schema: segmentCreateBody } } } } },
    async (req, reply) => {
      if (req.isMultipart()) {
        let bytes: Buffer | null = null;
        const fields: Record<string, string> = {};
        for await (const part of req.parts({ limits: { fileSize: MAX_GPX_BYTES } })) {
          if (part.type === 'file') bytes ??= await part.toBuffer();
          else fields[part.fieldname] = String(part.value);
        }
        if (!bytes) return reply.status(400).send({ error: { code: 'no_files', message: 'send the segment as a GPX file' } });
        const s = await segments.createFromGpx(req.userId, bytes, { name: fields.name || undefined, bothDirections: fields.bothDirections === 'true' });
        return reply.status(201).send(s);
      }
      // The schema above only runs for application/json: no body, or another content type, lands here.
      if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
        throw badRequest('send { activityId, startOffsetS, endOffsetS } as application/json, or a GPX as multipart/form-data');
      }
      return reply.status(201).send(await segments.createFromActivity(req.userId, req.body as SegmentCreateDto));
    },
  );

  app.get('/api/v1/segments', { schema: { querystring: segmentListQuery } }, async (req) => segments.list(req.userId, req.query as { limit: number; offset: number }));

  app.get('/api/v1/segments/:id', { schema: { params: idParams } }, async (req) => segments.get(req.userId, (req.params as { id: string }).id));

  app.delete('/api/v1/segments/:id', { schema: { params: idParams } }, async (req, reply) => {
    await segments.delete(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  app.get('/api/v1/activities/:id/segment-efforts', { schema: { params: idParams } }, async (req) => ({
    efforts: await segments.effortsOfActivity(req.userId, (req.params as { id: string }).id),
  }));
}
