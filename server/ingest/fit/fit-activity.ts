import type { ParsedActivity, SwimLength } from '../../../shared/activity.js';
import { computeSummary } from '../../domain/summary.js';
import { completeSummary } from '../../domain/summary-sanity.js';
import type { BlockCollector } from './fit-collect.js';
import { resolveClock, fitTimeToIso, type Clock } from './fit-time.js';
import { buildStreams, orderColumns } from './fit-streams.js';
import { buildSessionsAndLaps, fillSummary } from './fit-sessions.js';
import { aggregateSummaries } from './fit-summary-map.js';
import { activitySport } from './fit-sport.js';
import { deviceInfo } from './fit-device.js';
import { LENGTH_TYPES, SWIM_STROKES } from './fit-profile.js';

/** A session may legitimately start a little before its first record (GPS fix, sensor search). */
const MAX_LEAD_S = 3600;

/** The activity's start (raw FIT seconds): the first record, or an earlier session/lap start close to it. */
function startOf(c: BlockCollector, firstRecord: number, clock: Clock): number {
  let earliest = NaN;
  for (const s of [...c.sessions, ...c.laps]) {
    const st = clock.abs(s.start);
    if (st === st && !(st >= earliest)) earliest = st;
  }
  if (firstRecord === firstRecord) {
    return earliest === earliest && earliest < firstRecord && firstRecord - earliest <= MAX_LEAD_S ? earliest : firstRecord;
  }
  if (earliest === earliest) return earliest;
  for (const s of c.sessions) {
    const ts = clock.abs(s.ts);
    if (ts === ts) return s.elapsed === s.elapsed ? ts - s.elapsed : ts;
  }
  const created = c.fileId?.timeCreated ?? NaN;
  return clock.abs(created);
}

function lengthsOf(c: BlockCollector, clock: Clock, startTs: number): SwimLength[] {
  return c.lengths.map((l) => {
    let st = clock.abs(l.start);
    if (st !== st) st = clock.abs(l.ts) - (l.elapsed === l.elapsed ? l.elapsed : 0);
    return {
      startOffsetS: st === st ? st - startTs : 0,
      elapsedTimeS: l.elapsed === l.elapsed ? l.elapsed : null,
      lengthType: l.lengthType === l.lengthType ? (LENGTH_TYPES[l.lengthType] ?? null) : null,
      strokes: l.strokes === l.strokes ? l.strokes : null,
      swimStroke: l.swimStroke === l.swimStroke ? (SWIM_STROKES[l.swimStroke] ?? null) : null,
    };
  });
}

/** True when the block holds nothing an activity could be built from. */
export function isEmptyActivity(c: BlockCollector): boolean {
  if (c.records.length > 0 || c.lengths.length > 0) return false;
  return ![...c.sessions, ...c.laps].some((s) => s.timer > 0 || s.elapsed > 0 || s.distance > 0);
}

/**
 * One ParsedActivity from an activity block plus any chained blocks whose buffered `hr` messages
 * belong to it. Returns null when no start time can be established.
 */
export function assembleActivity(main: BlockCollector, hrBlocks: BlockCollector[], warnings: string[]): ParsedActivity | null {
  const clock = resolveClock(main);
  if (clock.warning) warnings.push(clock.warning);
  if (main.records.droppedNoTime > 0) warnings.push(`${main.records.droppedNoTime} records without a timestamp were skipped`);

  const timed = orderColumns(main.records, clock, [main.hr, ...hrBlocks.map((b) => b.hr)]);
  const startTs = startOf(main, timed.ts.length ? timed.ts[0] : NaN, clock);
  if (startTs !== startTs) return null;
  const streams = buildStreams(timed, startTs, main.records);

  const { sessions, laps } = buildSessionsAndLaps(main.sessions, main.laps, streams, clock, startTs, main.sport);
  const { sport, subSport } = activitySport(sessions);
  const hasStreams = streams.timeS.length > 1;
  const device = aggregateSummaries(main.sessions.length ? sessions : []);
  const summary = completeSummary(hasStreams ? fillSummary(device, computeSummary(streams, { sport }), true) : aggregateSummaries(sessions));

  return {
    format: 'fit',
    startTime: fitTimeToIso(startTs),
    sport,
    subSport,
    name: null,
    device: deviceInfo(main.fileId, main.creator),
    summary,
    sessions: sessions.map((x) => completeSummary(x)),
    laps: laps.map((x) => completeSummary(x, { keepZeroDistance: true })),
    streams,
    lengths: lengthsOf(main, clock, startTs),
    // Checked for sanity where it is used (domain/local-time.ts): some writers put a counter here.
    ...(main.localOffsetS === main.localOffsetS ? { deviceUtcOffsetS: main.localOffsetS } : {}),
    warnings,
  };
}
