import type { FastifyInstance } from 'fastify';
import { routePreviewsQuery } from '../../shared/route-list-schemas.js';
import { routePreviews } from '../services/routes/route-previews.js';
import type { Storage } from '../storage/port.js';

/** GET /api/v1/routes/previews?ids=a,b: mini-map polylines for a page of the routes list (issue 17). */
export async function routePreviewsRoutes(app: FastifyInstance, { storage }: { storage: Storage }) {
  app.get('/api/v1/routes/previews', { schema: { querystring: routePreviewsQuery } }, async (req) => {
    const ids = [...new Set((req.query as { ids: string }).ids.split(','))];
    return routePreviews(storage, req.userId, ids);
  });
}
