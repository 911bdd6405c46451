/**
 * Chart rows for the Fitness page: CTL (fitness), ATL (fatigue), TSB (form), daily load and the
 * 7-day ramp rate. Days after today are "planned": without planned workouts their load is zero and
 * CTL/ATL decay, drawn dashed so nobody mistakes a projection for history. The future series
 * repeat today's values so the solid and the dashed line join without a gap.
 */

export interface FitnessDay {
  /** YYYY-MM-DD */
  date: string;
  load: number;
  ctl: number;
  atl: number;
  tsb: number;
}

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
  ramp: number | null;
  planned: boolean;
}

export const RAMP_DAYS = 7;

export function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function fitnessRows(days: FitnessDay[], today: string): FitnessRow[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const byT = new Map(sorted.map((d) => [dayMs(d.date), d]));
  return sorted.map((d) => {
    const t = dayMs(d.date);
    const planned = d.date > today;
    const isToday = d.date === today;
    const weekAgo = byT.get(t - RAMP_DAYS * 86_400_000);
    return {
      date: d.date,
      t,
      load: planned ? null : d.load,
      ctl: planned ? null : d.ctl,
      atl: planned ? null : d.atl,
      tsb: planned ? null : d.tsb,
      ctlPlan: planned || isToday ? d.ctl : null,
      atlPlan: planned || isToday ? d.atl : null,
      tsbPlan: planned || isToday ? d.tsb : null,
      ramp: weekAgo ? d.ctl - weekAgo.ctl : null,
      planned,
    };
  });
}

/** The row for `today`, or the last past row when today is outside the range. */
export function currentRow(rows: FitnessRow[], today: string): FitnessRow | null {
  let best: FitnessRow | null = null;
  for (const r of rows) if (r.date <= today) best = r;
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

/** YYYY-MM-DD of the local day of `d`, shifted by `deltaDays`. */
export function localDate(d: Date, deltaDays = 0): string {
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate() + deltaDays);
  return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
}
