import { lazySchemaController } from './plugins/lazy-compilers.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type RouteOptions } from 'fastify';
import type { ServerConfig } from './config.js';
import { browserHosts } from './config.js';
import { registerAuth } from './plugins/auth.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRequestLog, registerRequestId, requestIdServerOptions } from './plugins/request-id.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerUserReadCache, type UserReadCache } from './plugins/user-read-cache.js';
import { registerRateLimits } from './plugins/rate-limit.js';
import { registerBenchUsers } from './plugins/bench-users.js';
import type { ParsePool } from './services/parse-pool.js';
import type { StreamsRenderPool } from './services/streams-render/streams-render-pool.js';
import { registerRequestGuard } from './plugins/request-guard.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { errorServerOptions, registerErrorHandling } from './plugins/errors.js';
import { activitiesRoutes } from './routes/activities.routes.js';
import { importsRoutes } from './routes/imports.routes.js';
import { settingsRoutes } from './routes/settings.routes.js';
import { gearRoutes } from './routes/gear.routes.js';
import type { GearService } from './services/gear.service.js';
import { systemRoutes } from './routes/system.routes.js';
import { routeFeatureRoutes } from './routes/route-features.routes.js';
import type { RouteFeatures } from './services/routes/route-features.js';
import { analysisRoutes } from './routes/analysis.routes.js';
import type { AnalysisModule } from './services/analysis/analysis-module.js';
import { apiKeysRoutes } from './routes/api-keys.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { ingestRoutes } from './routes/ingest.routes.js';
import { backupsRoutes } from './routes/backups.routes.js';
import { exportsRoutes } from './routes/exports.routes.js';
import { extentsRoutes } from './routes/extents.routes.js';
import { goalsRoutes } from './routes/goals.routes.js';
import { thresholdEstimatesRoutes } from './routes/threshold-estimates.routes.js';
import { phoneUrlsRoutes } from './routes/phone-urls.routes.js';
import type { BackupService } from './services/backup/backup.service.js';
import { liveRoutes } from './routes/live.routes.js';
import type { LiveModule } from './services/live/live-module.js';
import type { HealthModule } from './services/health/health-module.js';
import type { ActivityService } from './services/activity.service.js';
import type { ActivityMergeService } from './services/activities/activity-merge.service.js';
import type { ImportService } from './services/import.service.js';
import type { Storage } from './storage/port.js';
import type { AutoIngestModule } from './services/jobs/auto-ingest-module.js';
import { sourcesRoutes } from './routes/sources.routes.js';
import { jobsRoutes } from './routes/jobs.routes.js';
import { eventsRoutes } from './routes/events.routes.js';
import { usbRoutes } from './routes/usb.routes.js';
import { garminRoutes } from './routes/garmin.routes.js';
import { notificationsRoutes } from './routes/notifications.routes.js';
import { routePreviewsRoutes } from './routes/route-previews.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { accountsRoutes } from './routes/accounts.routes.js';
import type { AccountsService } from './services/accounts/accounts.service.js';
import type { OidcService } from './services/accounts/oidc.service.js';

export interface AppDeps {
  config: ServerConfig;
  storage: Storage;
  activities: ActivityService;
  imports: ImportService;
  incomingDir: string;
  version: string;
  /** Built renderer (index.html + assets); the UI is not served when absent. */
  rendererDir?: string;
  /** Request logging (info level); a stream instead of `true` sends the lines there (tests read them). */
  logger?: boolean | { stream: { write(line: string): void } };
  /** Gear and archive metadata on activities (issue 4); its endpoints exist only when given. */
  gear?: GearService;
  /** Routes, segments, heatmap (issue 6); their endpoints exist only when given. */
  routeFeatures?: RouteFeatures;
  /** Records, fitness, totals, calendar, thresholds (issue 5); their endpoints exist only when given. */
  analysis?: AnalysisModule;
  /** Wellness, API keys, Health Auto Export ingest, insights (issue 7); endpoints exist only when given. */
  healthModule?: HealthModule;
  /** Merge and split activities by hand (undo for duplicate detection); endpoints exist only when given. */
  merges?: ActivityMergeService;
  /** Backups of the whole instance (issue 16); endpoints exist only when given. */
  backups?: BackupService;
  /** Live sharing (issue 19): tracker ingest, sessions, share links; endpoints exist only when given. */
  live?: LiveModule;
  /** Parse workers (their queue and restarts show in /metrics and /api/v1/health). */
  pool?: ParsePool;
  /** Chart render workers (their restarts are a metric). */
  render?: StreamsRenderPool;
  /** Bench and tests only: a bearer token → the user it acts as (plugins/bench-users.ts). */
  userFromBearer?: (token: string) => string | undefined;
  /** Free space of the data folder's file system (tests); `statfs` when absent. */
  diskFree?: (path: string) => Promise<{ freeBytes: number; totalBytes: number }>;
  /** Called for every route Fastify registers (the route-table test suites enumerate them here). */
  onRoute?: (route: RouteOptions) => void;
  /** Watched folders, durable jobs, schedules, server-sent events (issue 18); endpoints exist only when given. */
  autoIngest?: AutoIngestModule;
  /** Server mode (issue 14): accounts, sessions and tokens instead of the shared token; OIDC when configured. */
  accounts?: AccountsService;
  oidc?: OidcService;
  /** Per-athlete cache of the pages every visit loads (issue 14); absent = off. */
  readCache?: UserReadCache;
}

