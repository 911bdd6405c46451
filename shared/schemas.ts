/**
 * Request validation schemas (JSON Schema) for /api/v1, shared so the server validates exactly
 * what the renderer's types promise. Dates, numbers and text use the bounded building blocks of
 * shared/validators.ts (issue 12): a bad value is a 400 here, never a 500 further in.
 */
import { boundedInt, idSchema, instantSchema, text } from './validators.js';

/** An instant with date, time and zone (`2016-05-17T04:31:47Z`, `2019-06-15T05:42:23-04:00`). */
export const startTimeSchema = {
  type: 'string',
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,3})?)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$',
} as const;

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
    /**
     * Issue 13 §3: fixing a device clock that was never set (files dated 1990). A full UTC
     * date-time with its zone; the service checks the calendar and the range (1970 to now + 1 day).
     */
    startTime: startTimeSchema,
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
  properties: {
    timeZone: { anyOf: [{ type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$' }, { type: 'null' }] },
    /** Display units of this athlete (issue 14: per user, not per browser). */
    units: { anyOf: [{ type: 'string', enum: ['metric', 'imperial'] }, { type: 'null' }] },
    /** The map base layer id this athlete picked (one of the server's tile layers). */
    mapLayer: { anyOf: [{ type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$' }, { type: 'null' }] },
  },
} as const;
