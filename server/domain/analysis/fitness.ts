/**
 * Training load over time (Banister impulse-response, as TrainingPeaks' PMC and intervals.icu):
 *   CTL_d = CTL_{d−1} + (load_d − CTL_{d−1}) × (1 − e^(−1/42))   chronic, "fitness"
 *   ATL_d = ATL_{d−1} + (load_d − ATL_{d−1}) × (1 − e^(−1/7))    acute, "fatigue"
 *   TSB_d = CTL_d − ATL_d ("form"), ramp_d = CTL_d − CTL_{d−7}.
 * The exact exponential decay factor (rather than TrainingPeaks' 1/42 shortcut, 0.6 % apart) makes a
 * day without load decay by exactly e^(−1/τ), which is what "planned future days show decay" plots.
 * Both start at 0 on the first day of the series. Pure: no I/O, no clock (the caller says which
 * days are in the future).
 */
import type { FitnessRowDto } from '../../../shared/analysis-api.js';
import { dayOf, DayRangeError, dayToMs } from './dates.js';

const DAY_MS = 86_400_000;

export const CTL_DAYS = 42;
export const ATL_DAYS = 7;
export const RAMP_DAYS = 7;
/**
 * Most days one series may walk (from its first training day to `to`): every day of 1900–2200,
 * the years the API accepts. Dates arrive validated; this bound makes the loop finite by
 * construction even if they did not (issue 12: `to=9999-12-31` once walked until Node died).
 */
export const MAX_SERIES_DAYS = 301 * 366;

/**
 * One row per day from `start` to `to` (inclusive); rows before `from` are computed but not
 * returned, so the first returned day carries the history. `loads` maps YYYY-MM-DD → load.
 * Days after `today` are marked planned (no load is recorded for them).
 */
export function fitnessSeries(loads: ReadonlyMap<string, number>, start: string, from: string, to: string, today: string | null): FitnessRowDto[] {
  const kCtl = 1 - Math.exp(-1 / CTL_DAYS);
  const kAtl = 1 - Math.exp(-1 / ATL_DAYS);
  const out: FitnessRowDto[] = [];
  // CTL of the last RAMP_DAYS days (a ring), so memory does not grow with the warm-up walk.
  const ctlRing = new Float64Array(RAMP_DAYS);
  let ctl = 0;
  let atl = 0;
  const fromDay = dayToMs(from) / DAY_MS;
  const firstDay = Math.min(dayToMs(start) / DAY_MS, fromDay);
  const toDay = dayToMs(to) / DAY_MS;
  const todayDay = today === null ? Infinity : dayToMs(today) / DAY_MS;
  const n = toDay - firstDay + 1;
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(fromDay)) throw new DayRangeError(`not a day range: ${start}, ${from} … ${to}`);
  if (n > MAX_SERIES_DAYS) throw new DayRangeError(`the fitness series would span ${n} days; at most ${MAX_SERIES_DAYS}`);
  // Loads by day number: the walk does integer steps and formats a date only for returned rows.
  const loadByDay = new Map<number, number>();
  for (const [date, load] of loads) loadByDay.set(dayToMs(date) / DAY_MS, load);
  for (let i = 0; i < n; i++) {
    const dayNo = firstDay + i;
    const planned = dayNo > todayDay;
    const load = planned ? 0 : loadByDay.get(dayNo) ?? 0;
    ctl += (load - ctl) * kCtl;
    atl += (load - atl) * kAtl;
    const before = i >= RAMP_DAYS ? ctlRing[i % RAMP_DAYS] : 0;
    ctlRing[i % RAMP_DAYS] = ctl;
    if (dayNo < fromDay) continue;
    const row: FitnessRowDto = { date: dayOf(dayNo * DAY_MS), load, ctl, atl, tsb: ctl - atl, rampRate: ctl - before };
    if (planned) row.planned = true;
    out.push(row);
  }
  return out;
}
