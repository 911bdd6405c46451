import { timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { errorResponse } from '../routes/response-schemas.js';
import type { ImportService } from '../services/import.service.js';
import type { ParsePool } from '../services/parse-pool.js';
import type { StreamsRenderPool } from '../services/streams-render/streams-render-pool.js';
import type { Storage } from '../storage/port.js';

export interface MetricsSources {
  mode: 'local' | 'server';
  /** Server mode: the bearer token /metrics needs; without one /metrics is off (404). */
  metricsToken?: string;
  storage: Storage;
  imports: ImportService;
  pool?: ParsePool;
  render?: StreamsRenderPool;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A counter that follows a worker pool's own restart count. */
function restartsCounter(registry: Registry, name: string, help: string, pool: { readonly restarts: number }): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      if (pool.restarts > seen) this.inc(pool.restarts - seen);
      seen = pool.restarts;
    },
  });
}

/**
 * Prometheus `/metrics` (issue 14) with one registry per app (tests build many apps):
 * - `milevault_http_request_duration_seconds{method,route,status_code}`: latency by the route the
 *   router matched (`routeOptions.url`, e.g. `/api/v1/activities/:id`), never the raw URL (ids
 *   would make a series per activity); unmatched requests are `route="unmatched"`.
 * - import queue depth (jobs), files done (a counter: `rate()` is files/s), import job durations,
 *   parse-worker and chart-render-worker restarts, the parse queue, DB pool use (PostgreSQL), event-loop lag, and the process
 *   defaults (CPU, memory, GC, handles).
 * Access: local mode follows the API's token rules (loopback, launch token); server mode needs
 * `Authorization: Bearer <MILEVAULT_METRICS_TOKEN>` (a scraper has no session), and is off without it.
 */
export function registerMetrics(app: FastifyInstance, src: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'milevault_' });
  const http = new Histogram({
    name: 'milevault_http_request_duration_seconds',
    help: 'HTTP request latency by matched route',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    http.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  new Gauge({ name: 'milevault_import_queue_depth', help: 'Import jobs waiting or running', registers: [registry], collect() { this.set(src.imports.queueDepth); } });
  let filesSeen = 0;
  new Counter({
    name: 'milevault_import_files_total',
    help: 'Files given an import result (rate() is files per second)',
    registers: [registry],
    collect() {
      const now = src.imports.filesDone;
      if (now > filesSeen) this.inc(now - filesSeen);
      filesSeen = now;
    },
  });
  const jobs = new Histogram({
    name: 'milevault_import_job_duration_seconds',
    help: 'Wall time of import jobs',
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  src.imports.onJobFinished = (s) => jobs.observe(s);
  if (src.pool) {
    const pool = src.pool;
    restartsCounter(registry, 'milevault_parse_worker_restarts_total', 'Parse workers replaced after a crash or a hang', pool);
    new Gauge({ name: 'milevault_parse_workers', help: 'Parse worker threads', registers: [registry], collect() { this.set(pool.size); } });
    new Gauge({
      name: 'milevault_parse_queue',
      help: 'Files waiting for a parse worker (state="queued") or being decoded (state="busy")',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const l = pool.load;
        this.set({ state: 'queued' }, l.queued);
        this.set({ state: 'busy' }, l.busy);
      },
    });
  }
  if (src.render) restartsCounter(registry, 'milevault_render_worker_restarts_total', 'Chart render workers replaced after a crash (their charts were rendered on the main thread)', src.render);
  new Gauge({
    name: 'milevault_db_pool_connections',
    help: 'Database connections by state (PostgreSQL pool; SQLite is one connection, always "total" 1)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = src.storage.poolStats?.();
      if (!p) return this.set({ state: 'total' }, 1);
      this.set({ state: 'max' }, p.max);
      this.set({ state: 'total' }, p.total);
      this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'in_use' }, p.total - p.idle);
      this.set({ state: 'waiting' }, p.waiting);
    },
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  new Gauge({
    name: 'milevault_event_loop_lag_seconds',
    help: 'Event-loop delay since the last scrape (p50, p99, max)',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      this.set({ quantile: '0.5' }, lag.percentile(50) / 1e9);
      this.set({ quantile: '0.99' }, lag.percentile(99) / 1e9);
      this.set({ quantile: '1' }, lag.max / 1e9);
      lag.reset();
    },
  });
  app.addHook('onClose', async () => lag.disable());

  const server = src.mode === 'server';
  app.get('/metrics', { config: { access: server ? 'public' : 'token' }, schema: { response: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } }, 401: errorResponse, 404: errorResponse } } }, async (req, reply) => {
    if (server) {
      if (!src.metricsToken) return reply.status(404).send({ error: { code: 'metrics_off', message: 'set MILEVAULT_METRICS_TOKEN to enable /metrics in server mode' } });
      const h = req.headers.authorization;
      const bearer = h?.startsWith('Bearer ') ? h.slice(7) : '';
      if (!bearer || !same(bearer, src.metricsToken)) return reply.status(401).send({ error: { code: 'unauthorized', message: 'missing or invalid metrics token' } });
    }
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });
  return registry;
}
