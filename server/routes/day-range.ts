import type { FastifyRequest } from 'fastify';
import { dayRangeProblem, parseInstant } from '../../shared/validators.js';
import { badRequest } from '../plugins/errors.js';

/**
 * preHandler for routes with `from`/`to` dates in the query (schema: calendarDateSchema): the
 * cross-field rule JSON Schema cannot say, `from <= to` and at most `maxDays` days, checked
 * before the handler, so no service ever walks an unbounded range (issue 12, defect 2).
 */
export function dayRangeGuard(maxDays: number) {
  return async (req: FastifyRequest) => {
    const q = req.query as { from?: string; to?: string };
    const problem = dayRangeProblem(q.from, q.to, maxDays);
    if (problem) throw badRequest(problem);
  };
}

/** Epoch ms of an instantSchema query value (undefined when absent); 400 for a date that is not real. */
export function instantParam(v: string | undefined, name: string, endOfDay: boolean): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseInstant(v, endOfDay);
  if (!Number.isFinite(ms)) throw badRequest(`${name} must be an ISO-8601 date or date-time with a real calendar date, got "${v.slice(0, 40)}"`);
  return ms;
}

/** The same for a from/to pair, which must also be in order. */
export function instantRange(q: { from?: string; to?: string }): { fromMs?: number; toMs?: number; localTime: boolean } {
  const fromMs = instantParam(q.from, 'from', false);
  const toMs = instantParam(q.to, 'to', true);
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw badRequest('from must not be after to');
  // Bare dates mean the athlete's days: each activity is compared at its own local time (issue 13 §2).
  const bare = (v: string | undefined) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v);
  return { fromMs, toMs, localTime: (q.from !== undefined || q.to !== undefined) && bare(q.from) && bare(q.to) };
}
