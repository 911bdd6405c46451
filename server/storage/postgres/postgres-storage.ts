import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db-schema.js';
import { migrateToLatest } from '../migrate.js';
import type { Storage } from '../port.js';
import { createActivitiesRepo } from '../repos/activities.repo.js';
import { createImportsRepo } from '../repos/imports.repo.js';
import { createHealthRepo } from '../repos/health.repo.js';
import { createApiKeysRepo } from '../repos/health-api-keys.repo.js';
import { createInsightsRepo } from '../repos/health-insights.repo.js';
import { createActivityMetaRepo } from '../repos/activity-meta.repo.js';
import { createGearRepo } from '../repos/gear.repo.js';
import { createOriginalsRepo } from '../repos/originals.repo.js';
import { createUsersRepo } from '../repos/users.repo.js';
import { createRoutesRepo } from '../repos/routes.repo.js';
import { createSegmentsRepo } from '../repos/segments.repo.js';
import { createAnalysisRepo } from '../repos/analysis.repo.js';
import { createAnalysisAggregatesRepo } from '../repos/analysis-aggregates.repo.js';
import { createThresholdsRepo } from '../repos/analysis-thresholds.repo.js';
import { pgSampleRowsLayout } from './sample-rows-layout.js';
import { enableTimescale } from './timescale.js';

/** BIGINT epoch-ms columns come back as numbers (they stay far below 2^53). */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgresStorage(url: string, opts: { timescale?: boolean } = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client error (server restart) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  try {
    await migrateToLatest(db, 'postgres');
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const timescale = opts.timescale === false ? false : await enableTimescale(db);
  return {
    kind: 'postgres',
    timescale,
    users: createUsersRepo(db),
    originals: createOriginalsRepo(db),
    activities: createActivitiesRepo(db, pgSampleRowsLayout),
    imports: createImportsRepo(db),
    health: createHealthRepo(db),
    apiKeys: createApiKeysRepo(db),
    insights: createInsightsRepo(db),
    routes: createRoutesRepo(db),
    segments: createSegmentsRepo(db),
    analysis: createAnalysisRepo(db),
    analysisAggregates: createAnalysisAggregatesRepo(db),
    thresholds: createThresholdsRepo(db),
    gear: createGearRepo(db),
    activityMeta: createActivityMetaRepo(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
