import { emptySummary, SUMMARY_KEYS, type ActivityStreams, type Lap, type Session, type SummaryFields } from '../../../shared/activity.js';
import { mergeSummary, summarizeRange } from '../../domain/summary.js';
import { firstIndexAfter } from '../../domain/timing.js';
import type { RawSummary } from './fit-collect.js';
import { deviceSummary } from './fit-summary-map.js';
import { sportName, subSportName } from './fit-sport.js';
import { LAP_TRIGGERS } from './fit-profile.js';
import { fitTimeToIso, type Clock } from './fit-time.js';

/**
 * Sessions and laps: the device's totals, holes filled from the streams over the same time span,
 * laps given to sessions by first_lap_index/num_laps when they add up, by time otherwise. Missing
 * session or lap messages are synthesised from the streams (activity_truncated.fit,
 * WithGearChangeData.fit).
 */
interface Span {
  start: number;
  end: number;
}

/** Summary of the streams over a span, overlapping one sample at the start so consecutive spans add up. */
function streamSummary(s: ActivityStreams, span: Span, sport: string): SummaryFields {
  const t = s.timeS;
  const from = Math.max(0, firstIndexAfter(t, span.start) - 1);
  const to = firstIndexAfter(t, span.end);
  return summarizeRange(s, from, Math.max(from, to), { sport });
}

/** Device totals win; streams fill holes. Moving time is always the streams' (device definitions vary). */
export function fillSummary(device: SummaryFields, computed: SummaryFields, hasStreams: boolean): SummaryFields {
  const merged = mergeSummary({ ...device, movingTimeS: hasStreams ? null : device.movingTimeS }, computed);
  if (hasStreams && computed.movingTimeS === null) merged.movingTimeS = device.movingTimeS;
  return merged;
}

function spanOf(r: RawSummary, clock: Clock, startTs: number): Span {
  const ts = clock.abs(r.ts);
  let start = clock.abs(r.start);
  if (start !== start) start = ts === ts && r.elapsed === r.elapsed ? ts - r.elapsed : ts;
  const elapsed = Math.max(r.elapsed, r.timer === r.timer ? r.timer : -Infinity); // swapped fields: see deviceSummary
  let end = start === start && elapsed === elapsed ? start + elapsed : ts;
  if (end !== end || end < start) end = start;
  return { start: (start === start ? start : startTs) - startTs, end: (end === end ? end : startTs) - startTs };
}

export interface SessionsAndLaps {
  sessions: Session[];
  laps: Lap[];
}

