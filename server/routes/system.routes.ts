import type { FastifyInstance } from 'fastify';
import type { ConfigDto, HealthDto } from '../../shared/api.js';
import type { AppDeps } from '../app.js';
import { timescaleHealth } from '../storage/postgres/timescale-status.js';

export async function systemRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/v1/health', { config: { access: 'public' } }, async (_req, reply) => {
    const db: HealthDto['database'] = { kind: deps.storage.kind, status: 'ok', timescale: deps.storage.timescale };
    try {
      await deps.storage.ping();
    } catch (e) {
      db.status = 'error';
      db.message = e instanceof Error ? e.message : String(e);
    }
    // TimescaleDB policies and fallbacks (null on SQLite and plain PostgreSQL).
    if (db.status === 'ok') {
      const ts = await timescaleHealth(deps.storage).catch(() => null);
      if (ts) db.timescaleStatus = { edition: ts.edition, version: ts.version, compression: ts.compression, rollups: ts.rollups, notes: ts.notes, jobs: ts.jobs };
    }
    const body: HealthDto = { status: db.status === 'ok' ? 'ok' : 'degraded', version: deps.version, database: db };
    return reply.status(db.status === 'ok' ? 200 : 503).send(body);
  });

  app.get('/api/v1/config', async (): Promise<ConfigDto> => ({
    version: deps.version,
    tileUrl: deps.config.tileUrl,
    tileAttribution: deps.config.tileAttribution,
    database: deps.storage.kind,
    maxUploadBytes: deps.config.maxUploadBytes,
  }));
}
