import type { StreamsDto } from '../../../shared/api.js';

/**
 * The samples of one multisport leg, [fromS, toS) in seconds from the activity start, as their own
 * streams (times unchanged), so the leg is charted in its own sport's units: a swim's pace per
 * 100 m, a ride's speed, a run's pace per km — not one "average" line across all three.
 */
export function sliceStreamsDto(s: StreamsDto, fromS: number, toS: number): StreamsDto {
  let a = 0;
  while (a < s.timeS.length && s.timeS[a]! < fromS) a++;
  let b = a;
  while (b < s.timeS.length && s.timeS[b]! < toS) b++;
  const channels: StreamsDto['channels'] = {};
  for (const [k, v] of Object.entries(s.channels) as [keyof StreamsDto['channels'], (number | null)[]][]) channels[k] = v.slice(a, b);
  return { sampleCount: b - a, timeS: s.timeS.slice(a, b), channels, developer: s.developer.map((d) => ({ ...d, values: d.values.slice(a, b) })) };
}