export function buildSessionsAndLaps(
  rawSessions: RawSummary[],
  rawLaps: RawSummary[],
  streams: ActivityStreams,
  clock: Clock,
  startTs: number,
  fallbackSport: { sport: number; subSport: number } | null,
): SessionsAndLaps {
  const hasStreams = streams.timeS.length > 1;
  const lastT = streams.timeS.length ? streams.timeS[streams.timeS.length - 1] : 0;
  const wholeSpan: Span = { start: 0, end: lastT };

  // Sessions in time order (summary-first files write them before the records, some in any order).
  const sess = rawSessions.map((r) => ({ r, span: spanOf(r, clock, startTs) }));
  sess.sort((a, b) => a.span.start - b.span.start);
  // A session must not run into the next one, or its computed figures would count the next
  // session's samples too. The fēnix 2 multisport file's first session has start_time 2717 s but
  // ends (timestamp) at 11740 s, when the next begins, after 11738 s elapsed: its start_time is the
  // odd one out, so the span is timestamp − elapsed … timestamp. Otherwise the end is clipped.
  for (let i = 0; i + 1 < sess.length; i++) {
    const { r, span } = sess[i];
    const next = sess[i + 1].span.start;
    if (span.end <= next) continue;
    const endTs = clock.abs(r.ts) - startTs;
    const elapsed = r.elapsed === r.elapsed ? r.elapsed : NaN;
    const byEnd = { start: Math.max(0, endTs - elapsed), end: endTs };
    const fits = byEnd.end === byEnd.end && byEnd.start === byEnd.start && byEnd.end <= next + 1 && (i === 0 || byEnd.start >= sess[i - 1].span.end - 1);
    sess[i] = { r, span: fits ? byEnd : { start: span.start, end: Math.max(span.start, next) } };
  }
  const lapsRaw = rawLaps.map((r) => ({ r, span: spanOf(r, clock, startTs) }));
  const lapsInOrder = lapsRaw.every((l, i) => i === 0 || l.span.start >= lapsRaw[i - 1].span.start);
  if (!lapsInOrder) lapsRaw.sort((a, b) => a.span.start - b.span.start);

  const fb = fallbackSport ?? { sport: NaN, subSport: NaN };
  const firstLapSport = rawLaps.find((l) => l.sport === l.sport);
  const sessions: Session[] = [];
  if (sess.length === 0) {
    const sportNum = fb.sport === fb.sport ? fb.sport : (firstLapSport?.sport ?? NaN);
    const sport = sportName(sportNum) ?? 'generic';
    const subSport = subSportName(fb.sport === fb.sport ? fb.subSport : (firstLapSport?.subSport ?? NaN));
    const computed = hasStreams ? streamSummary(streams, wholeSpan, sport) : null;
    sess.push({ r: null as unknown as RawSummary, span: wholeSpan });
    sessions.push({
      ...(computed ?? emptySummary()),
      index: 0,
      sport,
      subSport,
      startTime: fitTimeToIso(startTs),
      startOffsetS: 0,
      firstLapIndex: 0,
      numLaps: 0,
    });
  } else {
    sess.forEach(({ r, span }, i) => {
      const sport = sportName(r.sport) ?? sportName(fb.sport) ?? 'generic';
      const subSport = r.sport === r.sport ? subSportName(r.subSport) : subSportName(fb.subSport);
      const device = deviceSummary(r);
      const summary = hasStreams ? fillSummary(device, streamSummary(streams, span, sport), true) : device;
      sessions.push({
        ...summary,
        index: i,
        sport,
        subSport,
        startTime: fitTimeToIso(startTs + span.start),
        startOffsetS: span.start,
        firstLapIndex: 0,
        numLaps: 0,
        ...(r.poolLength > 0 ? { poolLengthM: r.poolLength } : {}),
      });
    });
  }

  // Laps.
  const laps: Lap[] = lapsRaw.map(({ r, span }, i) => {
    const device = deviceSummary(r);
    const sport = sportName(r.sport) ?? sessions[0].sport;
    return {
      ...(hasStreams ? fillSummary(device, streamSummary(streams, span, sport), true) : device),
      index: i,
      startTime: fitTimeToIso(startTs + span.start),
      startOffsetS: span.start,
      trigger: r.trigger === r.trigger ? (LAP_TRIGGERS[r.trigger] ?? `trigger_${r.trigger}`) : null,
    };
  });

  assignLaps(sessions, laps, lapsInOrder ? rawSessionsOrdered(sess) : null);

  // A session without lap messages gets one lap: itself.
  if (laps.length === 0) {
    for (const s of sessions) {
      s.firstLapIndex = laps.length;
      s.numLaps = 1;
      laps.push({ ...pickSummary(s), index: laps.length, startTime: s.startTime, startOffsetS: s.startOffsetS, trigger: 'session_end' });
    }
  }
  return { sessions, laps };
}

function rawSessionsOrdered(sess: { r: RawSummary | null }[]): (RawSummary | null)[] {
  return sess.map((s) => s.r);
}

/** first_lap_index/num_laps when every session has them and they tile the laps exactly; by time otherwise. */
function assignLaps(sessions: Session[], laps: Lap[], raw: (RawSummary | null)[] | null): void {
  if (laps.length === 0) return;
  if (raw && raw.every((r) => r && r.firstLapIndex === r.firstLapIndex && r.numLaps === r.numLaps)) {
    let next = 0;
    let ok = true;
    for (const r of raw as RawSummary[]) {
      if (r.firstLapIndex !== next || r.numLaps < 0) ok = false;
      next = r.firstLapIndex + r.numLaps;
    }
    if (ok && next === laps.length) {
      raw.forEach((r, i) => {
        sessions[i].firstLapIndex = (r as RawSummary).firstLapIndex;
        sessions[i].numLaps = (r as RawSummary).numLaps;
      });
      return;
    }
  }
  // By time: a lap belongs to the last session starting at or before it (1 s tolerance).
  let si = 0;
  const counts = new Array(sessions.length).fill(0);
  const firsts = new Array(sessions.length).fill(-1);
  for (const lap of laps) {
    while (si + 1 < sessions.length && sessions[si + 1].startOffsetS <= lap.startOffsetS + 1) si++;
    if (firsts[si] < 0) firsts[si] = lap.index;
    counts[si]++;
  }
  let carry = 0;
  sessions.forEach((s, i) => {
    s.firstLapIndex = firsts[i] >= 0 ? firsts[i] : carry;
    s.numLaps = counts[i];
    carry = s.firstLapIndex + s.numLaps;
  });
}

function pickSummary(s: SummaryFields): SummaryFields {
  const out = emptySummary();
  for (const k of SUMMARY_KEYS) out[k] = s[k];
  return out;
}
