/**
 * Chart rows for the Fitness page: CTL (fitness), ATL (fatigue), TSB (form), daily load and the
 * 7-day ramp rate. Days after today are "planned": without planned workouts their load is zero and
 * CTL/ATL decay, drawn dashed so nobody mistakes a projection for history. The future series
 * repeat the last real day's values so the solid and the dashed line join without a gap.
 */
import type { FitnessRowDto } from '../../../shared/analysis-api.js';

export interface FitnessRow {
  date: string;
  /** Epoch ms at UTC midnight: a numeric x axis keeps the spacing right even if a day is missing. */
  t: number;
  load: number | null;
  ctl: number | null;
  atl: number | null;
  tsb: number | null;
  ctlPlan: number | null;
  atlPlan: number | null;
  tsbPlan: number | null;
  /** CTL change over the last 7 days (points per week). */
  ramp: number;
  planned: boolean;
}

export function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Server rows (any order) → chart rows; `planned` comes from the server, which knows "today". */
export function fitnessRows(days: FitnessRowDto[]): FitnessRow[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const lastReal = sorted.filter((d) => !d.planned).pop()?.date ?? null;
  return sorted.map((d) => {
    const planned = !!d.planned;
    const bridge = planned || d.date === lastReal;
    return {
      date: d.date,
      t: dayMs(d.date),
      load: planned ? null : d.load,
      ctl: planned ? null : d.ctl,
      atl: planned ? null : d.atl,
      tsb: planned ? null : d.tsb,
      ctlPlan: bridge ? d.ctl : null,
      atlPlan: bridge ? d.atl : null,
      tsbPlan: bridge ? d.tsb : null,
      ramp: d.rampRate,
      planned,
    };
  });
}

/** The last day that is not a projection (today, or the end of a past range). */
export function currentRow(rows: FitnessRow[]): FitnessRow | null {
  let best: FitnessRow | null = null;
  for (const r of rows) if (!r.planned) best = r;
  return best;
}

/**
 * What the form number means, in the bands intervals.icu and TrainingPeaks users know
 * (thresholds in TSB points).
 */
export function formZone(tsb: number): { label: string; tone: 'fresh' | 'neutral' | 'optimal' | 'high-risk' | 'transition' } {
  if (tsb > 25) return { label: 'Transition', tone: 'transition' };
  if (tsb > 5) return { label: 'Fresh', tone: 'fresh' };
  if (tsb >= -10) return { label: 'Grey zone', tone: 'neutral' };
  if (tsb >= -30) return { label: 'Optimal training', tone: 'optimal' };
  return { label: 'High risk', tone: 'high-risk' };
}

/** YYYY-MM-DD of the UTC day of `d` shifted by `deltaDays` (the API's dates are UTC days). */
export function utcDate(d: Date, deltaDays = 0): string {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + deltaDays)).toISOString().slice(0, 10);
}
