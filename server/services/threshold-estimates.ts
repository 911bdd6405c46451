/**
 * Gathers what domain/thresholds/estimate.ts needs from storage: the per-year mean-max bests of
 * the sports that carry thresholds, and the latest daily resting heart rates.
 */
import type { ThresholdEstimatesDto } from '../../shared/threshold-estimates.js';
import { estimateThresholds, type BestRow } from '../domain/thresholds/estimate.js';
import type { Storage } from '../storage/port.js';

/** Sports whose heart rate counts for max HR; FTP/pace/threshold HR use running and cycling. */
const SPORTS = ['running', 'cycling', 'trail_running', 'hiking', 'walking', 'rowing', 'cross_country_skiing', 'mountain_biking'];
const DAY_MS = 86_400_000;

export async function thresholdEstimates(storage: Storage, userId: string): Promise<ThresholdEstimatesDto> {
  const bests: BestRow[] = [];
  for (const sport of SPORTS) {
    for (const kind of ['power', 'hr', 'pace'] as const) {
      for (const r of await storage.analysis.records(userId, sport, kind)) {
        if (r.year === 0) continue;
        bests.push({ sport, kind, durationS: r.key, year: r.year, value: r.value, activityId: r.activityId, startTimeMs: Number(r.startTimeMs) });
      }
    }
  }
  const resting = (await storage.health.extents(userId)).find((e) => e.metric === 'restingHrBpm');
  const restingHr: { date: string; bpm: number }[] = [];
  if (resting) {
    const rows = await storage.health.daily(userId, resting.lastDayMs - 60 * DAY_MS, resting.lastDayMs, ['restingHrBpm']);
    // One value per day: several sources on one day are averaged.
    const byDay = new Map<number, number[]>();
    for (const r of rows) byDay.set(r.dayMs, [...(byDay.get(r.dayMs) ?? []), r.value]);
    for (const [dayMs, vs] of [...byDay].sort((a, b) => a[0] - b[0])) restingHr.push({ date: new Date(dayMs).toISOString().slice(0, 10), bpm: vs.reduce((s, v) => s + v, 0) / vs.length });
  }
  return { items: estimateThresholds({ bests, restingHr }) };
}
