/**
 * The cleaned view of a multisport event, leg by leg (issue 13 §3): each leg's samples are
 * cleaned with its own sport's limits (a run's 12.5 m/s, not the 75 m/s of "multisport"), in the
 * same leg boundaries the analysis uses (domain/multisport/legs.ts). A single-sport activity is
 * cleaned whole, as cleanStreams does. Pure: no I/O.
 */
import type { ActivityStreams, Session } from '../../../shared/activity.js';
import { legsOf } from '../multisport/legs.js';
import { cleanStreams } from './clean-streams.js';

export function cleanStreamsByLeg(streams: ActivityStreams, sport: string, sessions: readonly Session[] | undefined): ActivityStreams {
  const t = streams.timeS;
  const legs = sessions ? legsOf(sessions, t.length ? t[t.length - 1] : 0) : [];
  if (!legs.length) return cleanStreams(streams, sport).streams;
  const channels: ActivityStreams['channels'] = {};
  for (const [name, values] of Object.entries(streams.channels) as [keyof ActivityStreams['channels'], (number | null)[]][]) channels[name] = values.slice();
  for (const [i, leg] of legs.entries()) {
    // Same bounds as the analysis: [start, end), the last leg to the end of the recording.
    const end = i === legs.length - 1 ? Infinity : leg.endOffsetS;
    let from = 0;
    while (from < t.length && t[from] < leg.startOffsetS - 1e-9) from++;
    let to = from;
    while (to < t.length && t[to] < end - 1e-9) to++;
    if (to <= from) continue;
    const slice: ActivityStreams = { timeS: t.slice(from, to), developer: [], channels: {} };
    for (const [name, values] of Object.entries(streams.channels) as [keyof ActivityStreams['channels'], (number | null)[]][]) slice.channels[name] = values.slice(from, to);
    const clean = cleanStreams(slice, leg.sport).streams;
    for (const [name, values] of Object.entries(clean.channels) as [keyof ActivityStreams['channels'], (number | null)[]][]) {
      const target = channels[name];
      if (target) for (let k = 0; k < values.length; k++) target[from + k] = values[k];
    }
  }
  return { ...streams, channels };
}
