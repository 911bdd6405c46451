/** Request validation schemas of the health API (see shared/health.ts for the response shapes). */
import { boundedInt, calendarDateSchema, text } from './validators.js';

const date = calendarDateSchema;

/** A year and a bit: the longest range the Health page asks for, and a bound on one response. */
export const MAX_HEALTH_RANGE_DAYS = 401;

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
      // Metric names as in metricParams, or '*' for every metric.
      propertyNames: { pattern: '^(\\*|[A-Za-z0-9_]{1,80})$' },
      additionalProperties: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } },
    },
  },
} as const;

export const apiKeyCreateBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name: text(0, 100) },
} as const;

export const insightsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includeDismissed: { type: 'boolean', default: false },
    limit: boundedInt(1, 500, 100),
  },
} as const;