/**
 * The server as a library (design.md §2): registers plugins and routes, never listens.
 * `start.ts` listens; tests call `app.inject()`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // 400/414/431 raised before routing answer the documented { error: { code, message } } shape.
    ...errorServerOptions,
    ...requestIdServerOptions,
    logger: deps.logger
      ? {
          level: 'info',
          ...(typeof deps.logger === 'object' ? { stream: deps.logger.stream } : {}),
          serializers: { req: (req) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip }) },
        }
      : false,
    // One line per request (registerRequestLog), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    schemaController: lazySchemaController(),
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  registerErrorHandling(app);
  // Before any route: attaches response schemas and collects routes for /api/openapi.json (issue 14).
  await registerOpenApi(app, { version: deps.version });
  registerRequestId(app);
  if (deps.logger) registerRequestLog(app, redactUrl);
  await registerRateLimits(app, deps.config.rateLimits);
  registerMetrics(app, { mode: deps.config.mode ?? 'local', metricsToken: deps.config.metricsToken, storage: deps.storage, imports: deps.imports, pool: deps.pool, render: deps.render });
  await registerSecurityHeaders(app, { tileUrl: deps.config.tileUrl, tileLayers: deps.config.tileLayers });
  registerRequestGuard(app, { host: deps.config.host, allowedHosts: browserHosts(deps.config) });
  const secureCookies = Boolean(deps.config.publicUrl?.startsWith('https:'));
  registerAuth(app, { token: deps.config.authToken, localToken: deps.config.localToken, accounts: deps.accounts, secureCookies });
  if (deps.userFromBearer) registerBenchUsers(app, deps.userFromBearer);
  if (deps.readCache) registerUserReadCache(app, deps.readCache);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 10_000, fields: 100 } });
  await app.register(async (api) => {
    await systemRoutes(api, deps);
    await authRoutes(api, { accounts: deps.accounts, oidc: deps.oidc, secureCookies });
    await accountsRoutes(api, { accounts: deps.accounts, secureCookies });
    await activitiesRoutes(api, deps);
    await importsRoutes(api, deps);
    await settingsRoutes(api, deps);
    if (deps.gear) await gearRoutes(api, { gear: deps.gear });
    if (deps.routeFeatures) await routeFeatureRoutes(api, deps.routeFeatures);
    if (deps.routeFeatures) await routePreviewsRoutes(api, { storage: deps.storage });
    if (deps.analysis) await analysisRoutes(api, { analysisQuery: deps.analysis.query, thresholds: deps.analysis.thresholds, recomputeJobs: deps.analysis.jobs, recordExclusions: deps.analysis.exclusions });
    if (deps.healthModule) {
      await healthRoutes(api, deps.healthModule);
      await apiKeysRoutes(api, deps.healthModule);
      await ingestRoutes(api, { health: deps.healthModule.health, maxBytes: deps.healthModule.ingestMaxBytes });
    }
    if (deps.backups) await backupsRoutes(api, { backups: deps.backups, account: { storage: deps.storage, imports: deps.imports, dataDir: deps.config.dataDir, maxUploadBytes: deps.config.maxUploadBytes, exclude: deps.analysis ? (u, i) => deps.analysis!.exclusions.exclude(u, i) : undefined } });
    await exportsRoutes(api, { storage: deps.storage, dataDir: deps.config.dataDir, bus: deps.autoIngest?.bus });
    await extentsRoutes(api, { storage: deps.storage });
    await goalsRoutes(api, { storage: deps.storage });
    if (deps.analysis) await thresholdEstimatesRoutes(api, { storage: deps.storage });
    if (deps.healthModule) await phoneUrlsRoutes(api, { config: deps.config });
    if (deps.live) await liveRoutes(api, { live: deps.live.service, config: deps.config });
    if (deps.autoIngest) {
      await sourcesRoutes(api, deps.autoIngest);
      await jobsRoutes(api, deps.autoIngest);
      await eventsRoutes(api, deps.autoIngest);
      await usbRoutes(api, deps.autoIngest);
      await garminRoutes(api, deps.autoIngest);
      await notificationsRoutes(api, deps.autoIngest);
    }
  });

  const ui = deps.rendererDir && existsSync(join(deps.rendererDir, 'index.html')) ? deps.rendererDir : undefined;
  // wildcard: files are looked up per request, so a rebuilt renderer is served without a restart.
  if (ui) {
    await app.register(async (scope) => {
      // The static UI is public (HTML, JS, CSS: no data); every route in this scope says so.
      scope.addHook('onRoute', (r) => {
        r.config = { ...r.config, access: 'public' };
      });
      await scope.register(fastifyStatic, { root: ui, index: ['index.html'], wildcard: true });
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/') || path.startsWith('/assets/') || req.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${path}` } });
    }
    // Client-side routes fall back to the single-page app.
    if (ui) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).type('text/plain').send('MileVault API is running; the UI is not built (npm run build).');
  });
  return app;
}

/** Query values that are secrets (the launch token) never reach the log. */
export function redactUrl(url: string): string {
  // `id` is the live token of OsmAnd/Traccar tracker requests (/api/v1/live/osmand?id=…).
  return url.replace(/([?&](?:token|access_token|key|id)=)[^&#]*/gi, '$1[redacted]');
}
