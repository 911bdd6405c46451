import type { FastifyInstance } from 'fastify';
import type { CurveKind, RecordKind, ThresholdInputDto, TotalsPeriod } from '../../shared/analysis-api.js';
import {
  badgesQuery,
  calendarQuery,
  curvesQuery,
  fitnessQuery,
  MAX_FITNESS_DAYS,
  MAX_RECORDS_RANGE_DAYS,
  progressionQuery,
  recordExclusionBody,
  recordsQuery,
  thresholdBody,
  totalsQuery,
} from '../../shared/analysis-schemas.js';
import { idParams } from '../../shared/schemas.js';
import type { AnalysisQueryService } from '../services/analysis/analysis-query.service.js';
import type { RecomputeJobs, RecomputeMode } from '../services/analysis/recompute-jobs.js';
import type { ThresholdsService } from '../services/analysis/thresholds.service.js';
import type { RecordExclusionInput, RecordExclusionsService } from '../services/records/record-exclusions.service.js';
import { NotFoundError } from '../services/activity.service.js';
import { badRequest } from '../plugins/errors.js';
import { dayRangeGuard } from './day-range.js';

export interface AnalysisRouteDeps {
  analysisQuery: AnalysisQueryService;
  thresholds: ThresholdsService;
  recomputeJobs: RecomputeJobs;
  /** Issue 13 §3: excluding an activity or one record from records; endpoints exist only when given. */
  recordExclusions?: RecordExclusionsService;
}

type Q<T> = { query: T };

/** Records, curves, fitness, totals, calendar, thresholds and recompute jobs (issue 5). */
export async function analysisRoutes(app: FastifyInstance, deps: AnalysisRouteDeps) {
  const { analysisQuery: q, thresholds, recomputeJobs } = deps;

  app.get('/api/v1/records', { schema: { querystring: recordsQuery }, preHandler: dayRangeGuard(MAX_RECORDS_RANGE_DAYS) }, async (req, reply) => {
    const { sport, from, to } = (req as Q<{ sport: string; from?: string; to?: string }>).query;
    if ((from === undefined) !== (to === undefined)) throw badRequest('records of a range need both from and to (YYYY-MM-DD)');
    if (from !== undefined && to !== undefined) return q.recordsInRange(req.userId, sport, from, to);
    return reply.type('application/json; charset=utf-8').send(await q.recordsJson(req.userId, sport));
  });

  const exclusions = deps.recordExclusions;
  if (exclusions) {
    app.get('/api/v1/records/exclusions', async (req) => exclusions.list(req.userId));
    // Idempotent both ways: the records are recomputed only when something changed.
    app.post('/api/v1/records/exclusions', { schema: { body: recordExclusionBody } }, async (req) => exclusions.exclude(req.userId, req.body as RecordExclusionInput));
    app.delete('/api/v1/records/exclusions', { schema: { body: recordExclusionBody } }, async (req) => exclusions.include(req.userId, req.body as RecordExclusionInput));
  }

  app.get('/api/v1/records/progression', { schema: { querystring: progressionQuery } }, async (req) => {
    const { sport, kind, key } = (req as Q<{ sport: string; kind: RecordKind; key: number }>).query;
    return q.progression(req.userId, sport, kind, key);
  });

  app.get('/api/v1/records/badges', { schema: { querystring: badgesQuery } }, async (req) => {
    const ids = (req as Q<{ ids: string }>).query.ids.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 500);
    return q.badges(req.userId, ids);
  });

  app.get('/api/v1/curves', { schema: { querystring: curvesQuery } }, async (req) => {
    const { kind, sport } = (req as Q<{ kind: CurveKind; sport: string }>).query;
    return q.curve(req.userId, kind, sport);
  });

  // One side missing defaults in the service (to = today, from = to − 180 days), bounded there too.
  // The body is the cached JSON text (fitnessJson): sent as is, no serialisation per request.
  app.get('/api/v1/fitness', { schema: { querystring: fitnessQuery }, preHandler: dayRangeGuard(MAX_FITNESS_DAYS) }, async (req, reply) => {
    const { from, to } = (req as Q<{ from?: string; to?: string }>).query;
    return reply.type('application/json; charset=utf-8').send(await q.fitnessJson(req.userId, from, to));
  });

  app.get('/api/v1/totals', { schema: { querystring: totalsQuery } }, async (req) => {
    const { period, sport } = (req as Q<{ period: TotalsPeriod; sport?: string }>).query;
    return q.totals(req.userId, period, sport);
  });

  app.get('/api/v1/calendar', { schema: { querystring: calendarQuery } }, async (req) => q.calendar(req.userId, (req as Q<{ month: string }>).query.month));

  app.get('/api/v1/thresholds', async (req) => ({ items: await thresholds.list(req.userId) }));

  app.post('/api/v1/thresholds', { schema: { body: thresholdBody } }, async (req, reply) => {
    const body = req.body as ThresholdInputDto;
    return reply.status(201).send(await thresholds.create(req.userId, { ...body, sport: body.sport ?? null }));
  });

  app.put('/api/v1/thresholds/:id', { schema: { params: idParams, body: thresholdBody } }, async (req) => {
    const body = req.body as ThresholdInputDto;
    return thresholds.update(req.userId, (req.params as { id: string }).id, { ...body, sport: body.sport ?? null });
  });

  app.delete('/api/v1/thresholds/:id', { schema: { params: idParams } }, async (req) => thresholds.delete(req.userId, (req.params as { id: string }).id));

  // No body schema: a bare POST (no body at all) means a full recompute, which fastify's body
  // validation would reject; the optional `mode` is checked here instead.
  app.post('/api/v1/analysis/recompute', async (req, reply) => {
    const mode = ((req.body as { mode?: RecomputeMode } | undefined)?.mode ?? 'full') as RecomputeMode;
    if (mode !== 'full' && mode !== 'load') throw badRequest('mode must be "full" or "load"');
    return reply.status(202).send(recomputeJobs.start(req.userId, { mode }));
  });

  app.get('/api/v1/analysis/jobs/:id', { schema: { params: idParams } }, async (req) => {
    const job = recomputeJobs.get(req.userId, (req.params as { id: string }).id);
    if (!job) throw new NotFoundError(`recompute job ${(req.params as { id: string }).id} not found`);
    return job;
  });
}
