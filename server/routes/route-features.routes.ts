import type { FastifyInstance } from 'fastify';
import type { RouteFeatures } from '../services/routes/route-features.js';
import { heatmapRoutes } from './heatmap.routes.js';
import { routesRoutes } from './routes.routes.js';
import { segmentsRoutes } from './segments.routes.js';

/** Registers the route, segment and heatmap endpoints (one line in app.ts for the whole issue). */
export async function routeFeatureRoutes(app: FastifyInstance, f: RouteFeatures) {
  await routesRoutes(app, f);
  await heatmapRoutes(app, f);
  await segmentsRoutes(app, f);
}
