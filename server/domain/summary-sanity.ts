/**
 * The last word on summary figures a device left at 0 or out. Pure.
 *
 * - Average speed 0 (or absent) with a distance and a time is a missing value, not a standstill:
 *   it becomes distance / timer time (elapsed time without a timer), the device's own definition
 *   of average speed. 14582164182.fit.gz (Zwift) writes avg_speed 0 for 14.92 km in 1,632 s.
 * - A speed of 0 without any distance is "not measured" (RowingCIQspeed.FIT, an indoor rower that
 *   writes total_distance 0 and avg_speed 0; Indoor_Cycling2smO2sensors.fit): null, shown as "—".
 * - A whole activity or session of 0 m with no speed measured recorded no distance: null too.
 *   Laps keep a 0 m distance (a pool rest is a 0 m lap) — pass `{ keepZeroDistance: true }`.
 * Migration 0007 applies the same rules to stored rows.
 */
import type { SummaryFields } from '../../shared/activity.js';

export function completeSummary<T extends SummaryFields>(s: T, opts: { keepZeroDistance?: boolean } = {}): T {
  const out = { ...s };
  const time = out.timerTimeS && out.timerTimeS > 0 ? out.timerTimeS : out.elapsedTimeS;
  const moved = out.distanceM != null && out.distanceM > 0;
  if ((out.avgSpeedMps == null || out.avgSpeedMps === 0) && moved && time != null && time > 0) out.avgSpeedMps = (out.distanceM as number) / time;
  if (!moved) {
    if (out.avgSpeedMps === 0) out.avgSpeedMps = null;
    if (out.maxSpeedMps === 0) out.maxSpeedMps = null;
    if (!opts.keepZeroDistance && out.distanceM === 0 && out.avgSpeedMps == null && out.maxSpeedMps == null) out.distanceM = null;
  }
  return out;
}
