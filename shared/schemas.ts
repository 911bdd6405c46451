/**
 * Request validation schemas (JSON Schema) for /api/v1, shared so the server validates exactly
 * what the renderer's types promise.
 */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const activityListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
    sport: { type: 'string', minLength: 1, maxLength: 64 },
    /** ISO-8601 date or date-time, inclusive. */
    from: { type: 'string', minLength: 4, maxLength: 40 },
    /** ISO-8601 date or date-time; a bare date includes that whole day. */
    to: { type: 'string', minLength: 4, maxLength: 40 },
  },
} as const;

export const activityPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    sport: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' },
    subSport: { anyOf: [{ type: 'string', pattern: '^[a-z0-9_]{1,64}$' }, { type: 'null' }] },
  },
} as const;

export const streamsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Comma-separated channel names (StreamChannel); all when omitted. */
    channels: { type: 'string', maxLength: 300 },
    maxPoints: { type: 'integer', minimum: 2, maximum: 100000 },
  },
} as const;
