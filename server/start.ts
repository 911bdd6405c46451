import { asyncStdout } from './log-destination.js';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { configFromEnv, type ServerConfig } from './config.js';
import { isLoopbackBind } from './plugins/request-guard.js';
import { newLocalToken, removeInstanceFile, writeInstanceFile } from './instance-file.js';
import { LOCAL_USER_ID } from './plugins/auth.js';
import { ActivityEvents } from './services/activity-events.js';
import { createDataVersions, createReadCache } from './services/read-cache/index.js';
import { ActivityService } from './services/activity.service.js';
import { ImportService } from './services/import.service.js';
import { ActivityMergeService } from './services/activities/activity-merge.service.js';
import { dedupeExisting } from './services/activities/dedupe-existing.js';
import { backfillLocalTime } from './services/activities/local-time-backfill.js';
import { reparseExisting } from './services/activities/reparse-existing.js';
import { GearService } from './services/gear.service.js';
import { OriginalStore } from './services/original-store.js';
import { ParsePool } from './services/parse-pool.js';
import { StreamsRenderPool } from './services/streams-render/streams-render-pool.js';
import { fillStoredCharts } from './services/streams-render/chart-fill.js';
import { createRouteFeatures } from './services/routes/route-features.js';
import { createAnalysis } from './services/analysis/analysis-module.js';
import { createHealth } from './services/health/health-module.js';
import { BackupService } from './services/backup/backup.service.js';
import { createLive } from './services/live/live-module.js';
import { openStorage } from './storage/open-storage.js';
import { createAutoIngest, watchDirsFromEnv } from './services/jobs/auto-ingest-module.js';
import { notifyInsights } from './services/notify/notify-hooks.js';
import { openScheduleGate } from './services/jobs/deferred-cron.js';
import type { Encryptor } from './services/garmin-connect/token-crypto.js';
import { AccountsService } from './services/accounts/accounts.service.js';
import { OidcService } from './services/accounts/oidc.service.js';

