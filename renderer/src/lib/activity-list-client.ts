/** HTTP calls of the activity list (issue 17): the searchable, sortable list and bulk edits. */
import type { ActivityBulkEditDto, ActivityBulkResultDto, ActivityListFilters, ActivityListPageDto } from '../../../shared/activity-list-api.js';
import { apiUrl, request } from './api-client';

export interface ActivityListRequest extends ActivityListFilters {
  limit: number;
  offset: number;
  sport?: string;
  from?: string;
  to?: string;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const activityListApi = {
  list: (q: ActivityListRequest, signal?: AbortSignal) => request<ActivityListPageDto>(apiUrl('/activities', { ...q }), { signal }),
  bulkEdit: (body: ActivityBulkEditDto) => request<ActivityBulkResultDto>(apiUrl('/activities/bulk-edit'), post(body)),
  bulkDelete: (ids: string[]) => request<ActivityBulkResultDto>(apiUrl('/activities/bulk-delete'), post({ ids })),
};
