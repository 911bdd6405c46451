import { sql, type Kysely } from 'kysely';
import type { Database } from './db-schema.js';
import type { Storage } from './port.js';
import { createAccountsRepo } from './repos/accounts.repo.js';
import { createActivitiesRepo } from './repos/activities.repo.js';
import { createActivityListRepo } from './repos/activity-list.repo.js';
import { createActivityPageRepo } from './repos/activity-page.repo.js';
import { createActivityChartsRepo } from './repos/activity-charts.repo.js';
import { createActivityMetaRepo } from './repos/activity-meta.repo.js';
import { createAnalysisAggregatesRepo } from './repos/analysis-aggregates.repo.js';
import { createThresholdsRepo } from './repos/analysis-thresholds.repo.js';
import { createAnalysisRepo } from './repos/analysis.repo.js';
import { createGearRepo } from './repos/gear.repo.js';
import { createApiKeysRepo } from './repos/health-api-keys.repo.js';
import { createInsightsRepo } from './repos/health-insights.repo.js';
import { createHealthRepo } from './repos/health.repo.js';
import { createImportsRepo } from './repos/imports.repo.js';
import { createLiveRepo } from './repos/live.repo.js';
import { createJobsRepo } from './repos/jobs.repo.js';
import { createSourceStateRepo, createWatchRepo } from './repos/watch.repo.js';
import { createOriginalsRepo } from './repos/originals.repo.js';
import { createRecordExclusionsRepo } from './repos/record-exclusions.repo.js';
import { createYearGoalsRepo } from './repos/year-goals.repo.js';
import { createRoutesRepo } from './repos/routes.repo.js';
import { createSegmentsRepo } from './repos/segments.repo.js';
import { createUsersRepo } from './repos/users.repo.js';
import type { StreamLayout } from './stream-layout.js';

/**
 * The one place that assembles the storage port from a migrated Kysely instance. Both adapters
 * call it with what is theirs (dialect, stream layout, Timescale), so a new repository is wired
 * once and can never exist in one dialect only.
 */
export function storageFromDb(
  db: Kysely<Database>,
  opts: {
    kind: Storage['kind'];
    timescale: boolean;
    layout: StreamLayout;
    bulkWrites?: Storage['bulkWrites'];
    /** Storage.durable; default: every write is committed when its call returns. */
    durable?: Storage['durable'];
    /** A view of committed data only (ImportsRepo.getCommitted/list); default `db` (autocommit). */
    committedDb?: Kysely<Database>;
  },
): Storage {
  return {
    bulkWrites: opts.bulkWrites ?? (() => ({ end() {} })),
    durable: opts.durable ?? (() => Promise.resolve()),
    kind: opts.kind,
    timescale: opts.timescale,
    users: createUsersRepo(db),
    accounts: createAccountsRepo(db, opts.kind),
    originals: createOriginalsRepo(db),
    activities: createActivitiesRepo(db, opts.layout),
    activityList: createActivityListRepo(db),
    activityPage: createActivityPageRepo(db, opts.kind),
    charts: createActivityChartsRepo(db, opts.layout),
    imports: createImportsRepo(db, opts.committedDb ?? db),
    health: createHealthRepo(db),
    apiKeys: createApiKeysRepo(db),
    insights: createInsightsRepo(db),
    routes: createRoutesRepo(db),
    segments: createSegmentsRepo(db),
    analysis: createAnalysisRepo(db),
    analysisAggregates: createAnalysisAggregatesRepo(db),
    thresholds: createThresholdsRepo(db),
    recordExclusions: createRecordExclusionsRepo(db),
    yearGoals: createYearGoalsRepo(db),
    live: createLiveRepo(db, opts.kind),
    jobs: createJobsRepo(db),
    watch: createWatchRepo(db),
    sourceState: createSourceStateRepo(db),
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
