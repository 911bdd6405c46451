/** JSON Schemas for the gear and activity-metadata routes (issue 4), shared with the renderer's types. */
const gearProps = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  kind: { type: 'string', enum: ['bike', 'shoes', 'other'] },
  brand: { type: ['string', 'null'], maxLength: 120 },
  model: { type: ['string', 'null'], maxLength: 120 },
  notes: { type: ['string', 'null'], maxLength: 2000 },
  retired: { type: 'boolean' },
  defaultForSports: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64 } },
  initialDistanceM: { type: 'number', minimum: 0, maximum: 1e9 },
} as const;

export const gearCreateBody = { type: 'object', additionalProperties: false, required: ['name'], properties: gearProps } as const;
export const gearPatchBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: gearProps } as const;

export const activityMetaPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    description: { type: ['string', 'null'], maxLength: 20000 },
    privateNote: { type: ['string', 'null'], maxLength: 20000 },
    commute: { type: ['boolean', 'null'] },
    perceivedExertion: { type: ['number', 'null'], minimum: 1, maximum: 10 },
    gearId: { type: ['string', 'null'], maxLength: 100 },
  },
} as const;

export const mediaParams = {
  type: 'object',
  required: ['id', 'sha256'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;
