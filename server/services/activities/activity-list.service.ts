/**
 * The activity list page's server side (issue 17): search, sort, filters and the current-record
 * count of each row, and bulk edits/deletes that change every listed activity or none.
 */
import type { ActivityBulkResultDto, ActivityListFilters, ActivityListPageDto, ActivitySortKey, SortOrder } from '../../../shared/activity-list-api.js';
import type { ActivityQuery, Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import type { OriginalStore } from '../original-store.js';

export class BulkEditError extends Error {
  constructor(
    readonly statusCode: 400 | 404,
    readonly code: 'bad_request' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface ActivityListDeps {
  storage: Storage;
  originals: OriginalStore;
  events: ActivityEvents;
}

export async function listActivitiesPage(deps: ActivityListDeps, userId: string, q: ActivityQuery & ActivityListFilters): Promise<ActivityListPageDto> {
  if (q.minDistanceM !== undefined && q.maxDistanceM !== undefined && q.minDistanceM > q.maxDistanceM) throw new BulkEditError(400, 'bad_request', 'minDistanceM must not be above maxDistanceM');
  if (q.minDurationS !== undefined && q.maxDurationS !== undefined && q.minDurationS > q.maxDurationS) throw new BulkEditError(400, 'bad_request', 'minDurationS must not be above maxDurationS');
  const sort: ActivitySortKey = q.sort ?? 'date';
  const order: SortOrder = q.order ?? (sort === 'date' ? 'desc' : 'asc');
  const { items, total } = await deps.storage.activityList.list(userId, { ...q, sort, order });
  const counts = await deps.storage.activityList.currentRecordCounts(userId, items.map((a) => a.id));
  return { items: items.map((a) => ({ ...a, currentRecords: counts.get(a.id) ?? 0 })), total, limit: q.limit, offset: q.offset, sort, order };
}

export async function bulkEditActivities(
  deps: ActivityListDeps,
  userId: string,
  ids: string[],
  set: { sport?: string; subSport?: string | null; gearId?: string | null },
): Promise<ActivityBulkResultDto> {
  if (set.gearId && !(await deps.storage.gear.get(userId, set.gearId))) throw new BulkEditError(400, 'bad_request', `gear ${set.gearId} not found`);
  if (!(await deps.storage.activityList.bulkUpdate(userId, ids, set))) throw new BulkEditError(404, 'not_found', await missingMessage(deps, userId, ids));
  // Derived data (records, totals, routes, heatmap) follows each activity as for a single edit.
  const fields = Object.keys(set);
  for (const activityId of ids) await deps.events.emit({ type: 'updated', userId, activityId, fields });
  await deps.events.settle(userId);
  return { count: ids.length, ids };
}

export async function bulkDeleteActivities(deps: ActivityListDeps, userId: string, ids: string[]): Promise<ActivityBulkResultDto> {
  const { storage, originals, events } = deps;
  const deleted = await storage.activityList.bulkDelete(userId, ids);
  if (!deleted) throw new BulkEditError(404, 'not_found', await missingMessage(deps, userId, ids));
  for (const d of deleted) await events.emit({ type: 'deleted', userId, activityId: d.id, startTime: d.startTime, sport: d.sport });
  await events.settle(userId);
  // Originals nobody uses any more go, as after a single delete (ActivityService.delete).
  const unusedAnywhere = new Set(await storage.activityList.unusedOriginals(deleted.map((d) => d.originalSha256)));
  for (const sha of new Set(deleted.map((d) => d.originalSha256))) {
    if ((await storage.activities.idsByOriginal(userId, sha)).length) continue;
    const { stillReferenced } = await storage.originals.remove(userId, sha);
    if (!stillReferenced && unusedAnywhere.has(sha)) await originals.remove(sha);
  }
  return { count: deleted.length, ids: deleted.map((d) => d.id) };
}

async function missingMessage(deps: ActivityListDeps, userId: string, ids: string[]): Promise<string> {
  const owned = await deps.storage.activityList.owned(userId, ids);
  const missing = ids.filter((id) => !owned.has(id));
  return `nothing changed: ${missing.length} of ${ids.length} activities not found (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`;
}
