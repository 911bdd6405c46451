import type { FastifyInstance } from 'fastify';
import { goalsPutBody, goalsQuery, type YearGoalDto, type YearGoalsDto } from '../../shared/goals-api.js';
import { badRequest } from '../plugins/errors.js';
import type { Storage } from '../storage/port.js';

/**
 * Year goals (issue 17, dashboard "plan of the year"). The JSON schemas bound year, sport and
 * values; here: each sport at most once, every goal with a distance or a time, finite numbers.
 */
export async function goalsRoutes(app: FastifyInstance, { storage }: { storage: Storage }) {
  app.get('/api/v1/goals', { schema: { querystring: goalsQuery } }, async (req): Promise<YearGoalsDto> => {
    const { year } = req.query as { year: number };
    return { year, items: await storage.yearGoals.list(req.userId, year) };
  });

  app.put('/api/v1/goals', { schema: { body: goalsPutBody } }, async (req): Promise<YearGoalsDto> => {
    const body = req.body as { year: number; items: { sport: string; distanceM?: number | null; movingTimeS?: number | null }[] };
    const seen = new Set<string>();
    const items: YearGoalDto[] = [];
    for (const g of body.items) {
      if (seen.has(g.sport)) throw badRequest(`sport "${g.sport}" has more than one goal for ${body.year}`);
      seen.add(g.sport);
      const distanceM = g.distanceM ?? null;
      const movingTimeS = g.movingTimeS ?? null;
      for (const [name, v] of [['distanceM', distanceM], ['movingTimeS', movingTimeS]] as const) {
        if (v !== null && !Number.isFinite(v)) throw badRequest(`${name} of "${g.sport}" must be a finite number`);
      }
      if (distanceM === null && movingTimeS === null) throw badRequest(`the goal for "${g.sport}" needs a distance (distanceM) or a time (movingTimeS)`);
      items.push({ sport: g.sport, distanceM, movingTimeS });
    }
    await storage.users.ensure(req.userId, req.userId);
    await storage.yearGoals.replace(req.userId, body.year, items);
    return { year: body.year, items: await storage.yearGoals.list(req.userId, body.year) };
  });
}
