import type { FastifyInstance } from 'fastify';
import { accepted, ok } from './auto-ingest-responses.js';
import { jobIdParams, jobListQuery } from '../../shared/jobs-api.js';
import type { JobService } from '../services/jobs/job.service.js';
import type { Schedules } from '../services/jobs/schedules.js';

/** Durable jobs (issue 18): history with paging, cancel, retry; Settings → Schedules. */
export async function jobsRoutes(app: FastifyInstance, { jobs, schedules }: { jobs: JobService; schedules: Schedules }) {
  app.get('/api/v1/jobs', { schema: { querystring: jobListQuery, response: ok('one page of jobs, newest first') } }, async (req) => {
    const q = req.query as { limit: number; offset: number; kind?: string; status?: string };
    return jobs.list(req.userId, q);
  });

  app.get('/api/v1/jobs/:id', { schema: { params: jobIdParams, response: ok('the job') } }, async (req, reply) => {
    const j = await jobs.get(req.userId, (req.params as { id: string }).id);
    return j ?? reply.status(404).send({ error: { code: 'not_found', message: 'no such job' } });
  });

  app.post('/api/v1/jobs/:id/cancel', { schema: { params: jobIdParams, response: ok('the cancelled job') } }, async (req) => jobs.cancel(req.userId, (req.params as { id: string }).id));

  app.post('/api/v1/jobs/:id/retry', { schema: { params: jobIdParams, response: accepted('the new attempt') } }, async (req, reply) => reply.status(202).send(await jobs.retry(req.userId, (req.params as { id: string }).id)));

  app.get('/api/v1/schedules', { schema: { response: ok('scheduled jobs: { items }') } }, async (req) => ({ items: await schedules.list(req.userId) }));
}
