/**
 * Multisport events (triathlon, duathlon, swim-run…): the legs of one activity. Pure.
 *
 * A FIT multisport file holds one `session` per leg and per transition (MultiSport-2019-11-24.fit:
 * open-water swim, transition, bike, transition, run). Each leg is analysed on its own samples under
 * its own sport — a 15.6 km/h "average" over swim + bike + run means nothing, and neither does a
 * pace curve of a sport called "multisport". Transitions are legs too (shown, timed), but they get
 * no best efforts, curves or records.
 */
import type { ActivityStreams, Session } from '../../../shared/activity.js';
import { firstIndexAfter } from '../timing.js';

export interface Leg {
  /** Index of the session in the activity. */
  sessionIndex: number;
  sport: string;
  subSport: string | null;
  /** Seconds from the activity start: [startOffsetS, endOffsetS). */
  startOffsetS: number;
  endOffsetS: number;
  transition: boolean;
}

/** True when the sessions are the legs of one event: more than one session, and more than one sport or a transition. */
export function isMultisport(sessions: readonly Pick<Session, 'sport'>[]): boolean {
  if (sessions.length < 2) return false;
  const sports = new Set(sessions.map((s) => s.sport));
  return sports.size > 1 || sports.has('transition');
}

/**
 * The legs in time order; each ends where the next begins (the last at its own elapsed end, or at
 * `lastS`, the last sample, if that is later; its samples include that end). Empty when the
 * activity is not multisport.
 */
export function legsOf(sessions: readonly Session[], lastS: number): Leg[] {
  if (!isMultisport(sessions)) return [];
  const sorted = [...sessions].sort((a, b) => a.startOffsetS - b.startOffsetS);
  return sorted.map((s, i) => {
    const next = sorted[i + 1];
    const ownEnd = s.startOffsetS + (s.elapsedTimeS ?? s.timerTimeS ?? 0);
    const end = next ? next.startOffsetS : Math.max(ownEnd, lastS);
    return {
      sessionIndex: s.index,
      sport: s.sport,
      subSport: s.subSport,
      startOffsetS: s.startOffsetS,
      endOffsetS: Math.max(s.startOffsetS, end),
      transition: s.sport === 'transition',
    };
  });
}

/**
 * The samples of [fromS, toS) as their own streams, times unchanged (still from the activity
 * start), so efforts found in a leg keep activity offsets after adding nothing.
 */
export function sliceStreams(s: ActivityStreams, fromS: number, toS: number): ActivityStreams {
  const from = firstIndexAfter(s.timeS, fromS - 1e-9);
  const to = firstIndexAfter(s.timeS, toS - 1e-9);
  const a = Math.min(from, s.timeS.length);
  const b = Math.max(a, Math.min(to, s.timeS.length));
  const channels: ActivityStreams['channels'] = {};
  for (const [k, v] of Object.entries(s.channels) as [keyof ActivityStreams['channels'], (number | null)[]][]) channels[k] = v.slice(a, b);
  return { timeS: s.timeS.slice(a, b), channels, developer: s.developer.map((d) => ({ ...d, values: d.values.slice(a, b) })) };
}
