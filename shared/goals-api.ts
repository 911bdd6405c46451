/**
 * Year goals (issue 17, "plan of the year"): per athlete, per year and per sport, a distance
 * and/or a moving-time target. GET /api/v1/goals?year=YYYY → YearGoalsDto; PUT /api/v1/goals with
 * YearGoalsDto replaces that year's goals (an empty list clears them). Sport `all` is a target for
 * every sport together. SI units with the unit in the name.
 */
import { boundedInt } from './validators.js';

export interface YearGoalDto {
  sport: string;
  /** Metres; null = no distance target. */
  distanceM: number | null;
  /** Seconds of moving time; null = no time target. */
  movingTimeS: number | null;
}

export interface YearGoalsDto {
  year: number;
  items: YearGoalDto[];
}

export const GOAL_MIN_YEAR = 1970;
export const GOAL_MAX_YEAR = 2100;
/** 100,000 km: more than anyone covers in a year (a bound, not a judgement). */
export const GOAL_MAX_DISTANCE_M = 100_000_000;
/** The hours of a year. */
export const GOAL_MAX_TIME_S = 366 * 86_400;
/** One goal per sport, and there are not more sports than this worth a goal. */
export const GOAL_MAX_ITEMS = 40;

// boundedInt: "1e309" in a query string is coerced to Infinity, which plain `integer` lets through.
const year = boundedInt(GOAL_MIN_YEAR, GOAL_MAX_YEAR);
const positive = (maximum: number) => ({ type: 'number', exclusiveMinimum: 0, maximum, allOf: [{ type: 'number' }] }) as const;

export const goalsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: { year },
} as const;

export const goalsPutBody = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'items'],
  properties: {
    year,
    items: {
      type: 'array',
      maxItems: GOAL_MAX_ITEMS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sport'],
        properties: {
          sport: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' },
          distanceM: { anyOf: [positive(GOAL_MAX_DISTANCE_M), { type: 'null' }] },
          movingTimeS: { anyOf: [positive(GOAL_MAX_TIME_S), { type: 'null' }] },
        },
      },
    },
  },
} as const;
