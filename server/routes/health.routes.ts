import type { FastifyInstance } from 'fastify';
import { healthRangeQuery, insightsQuery, MAX_HEALTH_RANGE_DAYS, metricParams, sourcePriorityBody } from '../../shared/health-schemas.js';
import { idParams } from '../../shared/schemas.js';
import type { HealthService } from '../services/health/health.service.js';
import type { InsightService } from '../services/health/insight.service.js';
import { dayRangeGuard } from './day-range.js';

type Range = { from?: string; to?: string };

const inRange = dayRangeGuard(MAX_HEALTH_RANGE_DAYS);

/** Wellness reads (daily summaries, intraday series, sleep), source priority and insights. */
export async function healthRoutes(app: FastifyInstance, { health, insights }: { health: HealthService; insights: InsightService }) {
  app.get('/api/v1/health/daily', { schema: { querystring: healthRangeQuery }, preHandler: inRange }, async (req) => {
    const q = req.query as Range;
    return health.daily(req.userId, q.from, q.to);
  });

  app.get('/api/v1/health/series/:metric', { schema: { params: metricParams, querystring: healthRangeQuery }, preHandler: inRange }, async (req) => {
    const q = req.query as Range;
    return health.series(req.userId, (req.params as { metric: string }).metric, q.from, q.to);
  });

  app.get('/api/v1/health/sleep', { schema: { querystring: healthRangeQuery }, preHandler: inRange }, async (req) => {
    const q = req.query as Range;
    return { items: await health.sleep(req.userId, q.from, q.to) };
  });

  app.get('/api/v1/health/source-priority', async (req) => health.priorities(req.userId));

  app.put('/api/v1/health/source-priority', { schema: { body: sourcePriorityBody } }, async (req) => {
    return health.setPriorities(req.userId, (req.body as { metrics: Record<string, string[]> }).metrics);
  });

  app.get('/api/v1/insights', { schema: { querystring: insightsQuery } }, async (req) => {
    const q = req.query as { includeDismissed: boolean; limit: number };
    return { items: await insights.list(req.userId, q.includeDismissed, q.limit) };
  });

  app.post('/api/v1/insights/:id/dismiss', { schema: { params: idParams } }, async (req, reply) => {
    await insights.dismiss(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  app.post('/api/v1/insights/run', async (req) => ({ added: await insights.run(req.userId) }));
}
