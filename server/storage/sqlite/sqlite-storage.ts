import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql } from 'kysely';
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
import { sqliteBlobLayout } from './blob-layout.js';

/** Opens (and migrates) the embedded SQLite database at `file` (":memory:" for tests). */
export async function openSqliteStorage(file: string): Promise<Storage> {
  const conn = new BetterSqlite3(file);
  // WAL lets readers proceed during an import; NORMAL sync is durable across app crashes in WAL mode.
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()] });
  await migrateToLatest(db, 'sqlite');
  return {
    kind: 'sqlite',
    timescale: false,
    users: createUsersRepo(db),
    originals: createOriginalsRepo(db),
    activities: createActivitiesRepo(db, sqliteBlobLayout),
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
