import { type Detector, type Finding, mean, round1, sd, valuesIn } from './insight-types.js';

/** Days of baseline before each day, values needed in it, and how long a rise must last. */
export const RHR_BASELINE_DAYS = 30;
export const RHR_MIN_BASELINE_VALUES = 14;
export const RHR_RUN_DAYS = 3;
/** A rise counts when it is at least this many bpm and at least 1.5 SD of the baseline. */
export const RHR_MIN_RISE_BPM = 4;

interface State {
  /** Onset of the last episode reported, so an ongoing rise is one insight, not one per day. */
  lastOnset: string | null;
}

/**
 * Resting heart rate above its 30-day baseline on several consecutive days: a common early sign
 * of illness, accumulated fatigue or poor recovery. The baseline of each day is the mean of the
 * 30 days before it, so the rise itself does not pull the baseline up until it is weeks old.
 */
export const restingHrElevated: Detector<State> = {
  id: 'resting-hr-elevated',
  windowDays: 120,
  detect(ctx, state) {
    const rhr = ctx.daily('restingHrBpm');
    const findings: Finding[] = [];
    let run: { start: number; rises: number[]; baseline: number } | null = null;
    let lastOnset = state?.lastOnset ?? null;
    for (let i = 0; i < rhr.length; i++) {
      const v = rhr[i];
      const base = valuesIn(rhr, i - RHR_BASELINE_DAYS, i);
      let elevated = false;
      let m = NaN;
      if (v !== null && base.length >= RHR_MIN_BASELINE_VALUES) {
        m = mean(base);
        elevated = v - m >= Math.max(RHR_MIN_RISE_BPM, 1.5 * sd(base));
      }
      if (!elevated) {
        run = null;
        continue;
      }
      run ??= { start: i, rises: [], baseline: m };
      run.rises.push(v! - m);
      if (run.rises.length === RHR_RUN_DAYS) {
        const onset = ctx.dates[run.start];
        if (onset !== lastOnset) {
          lastOnset = onset;
          findings.push({
            dedupeKey: onset,
            date: ctx.dates[i],
            severity: 'warning',
            title: 'Resting heart rate is up',
            message: `Your resting heart rate has been ${round1(mean(run.rises))} bpm above your 30-day baseline (${round1(run.baseline)} bpm) for ${RHR_RUN_DAYS} days since ${onset}. Consider an easier day.`,
            evidence: { metric: 'restingHrBpm', onset, baselineBpm: round1(run.baseline), days: ctx.dates.slice(run.start, i + 1), valuesBpm: rhr.slice(run.start, i + 1) },
          });
        }
      }
    }
    return { findings, state: { lastOnset } };
  },
};
