/**
 * Starting thresholds estimated from the athlete's own history (issue 17, "zones out of the box"),
 * so zones and training load work before anything is typed in. Pure: the caller passes the
 * per-year bests (the records table: mean-max power/HR/pace per duration per year) and resting
 * heart rates; nothing here reads a clock or a database.
 *
 * Methods, each a field-test rule athletes already know:
 * - FTP: 95 % of the best 20-minute power (Allen & Coggan's 20-minute test), or the best 60-minute
 *   power when that is higher (then it *is* the hour power).
 * - Threshold HR (per sport): 95 % of the best 20-minute average heart rate (Friel's 20-minute
 *   test), or the best 60-minute average heart rate when higher.
 * - Threshold pace (running): the speed one could hold for an hour, from the best mean speed over
 *   20–60 minutes scaled with Riegel's endurance exponent (t ∝ d^1.06 → v ∝ t^-0.0566).
 * - Max HR: the highest 10-second heart rate seen (one-second peaks are often strap spikes).
 * - Resting HR: the median of the last 30 daily resting heart rates.
 * Only the latest two years with data count: an FTP from six seasons ago is not today's.
 */
import type { ThresholdKind } from '../../../shared/analysis-api.js';

export interface BestRow {
  sport: string;
  kind: 'power' | 'hr' | 'pace';
  /** Duration, s. */
  durationS: number;
  /** Calendar year of the best (per-year records). */
  year: number;
  /** W, bpm or m/s. */
  value: number;
  activityId: string;
  startTimeMs: number;
}

export interface ThresholdEstimate {
  kind: ThresholdKind;
  /** null: every sport without its own value. */
  sport: string | null;
  /** W, bpm or m/s (SI, as the thresholds API stores them). */
  value: number;
  /** One sentence: the rule and the effort it came from. */
  method: string;
  /** The effort the value came from (none for the resting-HR median). */
  basedOn: { activityId: string; date: string; durationS: number; value: number } | null;
  /** The day the estimate applies from when accepted (the effort's day). */
  validFrom: string;
}

export interface EstimateInput {
  bests: readonly BestRow[];
  /** Daily resting HR values, oldest first ({ date, bpm }). */
  restingHr?: readonly { date: string; bpm: number }[];
}

/** Years counted: the latest year with any best, and the one before it. */
export const YEARS_COUNTED = 2;
const RIEGEL_SPEED_EXPONENT = 1 / 1.06 - 1;
/** Plausible human ranges: outside them the data is an artefact (a strap spike, a car ride). */
const LIMITS: Record<'power' | 'hr' | 'pace', [number, number]> = { power: [40, 600], hr: [90, 225], pace: [1, 7] };

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const round = (v: number, step: number) => Math.round(v / step) * step;

function bestAt(rows: readonly BestRow[], sport: string | null, kind: BestRow['kind'], durationS: number): BestRow | null {
  let best: BestRow | null = null;
  for (const r of rows) {
    if (r.kind !== kind || r.durationS !== durationS || (sport !== null && r.sport !== sport)) continue;
    const [lo, hi] = LIMITS[kind];
    if (!(r.value >= lo && r.value <= hi)) continue;
    if (!best || r.value > best.value) best = r;
  }
  return best;
}

function based(r: BestRow) {
  return { activityId: r.activityId, date: day(r.startTimeMs), durationS: r.durationS, value: r.value };
}

/** Keeps the bests of the latest YEARS_COUNTED years (per-year rows only; year 0 = all time is dropped). */
export function recentBests(rows: readonly BestRow[]): BestRow[] {
  const years = rows.filter((r) => r.year > 0).map((r) => r.year);
  if (!years.length) return [];
  const latest = Math.max(...years);
  return rows.filter((r) => r.year > latest - YEARS_COUNTED && r.year <= latest);
}

