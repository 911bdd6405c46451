/**
 * Whether an activity's start time can be trusted for records and progression (issue 13 §3).
 * Devices without a clock fix write their epoch: antfs-dump.63.fit and
 * compressed-speed-distance.fit (python-fitparse) are dated July 1990, the FIT epoch of
 * 1989-12-31 plus a few months of device-relative seconds. Such an activity would sit first in
 * every progression chart and could hold "records" of a year nobody trained in. It keeps its
 * metrics and its page; it is only left out of records until the athlete sets the right date
 * (PATCH /api/v1/activities/:id { startTime }). Pure: the caller passes the clock.
 */

/** GPS sports watches and consumer fitness files start in the 2000s (Garmin Forerunner 201, 2003). */
export const EARLIEST_TRUSTED_START_MS = Date.UTC(2000, 0, 1);

/** A device clock or time zone a day ahead is still "now", not the future. */
export const FUTURE_SLACK_MS = 86_400_000;

export type StartTimeProblem = 'before_2000' | 'in_future';

export function startTimeProblem(startTimeMs: number, nowMs: number): StartTimeProblem | null {
  if (!Number.isFinite(startTimeMs) || startTimeMs < EARLIEST_TRUSTED_START_MS) return 'before_2000';
  if (startTimeMs > nowMs + FUTURE_SLACK_MS) return 'in_future';
  return null;
}

/** The warning shown on the activity (one sentence, with what to do). */
export function startTimeWarning(problem: StartTimeProblem, startTime: string): string {
  const when = problem === 'before_2000' ? 'before 2000' : 'in the future';
  return `Start time ${startTime} is ${when}: the device clock was probably not set. This activity is left out of records and progression until its start time is corrected.`;
}