export interface StartOptions {
  host?: string;
  port?: number;
  dataDir: string;
  databaseUrl?: string;
  authToken?: string;
  rendererDir?: string;
  logger?: boolean | { stream: { write(line: string): void } };
  /** `server`: accounts and login (issue 14). Only what the caller passes: the desktop stays local. */
  mode?: 'local' | 'server';
  /** Seals Garmin Connect tokens; the desktop passes one backed by Electron safeStorage (default AES-256-GCM). */
  tokenEncryptor?: Encryptor;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Project root: the nearest folder above this module holding package.json. The module is in
 * server/ (sources), dist/server/ (the compiled tree) or dist/app/ (the bundle).
 */
function projectRoot(): string {
  for (let dir = resolve(here, '..'), up = 0; up < 3; dir = resolve(dir, '..'), up++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return resolve(here, '..');
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Everything the app needs, wired for one data directory: shared by the HTTP server and the CLI. */
export async function createServices(cfg: Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'maxUploadBytes'>, poolSize?: number, opts: { tokenEncryptor?: Encryptor } = {}) {
  await mkdir(cfg.dataDir, { recursive: true });
  const storage = await openStorage({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl });
  await storage.users.ensure(LOCAL_USER_ID, 'Local athlete');
  const originals = new OriginalStore(join(cfg.dataDir, 'originals'));
  const pool = new ParsePool({ size: poolSize });
  const incomingDir = join(cfg.dataDir, 'incoming');
  const events = new ActivityEvents();
  const healthModule = createHealth({
    storage,
    originals,
    events,
    dataDir: cfg.dataDir,
    fitness: async (userId, from, to) => (await analysis.query.fitness(userId, from, to)).items,
    recordsOf: async (userId, activityId) => {
      const day = (await storage.analysis.localDays(userId, [activityId])).get(activityId);
      return (await storage.analysis.recordsHeldBy(userId, activityId)).filter((r) => Number(r.year) === 0).map((r) => ({ ...r, day }));
    },
  });
  const imports = new ImportService({ storage, originals, pool, incomingDir, maxFileBytes: cfg.maxUploadBytes, events, health: healthModule.health });
  // One database fingerprint read a second per browsing athlete, shared by the read cache and tiles.
  const dataVersions = createDataVersions({ storage, aggregatesGeneration: (userId) => analysis.service.aggregatesGeneration(userId) });
  const routeFeatures = createRouteFeatures({ storage, events, dataVersion: (userId) => dataVersions.databaseVersion(userId) });
  const analysis = createAnalysis({ storage, events });
  // Chart streams are decoded and serialized on a worker thread (issue 14).
  const render = new StreamsRenderPool();
  const activities = new ActivityService({ storage, originals, events, detailExtras: routeFeatures.detailExtras, analysis: analysis.query, render });
  const gear = new GearService({ storage, originals, events });
  const merges = new ActivityMergeService({ storage, originals, pool, store: imports.store });
  const live = createLive({ storage, events });
  const backups = new BackupService({ source: cfg.databaseUrl ? { kind: 'postgres', url: cfg.databaseUrl } : { kind: 'sqlite', dataDir: cfg.dataDir }, dataDir: cfg.dataDir, storage, notifyUsers: () => storage.users.ids() });
  // After the analysis engine's handler, so a new activity's records exist when insights run.
  events.on('insights', (e) => healthModule.insights.onActivityEvent(e));
  events.onSettle('insights', (userId) => healthModule.insights.settle(userId));
  // Last: a cached page is dropped once everything the event changes is written (issue 14).
  const readCache = createReadCache({ storage, events, versions: dataVersions });
  // Watched folders, durable jobs, schedules, server-sent events (issue 18); started by startServer.
  const autoIngest = createAutoIngest({ storage, imports, analysis, incomingDir, dataDir: cfg.dataDir, backups, health: healthModule.health, encryptor: opts.tokenEncryptor });
  // New insights notify (webhook, ntfy, Gotify, desktop); the "recent" window decides what is history.
  healthModule.insights.onNew((userId, added) => notifyInsights(autoIngest.notifications, userId, added));
  healthModule.insights.setRecentDays(async (userId) => (await autoIngest.notifications.get(userId)).settings.recentDays);
  return {
    readCache,
    gear,
    merges,
    storage,
    originals,
    pool,
    render,
    imports,
    activities,
    events,
    routeFeatures,
    analysis,
    healthModule,
    backups,
    live,
    incomingDir,
    autoIngest,
    async close() {
      await autoIngest.close();
      imports.stop();
      backups.stop();
      await backups.idle();
      await analysis.service.flushAll();
      await healthModule.close();
      await live.close();
      await pool.close();
      await render.close();
      await storage.close();
    },
  };
}

/**
 * Server mode (issue 14): accounts replace the shared token; the first admin comes from
 * MILEVAULT_ADMIN_EMAIL/_PASSWORD or from the setup page; OIDC when MILEVAULT_OIDC_ISSUER is set.
 */
async function accountsFor(config: ServerConfig, services: Awaited<ReturnType<typeof createServices>>) {
  if (config.mode !== 'server') return {};
  const accounts = new AccountsService({ storage: services.storage, originals: services.originals });
  if (await accounts.ensureAdminFromEnv(config.adminEmail, config.adminPassword)) console.log(`[accounts] admin ${config.adminEmail} created from MILEVAULT_ADMIN_EMAIL`);
  else if (await accounts.needsSetup()) console.log('[accounts] no users yet: open the server in a browser to create the admin');
  if (config.authToken) console.warn('[accounts] MILEVAULT_AUTH_TOKEN is ignored in server mode: use personal access tokens (Settings → Account)');
  const oidc = config.oidc
    ? new OidcService({ ...config.oidc, redirectUri: `${config.publicUrl ?? `http://127.0.0.1:${config.port}`}/api/v1/auth/oidc/callback` }, accounts)
    : undefined;
  if (config.oidc && !config.publicUrl) console.warn('[accounts] OIDC login needs MILEVAULT_PUBLIC_URL for its redirect URL');
  return { accounts, oidc };
}

/** How long after `listen` the cron schedules are created (deferred-cron.ts). */
const SCHEDULES_AFTER_LISTEN_MS = 2_000;

/** Starts UI + API. Desktop: 127.0.0.1, port 0, a per-launch token. Server: HOST/PORT from env. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const env = configFromEnv();
  const config: ServerConfig = {
    ...env,
    host: opts.host ?? env.host,
    port: opts.port ?? env.port,
    dataDir: opts.dataDir,
    // Only what the caller passes: the desktop shell must not switch to Postgres or another token
    // because of the user's shell environment. main() below passes the env values explicitly.
    databaseUrl: opts.databaseUrl,
    authToken: opts.authToken,
    localToken: opts.authToken ? newLocalToken() : undefined,
    mode: opts.mode ?? 'local',
  };
  const services = await createServices(config, undefined, { tokenEncryptor: opts.tokenEncryptor });
  const serverMode = await accountsFor(config, services);
  const app = await buildApp({
    config,
    ...services,
    version: packageVersion(),
    rendererDir: opts.rendererDir ?? join(projectRoot(), 'dist', 'renderer'),
    logger: opts.logger,
    ...serverMode,
  });
  // Once per database: duplicates imported before detection covered every path are merged.
  const merged = await dedupeExisting(services.storage, services.imports.store, (l) => console.log(l));
  if (merged) console.log(`[dedupe] merged ${merged} duplicate activities imported earlier`);
  await services.imports.resumeUnfinished();
  await services.autoIngest.start({ watchDirs: watchDirsFromEnv(process.env), envUserId: LOCAL_USER_ID });
  // Once per database, in the background: local time for activities stored before it existed.
  // Then activities stored by an older parser are refreshed from their originals (reparse-existing.ts).
  void backfillLocalTime(services, (l) => console.log(l))
    .catch((e: unknown) => console.error(`[local-time] backfill failed: ${e instanceof Error ? e.message : String(e)}`))
    .then(() => reparseExisting({ ...services, store: services.imports.store }, (l) => console.log(l)))
    .catch((e: unknown) => console.error(`[reparse] refresh from originals failed: ${e instanceof Error ? e.message : String(e)}`));
  // Tracks and routes for activities imported before routes existed; in the background, logged.
  void services.routeFeatures.backfill(LOCAL_USER_ID).then(
    (n) => n && console.log(`[routes] indexed ${n} earlier activities`),
    (e: unknown) => console.error(`[routes] backfill failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  await app.listen({ host: config.host, port: config.port });
  // Schedules start a little after the server answers: node-cron's first one holds the event
  // loop ~50 ms (deferred-cron.ts), which the first requests of a page load should not wait for.
  let closing = false;
  let charts: Promise<unknown> = Promise.resolve();
  const schedules = setTimeout(() => {
    openScheduleGate();
    services.backups.startSchedule();
    // Charts for activities stored without one (before charts were stored, or restored), in the background.
    charts = fillStoredCharts({ storage: services.storage, render: services.render, stopped: () => closing }, (l) => console.log(l)).catch((e: unknown) => {
      if (!closing) console.error(`[charts] filling stored charts failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, SCHEDULES_AFTER_LISTEN_MS);
  schedules.unref();
  // Unreferenced originals go once the server answers (a paged scan of every reference: issue 14).
  const sweep = new Promise<void>((r) => setImmediate(r)).then(() => (closing ? undefined : services.imports.sweepOriginals()));
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  // The CLI finds this server here and imports through it instead of opening the database too.
  writeInstanceFile(config.dataDir, { url, pid: process.pid, token: config.localToken, startedAt: new Date().toISOString() });
  if (!isLoopbackBind(config.host) && !config.publicUrl && !config.allowedHosts.length) {
    console.warn(`[security] listening on ${config.host} without MILEVAULT_PUBLIC_URL: every Host name is answered; set it to the URL browsers use`);
  }
  return {
    url,
    port,
    async close() {
      closing = true;
      clearTimeout(schedules);
      removeInstanceFile(config.dataDir);
      await app.close();
      await sweep;
      await charts;
      await services.close();
    },
  };
}

/** The server process: `node dist/app/main.js` (npm start, Docker) runs this through server/main.ts. */
export async function runServerMain() {
  const cfg = configFromEnv();
  const server = await startServer({ host: cfg.host, port: cfg.port, dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, authToken: cfg.authToken, logger: { stream: asyncStdout() }, mode: cfg.mode });
  console.log(`MileVault ${packageVersion()} serving UI and API at ${server.url} (data: ${cfg.dataDir}, database: ${cfg.databaseUrl ? 'postgres' : 'sqlite'})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
