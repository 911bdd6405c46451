import type { ActivityStreams } from '../../shared/activity.js';

/**
 * Decimals a bucket's mean keeps per channel: the stored resolution (positions 1e-7°, about
 * 1 cm) or 0.01 of the unit. A mean of noisy doubles otherwise prints 17 digits
 * (46.560586400000005): a third of a chart's JSON and of the time to write it (issue 14).
 */
const SCALE: Record<string, number> = { latDeg: 1e7, lonDeg: 1e7 };
const DEFAULT_SCALE = 100;

/**
 * Reduces streams to at most `maxPoints` samples for charts and maps, keeping one shared axis:
 * samples are grouped into equal-count buckets; each bucket keeps its first time and the mean of
 * each channel over the bucket's non-null values (null when all are null, so gaps survive).
 * Pure; O(n · channels).
 */
export function downsampleStreams(s: ActivityStreams, maxPoints: number): ActivityStreams {
  const n = s.timeS.length;
  if (maxPoints <= 0 || n <= maxPoints) return s;
  const buckets = Math.max(2, Math.floor(maxPoints));
  const bounds: number[] = [];
  for (let b = 0; b <= buckets; b++) bounds.push(Math.round((b * n) / buckets));
  const reduce = (vals: readonly (number | null)[], scale: number) => {
    const out: (number | null)[] = new Array(buckets);
    for (let b = 0; b < buckets; b++) {
      let sum = 0;
      let cnt = 0;
      for (let i = bounds[b]; i < bounds[b + 1]; i++) {
        const v = vals[i];
        if (v !== null && v !== undefined) {
          sum += v;
          cnt++;
        }
      }
      out[b] = cnt ? (scale ? Math.round((sum / cnt) * scale) / scale : sum / cnt) : null;
    }
    return out;
  };
  const channels: ActivityStreams['channels'] = {};
  for (const [k, v] of Object.entries(s.channels)) if (v) channels[k as keyof typeof channels] = reduce(v, SCALE[k] ?? DEFAULT_SCALE);
  return {
    timeS: bounds.slice(0, buckets).map((i) => s.timeS[i]),
    channels,
    // Developer fields have no known resolution: their means stay as computed.
    developer: s.developer.map((d) => ({ ...d, values: reduce(d.values, 0) })),
  };
}
