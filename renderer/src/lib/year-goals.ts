/**
 * Plan of the year (issue 17): how far along each yearly goal is, against where the athlete
 * should be on a given day if the goal were spread evenly over the year (pro rata).
 */
import type { YearGoalDto } from '../../../shared/goals-api.js';

const DAY_MS = 86_400_000;

function dayIndex(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/**
 * The share of `year` elapsed at the end of `day` (YYYY-MM-DD): 0 before the year, 1 after it,
 * 1/365 on 1 January, 1 on 31 December (leap years count 366 days).
 */
export function yearFraction(year: number, day: string): number {
  const start = dayIndex(`${String(year).padStart(4, '0')}-01-01`);
  const end = dayIndex(`${String(year + 1).padStart(4, '0')}-01-01`);
  const d = dayIndex(day);
  if (!Number.isFinite(d) || d < start) return 0;
  if (d >= end) return 1;
  return (d - start + 1) / (end - start);
}

export interface GoalMeasure {
  target: number;
  actual: number;
  /** Where the athlete should be at the given day: target × year fraction. */
  expected: number;
  /** actual / target, not capped (1.2 = 120 %). */
  done: number;
  /** actual − expected: positive = ahead of plan. */
  ahead: number;
}

export interface GoalProgress {
  sport: string;
  distance: GoalMeasure | null;
  time: GoalMeasure | null;
}

function measure(target: number | null, actual: number, fraction: number): GoalMeasure | null {
  if (target === null || !(target > 0)) return null;
  const expected = target * fraction;
  return { target, actual, expected, done: actual / target, ahead: actual - expected };
}

/**
 * Progress of each goal; `actual` gives the year's distance (m) and moving time (s) of a sport
 * (`all` = every sport together), zero when it has none.
 */
export function goalProgress(goals: readonly YearGoalDto[], actual: (sport: string) => { distanceM: number; movingTimeS: number }, fraction: number): GoalProgress[] {
  return goals.map((g) => {
    const a = actual(g.sport);
    return { sport: g.sport, distance: measure(g.distanceM, a.distanceM, fraction), time: measure(g.movingTimeS, a.movingTimeS, fraction) };
  });
}
