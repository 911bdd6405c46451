import type { FastifyInstance } from 'fastify';
import { heatmapQuery, tileParams } from '../../shared/routes-schemas.js';
import type { HeatmapService } from '../services/heatmap/heatmap.service.js';

function parseDate(v: string | undefined, name: string, endOfDay: boolean): number | undefined {
  if (v === undefined) return undefined;
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const ms = Date.parse(bareDate ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(ms)) throw Object.assign(new Error(`${name} must be an ISO-8601 date, got "${v}"`), { statusCode: 400, code: 'bad_request' });
  return bareDate && endOfDay ? ms + 86_400_000 : ms;
}

/** GET /api/v1/tiles/heatmap/{z}/{x}/{y}.mvt?sport&from&to: Mapbox vector tile, layer `tracks`. */
export async function heatmapRoutes(app: FastifyInstance, { heatmap }: { heatmap: HeatmapService }) {
  app.get('/api/v1/tiles/heatmap/bounds', { schema: { querystring: heatmapQuery } }, async (req) => {
    const q = req.query as { sport?: string; from?: string; to?: string };
    return { bounds: await heatmap.bounds(req.userId, { sport: q.sport, fromMs: parseDate(q.from, 'from', false), toMs: parseDate(q.to, 'to', true) }) };
  });

  app.get('/api/v1/tiles/heatmap/:z/:x/:y.mvt', { schema: { params: tileParams, querystring: heatmapQuery } }, async (req, reply) => {
    const { z, x, y } = req.params as { z: number; x: number; y: number };
    const q = req.query as { sport?: string; from?: string; to?: string };
    const bytes = await heatmap.tile(req.userId, z, x, y, { sport: q.sport, fromMs: parseDate(q.from, 'from', false), toMs: parseDate(q.to, 'to', true) });
    // private: tiles are per user; short max-age because an import changes them.
    return reply.header('content-type', 'application/vnd.mapbox-vector-tile').header('cache-control', 'private, max-age=60').send(Buffer.from(bytes));
  });
}
