import type { FastifyInstance } from 'fastify';
import { routePreviewsQuery, segmentProfilesQuery } from '../../shared/route-list-schemas.js';
import { idParams } from '../../shared/schemas.js';
import { routePreviews } from '../services/routes/route-previews.js';
import { segmentProfileOf, segmentProfiles } from '../services/segments/segment-profiles.js';
import type { Storage } from '../storage/port.js';

/**
 * Lists of routes and segments (issue 17): mini-map polylines for a page of routes, and segments'
 * elevation profiles with their grade.
 */
export async function routePreviewsRoutes(app: FastifyInstance, { storage }: { storage: Storage }) {
  const idsOf = (q: unknown) => [...new Set((q as { ids: string }).ids.split(','))];

  app.get('/api/v1/routes/previews', { schema: { querystring: routePreviewsQuery } }, async (req) => routePreviews(storage, req.userId, idsOf(req.query)));

  app.get('/api/v1/segments/profiles', { schema: { querystring: segmentProfilesQuery } }, async (req) => segmentProfiles(storage, req.userId, idsOf(req.query)));

  app.get('/api/v1/segments/:id/profile', { schema: { params: idParams } }, async (req) => ({
    profile: await segmentProfileOf(storage, req.userId, (req.params as { id: string }).id),
  }));
}
