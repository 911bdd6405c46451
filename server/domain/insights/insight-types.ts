/**
 * The contract of an insight detector: a pure function over windowed daily series (already
 * resolved by source priority), the training-load series and newly set records, plus the state it
 * saved last time. No I/O, no clock: "today" comes in. Adding a detector = one file exporting a
 * Detector, listed in detectors.ts.
 */
export interface FitnessDay {
  date: string;
  load: number;
  ctl: number;
  atl: number;
  tsb: number;
}

export interface NewRecord {
  activityId: string;
  sport: string;
  kind: string;
  /** Duration in s or distance in m, depending on the kind. */
  key: number;
  value: number;
  startTimeMs: number;
  /** The activity's local day (YYYY-MM-DD, issue 13 §2); the UTC day is used when absent. */
  day?: string;
}

export interface InsightContext {
  /** Last day of the window, YYYY-MM-DD. */
  today: string;
  /** Consecutive days, oldest first, ending at `today`. */
  dates: readonly string[];
  /** A daily metric aligned with `dates` (null = no value that day). */
  daily(metric: string): readonly (number | null)[];
  /** CTL/ATL/TSB per day aligned with `dates`, or null when the training-load series is unavailable. */
  fitness: readonly (FitnessDay | null)[] | null;
  /** All-time records set by activities imported since the last run. */
  newRecords: readonly NewRecord[];
  /**
   * Events older than this many days before `today` are history (an import of past activities):
   * they are summarised instead of reported one by one. Default RECENT_DAYS.
   */
  recentDays?: number;
}

export const RECENT_DAYS = 3;

export type Severity = 'info' | 'warning' | 'alert';

export interface Finding {
  /** Stable per episode (e.g. the onset date), so re-running never duplicates an insight. */
  dedupeKey: string;
  date: string;
  severity: Severity;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
}

export interface Detector<S = unknown> {
  id: string;
  /** Days of history the detector needs (the runner loads the largest window). */
  windowDays: number;
  detect(ctx: InsightContext, state: S | null): { findings: Finding[]; state: S };
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** Non-null values of `series` in [from, to) (indices clamped). */
export function valuesIn(series: readonly (number | null)[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(series.length, to); i++) {
    const v = series[i];
    if (v !== null && Number.isFinite(v)) out.push(v);
  }
  return out;
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
