/**
 * One-click exclusion from records (issue 13 §3): the athlete leaves a whole activity, or one of
 * its record candidates, out of records. The exclusion is stored (record_exclusions, migration
 * 0014) and the activity's analysis is run again: buildMetrics no longer writes the excluded
 * effort rows, and the records it held pass to the next best (AnalysisService.reanalyse), so
 * records, progression and the all-time curves all follow. Undo is the same call with DELETE.
 */
import type { RecordExclusionDto, RecordExclusionsDto, RecordKind } from '../../../shared/analysis-api.js';
import type { Storage } from '../../storage/port.js';
import type { RecordExclusion } from '../../storage/repos/record-exclusions.repo.js';
import { NotFoundError } from '../activity.service.js';

export interface RecordExclusionInput {
  activityId: string;
  sport?: string;
  kind?: RecordKind;
  key?: number;
}

export class RecordExclusionInputError extends Error {
  readonly code = 'bad_request';
  readonly statusCode = 400;
}

const WHOLE = '*';

function normalise(b: RecordExclusionInput): Omit<RecordExclusion, 'createdAtMs'> {
  const parts = [b.sport, b.kind, b.key].filter((x) => x !== undefined).length;
  if (parts === 0) return { activityId: b.activityId, sport: WHOLE, kind: WHOLE, key: 0 };
  if (parts !== 3) throw new RecordExclusionInputError('give sport, kind and key together (one record), or none of them (the whole activity)');
  return { activityId: b.activityId, sport: b.sport!, kind: b.kind!, key: b.key! };
}

const dto = (e: RecordExclusion): RecordExclusionDto => ({ activityId: e.activityId, sport: e.sport, kind: e.kind as RecordExclusionDto['kind'], key: e.key });

/** Whether an effort row is excluded by any of the activity's exclusions. */
export function isExcluded(exclusions: readonly Pick<RecordExclusion, 'sport' | 'kind' | 'key'>[], e: { sport: string; kind: string; key: number }): boolean {
  return exclusions.some((x) => x.kind === WHOLE || (x.sport === e.sport && x.kind === e.kind && Math.abs(x.key - e.key) < 1e-9));
}

export class RecordExclusionsService {
  constructor(private deps: { storage: Storage; reanalyse: (userId: string, activityId: string) => Promise<unknown> }) {}

  async list(userId: string, activityId?: string): Promise<RecordExclusionsDto> {
    return { items: (await this.deps.storage.recordExclusions.list(userId, activityId)).map(dto) };
  }

  /** Adds the exclusion (idempotent) and recomputes the records; returns the activity's exclusions. */
  async exclude(userId: string, input: RecordExclusionInput): Promise<RecordExclusionsDto> {
    const e = normalise(input);
    await this.mustExist(userId, e.activityId);
    if (await this.deps.storage.recordExclusions.add(userId, e)) await this.deps.reanalyse(userId, e.activityId);
    return this.list(userId, e.activityId);
  }

  /** Removes the exclusion (a no-op when absent) and recomputes the records. */
  async include(userId: string, input: RecordExclusionInput): Promise<RecordExclusionsDto> {
    const e = normalise(input);
    await this.mustExist(userId, e.activityId);
    if (await this.deps.storage.recordExclusions.remove(userId, e)) await this.deps.reanalyse(userId, e.activityId);
    return this.list(userId, e.activityId);
  }

  private async mustExist(userId: string, activityId: string): Promise<void> {
    if (!(await this.deps.storage.activities.get(userId, activityId))) throw new NotFoundError(`activity ${activityId} not found`);
  }
}
