/** Request validation schemas (JSON Schema) of the analysis API (shared/analysis-api.ts). */
import { boundedNumber, calendarDateSchema, calendarMonthSchema, idSchema, text } from './validators.js';

const DAY = calendarDateSchema;
const SPORT = text(1, 64);

/**
 * Longest /fitness range: 30 years of daily rows (≈ 1 MB of JSON). The walk that computes it
 * starts at the first training day, so the server bounds that separately (domain/analysis/fitness.ts).
 */
export const MAX_FITNESS_DAYS = 30 * 366;

export const recordsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['sport'],
  // Issue 17: with from/to (both), the bests of that range of days instead of the stored records.
  properties: { sport: SPORT, from: DAY, to: DAY },
} as const;

/** Longest range of GET /records?from&to: 40 years (the efforts are read once and reduced). */
export const MAX_RECORDS_RANGE_DAYS = 40 * 366;

export const progressionQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['sport', 'kind', 'key'],
  properties: { sport: SPORT, kind: { type: 'string', enum: ['distance', 'power', 'hr', 'pace'] }, key: { ...boundedNumber(0, 1e7), exclusiveMinimum: 0 } },
} as const;

export const badgesQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: { ids: { type: 'string', maxLength: 20_000, pattern: '^[A-Za-z0-9_.:, -]*$' } },
} as const;

export const curvesQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'sport'],
  properties: { kind: { type: 'string', enum: ['power', 'hr', 'pace'] }, sport: SPORT },
} as const;

export const fitnessQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: DAY, to: DAY },
} as const;

export const totalsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: { period: { type: 'string', enum: ['week', 'month', 'year'] }, sport: SPORT },
} as const;

export const calendarQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['month'],
  properties: { month: calendarMonthSchema },
} as const;

/** POST/DELETE /api/v1/records/exclusions: a whole activity (no kind) or one record candidate. */
export const recordExclusionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['activityId'],
  properties: {
    activityId: idSchema,
    sport: SPORT,
    kind: { type: 'string', enum: ['distance', 'power', 'hr', 'pace'] },
    key: { ...boundedNumber(0, 1e7), exclusiveMinimum: 0 },
  },
} as const;

export const thresholdBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'value', 'validFrom'],
  properties: {
    kind: { type: 'string', enum: ['ftp', 'threshold_hr', 'max_hr', 'resting_hr', 'threshold_pace', 'weight'] },
    sport: { anyOf: [SPORT, { type: 'null' }] },
    value: boundedNumber(-1e9, 1e9),
    validFrom: DAY,
  },
} as const;
