/**
 * What every wellness parser returns: daily values, intraday samples and sleep sessions, in SI
 * units with the unit in the metric name (shared/health.ts lists the names). Pure data, no I/O.
 * A day is the athlete's local calendar date ("YYYY-MM-DD"), as the device or app reported it.
 */
export interface DailyValue {
  metric: string;
  date: string;
  value: number;
  source: string;
}

export interface SampleValue {
  metric: string;
  tMs: number;
  value: number;
  source: string;
}

export type SleepStage = 'awake' | 'light' | 'deep' | 'rem' | 'asleep' | 'unmeasurable';

export interface SleepStageInterval {
  stage: SleepStage;
  startMs: number;
  endMs: number;
}

export interface SleepSession {
  source: string;
  startMs: number;
  endMs: number;
  /** The night's date: the local date of waking up (Garmin's calendarDate convention). */
  date: string;
  stages: SleepStageInterval[];
}

export interface WellnessBatch {
  daily: DailyValue[];
  samples: SampleValue[];
  sleep: SleepSession[];
  warnings: string[];
}

export function emptyBatch(): WellnessBatch {
  return { daily: [], samples: [], sleep: [], warnings: [] };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC midnight of a "YYYY-MM-DD" date: how days are stored (epoch ms, like every time column). */
export function dayMsOf(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function dateOfDayMs(dayMs: number): string {
  return new Date(dayMs).toISOString().slice(0, 10);
}

export function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  const ms = dayMsOf(s);
  // Round trip: Date.UTC silently rolls 2017-29-08 over into 2019; that is not a date.
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

/** Local date of an instant given the UTC offset in minutes that applied there. */
export function localDate(tMs: number, offsetMin: number): string {
  return new Date(tMs + offsetMin * 60_000).toISOString().slice(0, 10);
}

export function finite(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Sums the stage seconds of a session (used for daily totals from FIT and HAE sleep). */
export function stageSeconds(stages: readonly SleepStageInterval[]): Record<SleepStage, number> {
  const out: Record<SleepStage, number> = { awake: 0, light: 0, deep: 0, rem: 0, asleep: 0, unmeasurable: 0 };
  for (const s of stages) out[s.stage] += Math.max(0, s.endMs - s.startMs) / 1000;
  return out;
}

/** Daily sleep figures of a staged session. */
export function sleepDaily(s: SleepSession): DailyValue[] {
  const sec = stageSeconds(s.stages);
  const asleep = sec.light + sec.deep + sec.rem + sec.asleep;
  const d = (metric: string, value: number): DailyValue => ({ metric, date: s.date, value, source: s.source });
  const out = [d('sleepS', asleep), d('sleepAwakeS', sec.awake)];
  if (sec.deep || sec.light || sec.rem) out.push(d('sleepDeepS', sec.deep), d('sleepLightS', sec.light), d('sleepRemS', sec.rem));
  return out;
}
