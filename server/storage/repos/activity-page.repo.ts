import type { Kysely } from 'kysely';
import type { ActivityDetailDto } from '../../../shared/api.js';
import type { Database } from '../db-schema.js';
import type { Storage } from '../port.js';
import { detailFromRows, detailReads } from './activities.repo.js';
import { metricsRead, recordsHeldByRead, type MetricsRow, type RecordRow } from './analysis.repo.js';
import { exclusionFromRow, recordExclusionsRead, type RecordExclusion } from './record-exclusions.repo.js';
import { readTogether } from './read-together.js';
import { routeRankFromRows, routeRankRead } from './routes.repo.js';
import { effortsFromRows, effortsOnSegmentsOfRead, type EffortRow } from './segments.repo.js';

/** Everything the activity page reads from storage, as the single-purpose methods return it. */
export interface ActivityPageReads {
  /** activities.get; null: no such activity of this athlete (then every other part is empty). */
  detail: ActivityDetailDto | null;
  /** analysis.getMetrics */
  metrics: MetricsRow | null;
  /** analysis.recordsHeldBy */
  held: RecordRow[];
  /** recordExclusions.list(userId, activityId) */
  exclusions: RecordExclusion[];
  /** routes.routeRank */
  routeRank: { routeId: string; name: string; members: number; before: number } | null;
  /** segments.effortsOnSegmentsOf */
  segmentEfforts: (EffortRow & { segmentName: string })[];
}

export interface ActivityPageRepo {
  /** The page's eight reads in one round: one statement on PostgreSQL (read-together.ts). */
  read(userId: string, activityId: string): Promise<ActivityPageReads>;
}

export function createActivityPageRepo(db: Kysely<Database>, kind: Storage['kind']): ActivityPageRepo {
  return {
    async read(userId, activityId) {
      const [found, sessions, laps, metrics, held, exclusions, rank, efforts] = await readTogether(db, kind, [
        ...detailReads(db, userId, activityId),
        metricsRead(db, userId, activityId),
        recordsHeldByRead(db, userId, activityId),
        recordExclusionsRead(db, userId, activityId),
        routeRankRead(db, userId, activityId),
        effortsOnSegmentsOfRead(db, userId, activityId),
      ]);
      return {
        detail: detailFromRows(found, sessions, laps),
        metrics: (metrics[0] as unknown as MetricsRow | undefined) ?? null,
        held: held as unknown as RecordRow[],
        exclusions: (exclusions as unknown as Parameters<typeof exclusionFromRow>[0][]).map(exclusionFromRow),
        routeRank: routeRankFromRows(rank),
        segmentEfforts: effortsFromRows(efforts),
      };
    },
  };
}
