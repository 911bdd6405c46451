/** Request validation schemas for routes, segments and heatmap tiles (JSON Schema, shared). */
import { boundedInt, boundedNumber, idSchema, instantSchema, text } from './validators.js';

/** Deepest tile zoom served; x and y are below 2^z (checked against z in the route). */
export const MAX_TILE_ZOOM = 22;
/** Pages of GET /routes and GET /segments: a page is at most 500 rows, 100 by default. */
export const routeListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: boundedInt(1, 500, 100),
    offset: boundedInt(0, 10_000_000, 0),
    sport: text(1, 64),
    // Issue 17: the routes page searches and filters on the server, a page at a time.
    /** Words that must all appear in the name (case-insensitive). */
    q: text(1, 100),
    /** Routes with at least this many activities (2 hides the one-off ones). */
    minActivities: boundedInt(1, 1_000_000),
    minDistanceM: boundedNumber(0, 100_000_000),
    maxDistanceM: boundedNumber(0, 100_000_000),
  },
} as const;

export const segmentListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: boundedInt(1, 500, 100),
    offset: boundedInt(0, 10_000_000, 0),
  },
} as const;

export const routePatchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: text(1, 200) },
} as const;

export const routeMergeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['otherRouteId'],
  properties: { otherRouteId: idSchema },
} as const;

export const routeSplitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['activityIds'],
  properties: { activityIds: { type: 'array', minItems: 1, maxItems: 10_000, items: idSchema } },
} as const;

export const segmentCreateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['activityId', 'startOffsetS', 'endOffsetS'],
  properties: {
    activityId: idSchema,
    startOffsetS: boundedNumber(0, 1e8),
    endOffsetS: boundedNumber(0, 1e8),
    name: text(1, 200),
    bothDirections: { type: 'boolean' },
  },
} as const;

export const tileParams = {
  type: 'object',
  required: ['z', 'x', 'y'],
  properties: {
    z: boundedInt(0, MAX_TILE_ZOOM),
    x: boundedInt(0, 2 ** MAX_TILE_ZOOM - 1),
    y: boundedInt(0, 2 ** MAX_TILE_ZOOM - 1),
  },
} as const;

export const heatmapQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sport: text(1, 64),
    from: instantSchema,
    to: instantSchema,
  },
} as const;
