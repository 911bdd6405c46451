import { type Detector, type Finding, round1 } from './insight-types.js';

/** CTL gained over 7 days above which the ramp is flagged (the usual 5–8 points/week guidance). */
export const MAX_CTL_RAMP_PER_WEEK = 8;

interface State {
  lastOnset: string | null;
}

/**
 * Training load ramping too steeply: chronic training load (CTL) up by more than
 * MAX_CTL_RAMP_PER_WEEK in 7 days, which raises injury and illness risk. One insight per episode
 * (consecutive days over the limit). Silent when the training-load series is unavailable.
 */
export const loadRamp: Detector<State> = {
  id: 'load-ramp',
  windowDays: 60,
  detect(ctx, state) {
    const f = ctx.fitness;
    let lastOnset = state?.lastOnset ?? null;
    const findings: Finding[] = [];
    if (!f) return { findings, state: { lastOnset } };
    let onset: number | null = null;
    for (let i = 7; i < f.length; i++) {
      const now = f[i];
      const before = f[i - 7];
      if (!now || !before) {
        onset = null;
        continue;
      }
      const ramp = now.ctl - before.ctl;
      if (ramp <= MAX_CTL_RAMP_PER_WEEK) {
        onset = null;
        continue;
      }
      onset ??= i;
      const onsetDate = ctx.dates[onset];
      if (onset === i && onsetDate !== lastOnset) {
        lastOnset = onsetDate;
        findings.push({
          dedupeKey: onsetDate,
          date: onsetDate,
          severity: ramp > MAX_CTL_RAMP_PER_WEEK * 1.5 ? 'alert' : 'warning',
          title: 'Training load is ramping fast',
          message: `Your fitness (CTL) rose ${round1(ramp)} points in 7 days (from ${round1(before.ctl)} to ${round1(now.ctl)}); more than ${MAX_CTL_RAMP_PER_WEEK} a week raises injury risk.`,
          evidence: { onset: onsetDate, ctlFrom: round1(before.ctl), ctlTo: round1(now.ctl), rampPerWeek: round1(ramp), tsb: round1(now.tsb) },
        });
      }
    }
    return { findings, state: { lastOnset } };
  },
};
