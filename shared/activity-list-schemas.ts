/** Request schemas of the activity list's search, sort, filters and bulk edits (issue 17). */
import { ACTIVITY_SORT_KEYS, MAX_BULK_ACTIVITIES } from './activity-list-api.js';
import { activityListQuery } from './schemas.js';
import { boundedNumber, idSchema, text } from './validators.js';

/** 1,000 km and 30 days bound the range filters: no activity is longer, and the numbers stay finite. */
const MAX_DISTANCE_M = 1_000_000;
const MAX_DURATION_S = 30 * 86_400;

export const activityListFullQuery = {
  ...activityListQuery,
  properties: {
    ...activityListQuery.properties,
    q: text(1, 200),
    sort: { type: 'string', enum: ACTIVITY_SORT_KEYS },
    order: { type: 'string', enum: ['asc', 'desc'] },
    gearId: idSchema,
    routeId: idSchema,
    minDistanceM: boundedNumber(0, MAX_DISTANCE_M),
    maxDistanceM: boundedNumber(0, MAX_DISTANCE_M),
    minDurationS: boundedNumber(0, MAX_DURATION_S),
    maxDurationS: boundedNumber(0, MAX_DURATION_S),
  },
} as const;

const bulkIds = { type: 'array', minItems: 1, maxItems: MAX_BULK_ACTIVITIES, uniqueItems: true, items: idSchema } as const;

export const activityBulkEditBody = {
  type: 'object',
  additionalProperties: false,
  required: ['ids', 'set'],
  properties: {
    ids: bulkIds,
    set: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        sport: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' },
        subSport: { anyOf: [{ type: 'string', pattern: '^[a-z0-9_]{1,64}$' }, { type: 'null' }] },
        gearId: { anyOf: [idSchema, { type: 'null' }] },
      },
    },
  },
} as const;

export const activityBulkDeleteBody = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: { ids: bulkIds },
} as const;
