/**
 * Request validation schemas (JSON Schema) for /api/v1, shared so the server validates exactly
 * what the renderer's types promise. Dates, numbers and text use the bounded building blocks of
 * shared/validators.ts (issue 12): a bad value is a 400 here, never a 500 further in.
 */
import { boundedInt, idSchema, instantSchema, text } from './validators.js';

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: idSchema },
} as const;

/** Activities are paged; an offset past ten million rows is not a page anyone can reach. */
export const MAX_LIST_OFFSET = 10_000_000;

export const activityListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: boundedInt(1, 500, 50),
    offset: boundedInt(0, MAX_LIST_OFFSET, 0),
    sport: text(1, 64),
    /** ISO-8601 date or date-time, inclusive. */
    from: instantSchema,
    /** ISO-8601 date or date-time; a bare date includes that whole day. */
    to: instantSchema,
  },
} as const;

export const activityPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: text(1, 200),
    sport: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' },
    subSport: { anyOf: [{ type: 'string', pattern: '^[a-z0-9_]{1,64}$' }, { type: 'null' }] },
  },
} as const;

export const streamsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Comma-separated channel names (StreamChannel); all when omitted. */
    channels: { type: 'string', maxLength: 300, pattern: '^[A-Za-z0-9_, ]*$' },
    maxPoints: boundedInt(2, 100000),
  },
} as const;

/** PUT /api/v1/settings: per-athlete settings (issue 13 §2). `timeZone` is an IANA name, checked by the server. */
export const settingsPutBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { timeZone: { anyOf: [{ type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$' }, { type: 'null' }] } },
} as const;
