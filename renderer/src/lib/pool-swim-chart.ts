/**
 * Pool swims: the chart's speed/pace and distance come from the device's lengths, not from the
 * record stream, which has distance only at lap ends (FR935-poolswim: nothing in the first 10
 * minutes). Each sample inside an active length gets that length's speed and the distance swum
 * so far; samples in a rest get no speed. Other channels (heart rate…) stay as recorded.
 */
import type { PoolSwimDto } from '../../../shared/analysis-api.js';
import type { StreamsDto } from '../../../shared/api.js';

export function withPoolLengths(s: StreamsDto, swim: PoolSwimDto): StreamsDto {
  const lengths = swim.rows.filter((r) => r.kind === 'length');
  if (!lengths.length) return s;
  const speed: (number | null)[] = new Array(s.timeS.length).fill(null);
  const dist: (number | null)[] = new Array(s.timeS.length).fill(null);
  let k = 0;
  let before = 0; // distance completed before length k
  for (let i = 0; i < s.timeS.length; i++) {
    const t = s.timeS[i]!;
    while (k < lengths.length && t >= lengths[k]!.startOffsetS + lengths[k]!.timeS) {
      if (!lengths[k]!.implausible) before += lengths[k]!.distanceM;
      k++;
    }
    const l = lengths[k];
    if (l && t >= l.startOffsetS && !l.implausible && l.timeS > 0) {
      speed[i] = l.distanceM / l.timeS;
      dist[i] = before + (l.distanceM * (t - l.startOffsetS)) / l.timeS;
    } else dist[i] = before;
  }
  return { ...s, channels: { ...s.channels, speedMps: speed, distanceM: dist } };
}
