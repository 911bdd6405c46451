/** GET/PUT /api/v1/goals: the athlete's year goals per sport (issue 17, shared/goals-api.ts). */
import type { YearGoalDto, YearGoalsDto } from '../../../shared/goals-api.js';
import { apiUrl, request } from './api-client';

export const goalsApi = {
  get: (year: number, signal?: AbortSignal) => request<YearGoalsDto>(apiUrl('/goals', { year }), { signal }),
  put: (year: number, items: YearGoalDto[]) =>
    request<YearGoalsDto>(apiUrl('/goals'), { method: 'PUT', headers: { 'content-type': 'application/json', 'x-milevault-client': 'renderer' }, body: JSON.stringify({ year, items }) }),
};
