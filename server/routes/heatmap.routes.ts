import type { FastifyInstance } from 'fastify';
import { heatmapQuery, tileParams } from '../../shared/routes-schemas.js';
import type { HeatmapService } from '../services/heatmap/heatmap.service.js';
import { badRequest } from '../plugins/errors.js';
import { instantRange } from './day-range.js';

/** GET /api/v1/tiles/heatmap/{z}/{x}/{y}.mvt?sport&from&to: Mapbox vector tile, layer `tracks`. */
export async function heatmapRoutes(app: FastifyInstance, { heatmap }: { heatmap: HeatmapService }) {
  app.get('/api/v1/tiles/heatmap/bounds', { schema: { querystring: heatmapQuery } }, async (req) => {
    const q = req.query as { sport?: string; from?: string; to?: string };
    return { bounds: await heatmap.bounds(req.userId, { sport: q.sport, ...instantRange(q) }) };
  });

  app.get('/api/v1/tiles/heatmap/:z/:x/:y.mvt', { schema: { params: tileParams, querystring: heatmapQuery } }, async (req, reply) => {
    const { z, x, y } = req.params as { z: number; x: number; y: number };
    const q = req.query as { sport?: string; from?: string; to?: string };
    if (x >= 2 ** z || y >= 2 ** z) throw badRequest(`no tile ${z}/${x}/${y}: x and y must be below 2^z`);
    const bytes = await heatmap.tile(req.userId, z, x, y, { sport: q.sport, ...instantRange(q) });
    // private: tiles are per user; short max-age because an import changes them.
    return reply.header('content-type', 'application/vnd.mapbox-vector-tile').header('cache-control', 'private, max-age=60').send(Buffer.from(bytes));
  });
}
