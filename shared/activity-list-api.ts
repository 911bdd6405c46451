/**
 * The activity list (issue 17, "Lists and navigation"): search, sort by any column, filters and
 * bulk edits. Shared so the renderer offers exactly the sort keys the server accepts.
 */
import type { ActivitySummaryDto } from './api.js';

/** Columns the list sorts by; the server maps each to one SQL expression (activity-list.repo.ts). */
export const ACTIVITY_SORT_KEYS = ['date', 'name', 'sport', 'distance', 'duration', 'speed', 'elevation', 'hr'] as const;
export type ActivitySortKey = (typeof ACTIVITY_SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** GET /activities query beyond paging and sport/from/to. Distances in metres, durations in seconds. */
export interface ActivityListFilters {
  /** Words that must all appear in the name or the description (case-insensitive). */
  q?: string;
  sort?: ActivitySortKey;
  order?: SortOrder;
  gearId?: string;
  routeId?: string;
  minDistanceM?: number;
  maxDistanceM?: number;
  /** The duration shown in the list: moving time, else timer time, else elapsed time. */
  minDurationS?: number;
  maxDurationS?: number;
}

export interface ActivityListItemDto extends ActivitySummaryDto {
  /**
   * All-time records (per sport, kind and key) this activity holds today: 0 once a later
   * activity beat them or the athlete excluded them. Per-year bests are not counted.
   */
  currentRecords: number;
  gearId: string | null;
}

export interface ActivityListPageDto {
  items: ActivityListItemDto[];
  total: number;
  limit: number;
  offset: number;
  sort: ActivitySortKey;
  order: SortOrder;
}

/** The most activities one bulk request may touch (one transaction, one event per activity). */
export const MAX_BULK_ACTIVITIES = 500;

/** POST /activities/bulk-edit: the same change on every listed activity, all or nothing. */
export interface ActivityBulkEditDto {
  ids: string[];
  set: { sport?: string; subSport?: string | null; gearId?: string | null };
}

/** POST /activities/bulk-delete */
export interface ActivityBulkDeleteDto {
  ids: string[];
}

export interface ActivityBulkResultDto {
  /** How many activities changed (or were deleted). */
  count: number;
  ids: string[];
}
