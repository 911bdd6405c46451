/** Request validation schemas of the health API (see shared/health.ts for the response shapes). */
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const healthRangeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: date, to: date },
} as const;

export const metricParams = {
  type: 'object',
  required: ['metric'],
  properties: { metric: { type: 'string', pattern: '^[A-Za-z0-9_]{1,80}$' } },
} as const;

export const sourcePriorityBody = {
  type: 'object',
  additionalProperties: false,
  required: ['metrics'],
  properties: {
    metrics: {
      type: 'object',
      maxProperties: 200,
      additionalProperties: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } },
    },
  },
} as const;

export const apiKeyCreateBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 100 } },
} as const;

export const insightsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includeDismissed: { type: 'boolean', default: false },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;
