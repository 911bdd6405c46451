/**
 * Wires the analysis services for createServices: the event handler that maintains the
 * derived tables, the read service behind the pages, thresholds and recompute jobs.
 */
import type { Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import { AnalysisQueryService } from './analysis-query.service.js';
import { AnalysisService } from './analysis.service.js';
import { RecomputeJobs } from './recompute-jobs.js';
import { ThresholdsService } from './thresholds.service.js';
import { RecordExclusionsService } from '../records/record-exclusions.service.js';

export interface AnalysisModule {
  service: AnalysisService;
  query: AnalysisQueryService;
  thresholds: ThresholdsService;
  jobs: RecomputeJobs;
  /** One-click exclusion of an activity or a record from records (issue 13 §3). */
  exclusions: RecordExclusionsService;
}

export function createAnalysis(deps: { storage: Storage; events: ActivityEvents; now?: () => number }): AnalysisModule {
  const service = new AnalysisService(deps);
  deps.events.on('analysis', (e) => service.onEvent(e));
  deps.events.onSettle('analysis', (userId) => service.flush(userId));
  const jobs = new RecomputeJobs({ storage: deps.storage, analysis: service, now: deps.now });
  // Existing data follows a change of the maths (ANALYSIS_VERSION): recomputed in the background.
  void jobs.recomputeStale().catch((err: unknown) => console.error(`[analysis] stale recompute not started: ${err instanceof Error ? err.message : String(err)}`));
  return {
    service,
    query: new AnalysisQueryService({ storage: deps.storage, analysis: service, now: deps.now }),
    thresholds: new ThresholdsService({ storage: deps.storage, jobs }),
    jobs,
    exclusions: new RecordExclusionsService({ storage: deps.storage, reanalyse: (u, a) => service.reanalyse(u, a) }),
  };
}
