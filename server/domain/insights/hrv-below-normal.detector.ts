import { type Detector, type Finding, mean, round1, sd, valuesIn } from './insight-types.js';

export const HRV_BASELINE_DAYS = 60;
export const HRV_MIN_BASELINE_VALUES = 21;
export const HRV_ROLLING_DAYS = 7;

interface State {
  lastOnset: string | null;
}

/**
 * HRV below its normal range: the 7-day rolling mean of nightly HRV under the lower bound of the
 * personal normal range (mean − 1 SD of the 60 days before the rolling week), the approach of
 * HRV4Training and Garmin's HRV status. rMSSD (Garmin, HRV apps) is used when there is enough of
 * it, else Apple's SDNN; the two are never mixed.
 */
export const hrvBelowNormal: Detector<State> = {
  id: 'hrv-below-normal',
  windowDays: 150,
  detect(ctx, state) {
    const rmssd = ctx.daily('hrvMs');
    const sdnn = ctx.daily('hrvSdnnMs');
    const useRmssd = valuesIn(rmssd, 0, rmssd.length).length >= valuesIn(sdnn, 0, sdnn.length).length;
    const hrv = useRmssd ? rmssd : sdnn;
    const metric = useRmssd ? 'hrvMs' : 'hrvSdnnMs';
    const findings: Finding[] = [];
    let lastOnset = state?.lastOnset ?? null;
    let onset: number | null = null;
    for (let i = 0; i < hrv.length; i++) {
      const week = valuesIn(hrv, i - HRV_ROLLING_DAYS + 1, i + 1);
      const base = valuesIn(hrv, i - HRV_ROLLING_DAYS + 1 - HRV_BASELINE_DAYS, i - HRV_ROLLING_DAYS + 1);
      if (week.length < 4 || base.length < HRV_MIN_BASELINE_VALUES || hrv[i] === null) {
        onset = null;
        continue;
      }
      const lower = mean(base) - sd(base);
      const rolling = mean(week);
      if (rolling >= lower) {
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
          severity: 'warning',
          title: 'HRV below your normal range',
          message: `Your 7-day HRV average (${round1(rolling)} ms) dropped below your normal range (${round1(lower)}–${round1(mean(base) + sd(base))} ms) on ${onsetDate}. Recovery may be incomplete.`,
          evidence: { metric, onset: onsetDate, rollingMs: round1(rolling), normalLowMs: round1(lower), normalHighMs: round1(mean(base) + sd(base)), baselineDays: base.length },
        });
      }
    }
    return { findings, state: { lastOnset } };
  },
};
