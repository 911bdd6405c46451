import type { FastifyInstance } from 'fastify';
import { thresholdEstimatesQuery } from '../../shared/threshold-estimates.js';
import { thresholdEstimates } from '../services/threshold-estimates.js';
import type { Storage } from '../storage/port.js';

/**
 * GET /api/v1/thresholds/estimates (issue 17): estimates only; accepting one is an ordinary
 * POST /api/v1/thresholds, so dated history and recompute jobs stay in one place.
 */
export async function thresholdEstimatesRoutes(app: FastifyInstance, deps: { storage: Storage }) {
  app.get('/api/v1/thresholds/estimates', { schema: { querystring: thresholdEstimatesQuery } }, async (req) => thresholdEstimates(deps.storage, req.userId));
}
