import type { RouteListFilter } from '../storage/repos/routes.repo.js';
import type { FastifyInstance } from 'fastify';
import { idParams } from '../../shared/schemas.js';
import { routeListQuery, routeMergeBody, routePatchBody, routeSplitBody } from '../../shared/routes-schemas.js';
import type { RouteMergeDto, RoutePatchDto, RouteSplitDto } from '../../shared/routes-api.js';
import type { RouteFeatures } from '../services/routes/route-features.js';

/** /api/v1/routes: automatically clustered routes, and the athlete's corrections to them. */
export async function routesRoutes(app: FastifyInstance, { routes }: Pick<RouteFeatures, 'routes'>) {
  app.get('/api/v1/routes', { schema: { querystring: routeListQuery } }, async (req) => routes.list(req.userId, req.query as RouteListFilter));

  app.get('/api/v1/routes/:id', { schema: { params: idParams } }, async (req) => routes.get(req.userId, (req.params as { id: string }).id));

  app.patch('/api/v1/routes/:id', { schema: { params: idParams, body: routePatchBody } }, async (req) =>
    routes.rename(req.userId, (req.params as { id: string }).id, (req.body as Required<RoutePatchDto>).name),
  );

  app.post('/api/v1/routes/:id/merge', { schema: { params: idParams, body: routeMergeBody } }, async (req) =>
    routes.merge(req.userId, (req.params as { id: string }).id, (req.body as RouteMergeDto).otherRouteId),
  );

  app.post('/api/v1/routes/:id/split', { schema: { params: idParams, body: routeSplitBody } }, async (req, reply) => {
    const r = await routes.split(req.userId, (req.params as { id: string }).id, (req.body as RouteSplitDto).activityIds);
    return reply.status(201).send(r);
  });

  app.get('/api/v1/activities/:id/route', { schema: { params: idParams } }, async (req) => ({
    route: await routes.activityInfo(req.userId, (req.params as { id: string }).id),
  }));
}
