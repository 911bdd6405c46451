import type { FastifyInstance } from 'fastify';
import { extentsQuery } from '../../shared/extents.js';
import { dataExtents } from '../services/data-extents.js';
import type { Storage } from '../storage/port.js';

/** GET /api/v1/analysis/extents (issue 17): where the athlete's data lies, for the pages' default ranges. */
export async function extentsRoutes(app: FastifyInstance, deps: { storage: Storage; now?: () => number }) {
  app.get('/api/v1/analysis/extents', { schema: { querystring: extentsQuery } }, async (req) => dataExtents(deps.storage, req.userId, deps.now ? deps.now() : Date.now()));
}
