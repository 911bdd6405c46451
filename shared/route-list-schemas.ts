/** Query schemas of the routes list's mini maps (issue 17). */
const ID = '[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}';

/** `ids=a,b,c`: 1 to 100 route ids, comma-separated. */
export const routePreviewsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: {
    ids: { type: 'string', maxLength: 100 * 101, pattern: `^${ID}(,${ID}){0,99}$` },
  },
} as const;

/** `ids=a,b,c`: 1 to 50 segment ids, comma-separated. */
export const segmentProfilesQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: {
    ids: { type: 'string', maxLength: 50 * 101, pattern: `^${ID}(,${ID}){0,49}$` },
  },
} as const;
