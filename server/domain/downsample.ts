import type { ActivityStreams } from '../../shared/activity.js';

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
  const reduce = (vals: readonly (number | null)[]) => {
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
      out[b] = cnt ? sum / cnt : null;
    }
    return out;
  };
  const channels: ActivityStreams['channels'] = {};
  for (const [k, v] of Object.entries(s.channels)) if (v) channels[k as keyof typeof channels] = reduce(v);
  return {
    timeS: bounds.slice(0, buckets).map((i) => s.timeS[i]),
    channels,
    developer: s.developer.map((d) => ({ ...d, values: reduce(d.values) })),
  };
}