function ftp(rows: BestRow[]): ThresholdEstimate | null {
  const p20 = bestAt(rows, 'cycling', 'power', 1200);
  const p60 = bestAt(rows, 'cycling', 'power', 3600);
  if (p60 && (!p20 || p60.value >= 0.95 * p20.value)) {
    return { kind: 'ftp', sport: null, value: round(p60.value, 1), method: `Your best 60-minute power (${Math.round(p60.value)} W on ${day(p60.startTimeMs)}).`, basedOn: based(p60), validFrom: day(p60.startTimeMs) };
  }
  if (!p20) return null;
  return { kind: 'ftp', sport: null, value: round(0.95 * p20.value, 1), method: `95% of your best 20-minute power (${Math.round(p20.value)} W on ${day(p20.startTimeMs)}).`, basedOn: based(p20), validFrom: day(p20.startTimeMs) };
}

function thresholdHr(rows: BestRow[], sport: string): ThresholdEstimate | null {
  const h20 = bestAt(rows, sport, 'hr', 1200);
  const h60 = bestAt(rows, sport, 'hr', 3600);
  const label = sport === 'cycling' ? 'ride' : 'run';
  if (h60 && (!h20 || h60.value >= 0.95 * h20.value)) {
    return { kind: 'threshold_hr', sport, value: Math.round(h60.value), method: `Your best 60-minute average heart rate on a ${label} (${Math.round(h60.value)} bpm on ${day(h60.startTimeMs)}).`, basedOn: based(h60), validFrom: day(h60.startTimeMs) };
  }
  if (!h20) return null;
  return { kind: 'threshold_hr', sport, value: Math.round(0.95 * h20.value), method: `95% of your best 20-minute average heart rate on a ${label} (${Math.round(h20.value)} bpm on ${day(h20.startTimeMs)}).`, basedOn: based(h20), validFrom: day(h20.startTimeMs) };
}

function thresholdPace(rows: BestRow[]): ThresholdEstimate | null {
  let best: { v: number; r: BestRow } | null = null;
  for (const d of [1200, 1800, 2700, 3600]) {
    const r = bestAt(rows, 'running', 'pace', d);
    if (!r) continue;
    const v = r.value * Math.pow(3600 / d, RIEGEL_SPEED_EXPONENT);
    if (!best || v > best.v) best = { v, r };
  }
  if (!best) return null;
  const min = best.r.durationS / 60;
  const method = best.r.durationS === 3600 ? `Your best 60-minute running pace (on ${day(best.r.startTimeMs)}).` : `Your best ${min}-minute running pace (on ${day(best.r.startTimeMs)}) scaled to one hour with Riegel's formula.`;
  return { kind: 'threshold_pace', sport: 'running', value: round(best.v, 0.001), method, basedOn: based(best.r), validFrom: day(best.r.startTimeMs) };
}

function maxHr(rows: BestRow[]): ThresholdEstimate | null {
  const r = bestAt(rows, null, 'hr', 10);
  if (!r) return null;
  return { kind: 'max_hr', sport: null, value: Math.round(r.value), method: `The highest 10-second heart rate in your activities (${r.sport}, ${day(r.startTimeMs)}).`, basedOn: based(r), validFrom: day(r.startTimeMs) };
}

function restingHr(values: readonly { date: string; bpm: number }[]): ThresholdEstimate | null {
  const last = values.filter((v) => v.bpm >= 25 && v.bpm <= 120).slice(-30);
  if (last.length < 5) return null;
  const sorted = last.map((v) => v.bpm).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { kind: 'resting_hr', sport: null, value: Math.round(median), method: `Median of your last ${last.length} daily resting heart rates (${last[0]!.date} to ${last[last.length - 1]!.date}).`, basedOn: null, validFrom: last[0]!.date };
}

/** Every estimate the history supports, in a stable order (FTP, threshold HR per sport, pace, max, resting). */
export function estimateThresholds(input: EstimateInput): ThresholdEstimate[] {
  const rows = recentBests(input.bests);
  const out = [ftp(rows), thresholdHr(rows, 'running'), thresholdHr(rows, 'cycling'), thresholdPace(rows), maxHr(rows), restingHr(input.restingHr ?? [])];
  return out.filter((e): e is ThresholdEstimate => e !== null);
}
