import { scheduleAfterStart } from '../jobs/deferred-cron.js';
import type { FitnessDay, NewRecord } from '../../domain/insights/insight-types.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import type { OriginalStore } from '../original-store.js';
import { HealthService } from './health.service.js';
import { InsightService } from './insight.service.js';

export interface HealthModuleDeps {
  storage: Storage;
  originals: OriginalStore;
  events: ActivityEvents;
  dataDir: string;
  fitness?: (userId: string, from: string, to: string) => Promise<FitnessDay[]>;
  recordsOf?: (userId: string, activityId: string) => Promise<NewRecord[]>;
  /** node-cron expression of the scheduled insight run; default 04:30 every day. `false` = no schedule. */
  schedule?: string | false;
}

export interface HealthModule {
  health: HealthService;
  insights: InsightService;
  /** Largest Health Auto Export body accepted (MILEVAULT_HAE_MAX_MB, default 64 MB). */
  ingestMaxBytes: number;
  /** Stops the schedule and waits for insight runs in flight. */
  close(): Promise<void>;
}

/**
 * Wires the health feature for createServices: the service, insights after every health ingest,
 * and the scheduled run (stopped by close()). createServices registers `insights.onActivityEvent`
 * on ActivityEvents after the analysis engine's handler, so the records of a new activity exist.
 */
export function createHealth(deps: HealthModuleDeps): HealthModule {
  const insights = new InsightService({ storage: deps.storage, fitness: deps.fitness, recordsOf: deps.recordsOf });
  const perMinute = Number(process.env.MILEVAULT_HAE_PER_MINUTE ?? 30);
  const health = new HealthService({
    storage: deps.storage,
    originals: deps.originals,
    events: deps.events,
    dataDir: deps.dataDir,
    afterIngest: async (userId) => void (await insights.run(userId)),
    ingestPerMinute: Number.isFinite(perMinute) && perMinute > 0 ? perMinute : 30,
  });
  const task = deps.schedule === false ? null : scheduleAfterStart(deps.schedule ?? '30 4 * * *', () => void insights.runAll());
  const mb = Number(process.env.MILEVAULT_HAE_MAX_MB ?? 64);
  return {
    health,
    insights,
    ingestMaxBytes: Math.round((Number.isFinite(mb) && mb > 0 ? mb : 64) * 1048576),
    async close() {
      task?.stop();
      await insights.idle();
    },
  };
}
