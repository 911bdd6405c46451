/** Request validation schemas (JSON Schema) of the analysis API (shared/analysis-api.ts). */
const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const SPORT = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const recordsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['sport'],
  properties: { sport: SPORT },
} as const;

export const progressionQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['sport', 'kind', 'key'],
  properties: { sport: SPORT, kind: { type: 'string', enum: ['distance', 'power', 'hr', 'pace'] }, key: { type: 'number', exclusiveMinimum: 0 } },
} as const;

export const badgesQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: { ids: { type: 'string', maxLength: 20_000 } },
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
  properties: { month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } },
} as const;

export const thresholdBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'value', 'validFrom'],
  properties: {
    kind: { type: 'string', enum: ['ftp', 'threshold_hr', 'max_hr', 'resting_hr', 'threshold_pace', 'weight'] },
    sport: { anyOf: [SPORT, { type: 'null' }] },
    value: { type: 'number' },
    validFrom: DAY,
  },
} as const;
