/** JSON Schemas for the gear and activity-metadata routes (issue 4), shared with the renderer's types. */
import { boundedNumber, idSchema, nullableText, text } from './validators.js';

const gearProps = {
  name: text(1, 120),
  kind: { type: 'string', enum: ['bike', 'shoes', 'other'] },
  brand: nullableText(120),
  model: nullableText(120),
  notes: nullableText(2000),
  retired: { type: 'boolean' },
  defaultForSports: { type: 'array', maxItems: 50, items: text(1, 64) },
  initialDistanceM: boundedNumber(0, 1e9),
} as const;

export const gearCreateBody = { type: 'object', additionalProperties: false, required: ['name'], properties: gearProps } as const;
export const gearPatchBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: gearProps } as const;

export const activityMetaPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    description: nullableText(20000),
    privateNote: nullableText(20000),
    commute: { type: ['boolean', 'null'] },
    perceivedExertion: { anyOf: [boundedNumber(1, 10), { type: 'null' }] },
    gearId: { anyOf: [idSchema, { type: 'null' }] },
  },
} as const;

export const mediaParams = {
  type: 'object',
  required: ['id', 'sha256'],
  properties: { id: idSchema, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

/** POST /api/v1/activities/:id/merge: the other activity is absorbed by the richer of the two. */
export const activityMergeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['otherActivityId'],
  properties: { otherActivityId: idSchema },
} as const;

/** POST /api/v1/activities/:id/split: one of the activity's sources (as GET …/meta lists them) becomes its own activity. */
export const activitySplitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'externalId'],
  properties: { source: text(1, 64), externalId: text(1, 300) },
} as const;
