/** Request validation schemas for routes, segments and heatmap tiles (JSON Schema, shared). */
export const routePatchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const routeMergeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['otherRouteId'],
  properties: { otherRouteId: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const routeSplitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['activityIds'],
  properties: { activityIds: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'string', minLength: 1, maxLength: 100 } } },
} as const;

export const segmentCreateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['activityId', 'startOffsetS', 'endOffsetS'],
  properties: {
    activityId: { type: 'string', minLength: 1, maxLength: 100 },
    startOffsetS: { type: 'number', minimum: 0 },
    endOffsetS: { type: 'number', minimum: 0 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    bothDirections: { type: 'boolean' },
  },
} as const;

export const tileParams = {
  type: 'object',
  required: ['z', 'x', 'y'],
  properties: {
    z: { type: 'integer', minimum: 0, maximum: 22 },
    x: { type: 'integer', minimum: 0 },
    y: { type: 'integer', minimum: 0 },
  },
} as const;

export const heatmapQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sport: { type: 'string', minLength: 1, maxLength: 64 },
    from: { type: 'string', minLength: 4, maxLength: 40 },
    to: { type: 'string', minLength: 4, maxLength: 40 },
  },
} as const;
