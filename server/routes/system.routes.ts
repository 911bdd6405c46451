import { statfs } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ConfigDto, HealthDto, HealthLevel } from '../../shared/api.js';
import type { AppDeps } from '../app.js';
import { timescaleHealth } from '../storage/postgres/timescale-status.js';

const GiB = 1024 ** 3;
/** Below this the next import or backup can fail half-way: critical (503). */
export const DISK_CRITICAL_BYTES = 100 * 1024 ** 2;
export const DISK_WARNING_BYTES = 1 * GiB;

const worst = (levels: HealthLevel[]): HealthLevel => (levels.includes('critical') ? 'critical' : levels.includes('warning') ? 'warning' : 'ok');

/**
 * GET /api/v1/health (public, for load balancers and uptime checks; issue 14): database (ping and
 * its latency), free disk where the data folder is, import queue depth, parse workers. Any
 * critical check answers 503; nothing here names a user or holds data.
 */
export async function systemRoutes(app: FastifyInstance, deps: AppDeps) {
  const diskFree =
    deps.diskFree ??
    (async (path: string) => {
      const s = await statfs(path);
      return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    });
  app.get('/api/v1/health', { config: { access: 'public' } }, async (_req, reply) => {
    const db: HealthDto['database'] = { kind: deps.storage.kind, status: 'ok', timescale: deps.storage.timescale };
    const t0 = performance.now();
    try {
      await deps.storage.ping();
      db.latencyMs = Math.round((performance.now() - t0) * 100) / 100;
    } catch (e) {
      db.status = 'error';
      db.message = e instanceof Error ? e.message : String(e);
    }
    // TimescaleDB policies and fallbacks (null on SQLite and plain PostgreSQL).
    if (db.status === 'ok') {
      const ts = await timescaleHealth(deps.storage).catch(() => null);
      if (ts) db.timescaleStatus = { edition: ts.edition, version: ts.version, compression: ts.compression, rollups: ts.rollups, notes: ts.notes, jobs: ts.jobs, appCompression: ts.appCompression };
    }
    let disk: NonNullable<HealthDto['disk']>;
    try {
      const d = await diskFree(deps.config.dataDir);
      const status: HealthLevel = d.freeBytes < DISK_CRITICAL_BYTES ? 'critical' : d.freeBytes < DISK_WARNING_BYTES ? 'warning' : 'ok';
      disk = { status, ...d, path: deps.config.dataDir, ...(status !== 'ok' ? { message: `${(d.freeBytes / GiB).toFixed(2)} GiB free` } : {}) };
    } catch (e) {
      disk = { status: 'critical', freeBytes: 0, totalBytes: 0, path: deps.config.dataDir, message: `data folder unreadable: ${e instanceof Error ? e.message : String(e)}` };
    }
    const queue: NonNullable<HealthDto['queue']> = { status: 'ok', importJobs: deps.imports.queueDepth };
    const pool = deps.pool;
    const load = pool?.load ?? { queued: 0, busy: 0 };
    const workers: NonNullable<HealthDto['workers']> = {
      status: pool && pool.size < 1 ? 'critical' : 'ok',
      size: pool?.size ?? 0,
      busy: load.busy,
      queued: load.queued,
      restarts: pool?.restarts ?? 0,
    };
    const status = worst([db.status === 'ok' ? 'ok' : 'critical', disk.status, queue.status, workers.status]);
    const body: HealthDto = { status, version: deps.version, database: db, disk, queue, workers };
    return reply.status(status === 'critical' ? 503 : 200).header('cache-control', 'no-store').send(body);
  });

  app.get('/api/v1/config', async (): Promise<ConfigDto> => ({
    version: deps.version,
    tileUrl: deps.config.tileUrl,
    tileAttribution: deps.config.tileAttribution,
    tileLayers: deps.config.tileLayers ?? (deps.config.tileUrl ? [{ id: 'street', name: 'Street', url: deps.config.tileUrl, attribution: deps.config.tileAttribution, maxZoom: 19 }] : []),
    database: deps.storage.kind,
    maxUploadBytes: deps.config.maxUploadBytes,
  }));
}
