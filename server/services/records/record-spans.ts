/**
 * The time span of each record in a records list (issue 13 §3): distance records from the
 * stored best efforts, curve records by finding the window again on the cleaned streams
 * (domain/records/effort-span.ts). One stream read per activity in the list; a multisport leg's
 * or a pool swim's curve record has no span here (its curve is built from a leg slice or from
 * lengths) and says null.
 */
import type { BestEffortDto, RecordKind, RecordRowDto } from '../../../shared/analysis-api.js';
import { cleanStreams } from '../../domain/clean/clean-streams.js';
import { effortSpan } from '../../domain/records/effort-span.js';
import type { Storage } from '../../storage/port.js';
import { timeSlicer } from '../yield-to-event-loop.js';

export async function withSpans(storage: Storage, userId: string, sport: string, items: RecordRowDto[]): Promise<RecordRowDto[]> {
  const byActivity = new Map<string, RecordRowDto[]>();
  for (const r of items) (byActivity.get(r.activityId) ?? byActivity.set(r.activityId, []).get(r.activityId)!).push(r);
  const out = new Map<RecordRowDto, { startOffsetS: number; endOffsetS: number } | null>();
  // One activity's streams cleaned at a time, yielding between them: on SQLite the reads never
  // leave the microtask queue, so a list of 20 activities was one piece of work.
  const slice = timeSlicer();
  for (const [activityId, rows] of byActivity) {
    await slice();
    const m = await storage.analysis.getMetrics(userId, activityId);
    const legs = m?.legsJson ? (JSON.parse(m.legsJson) as { sport: string; bestEfforts: BestEffortDto[] }[]) : [];
    const efforts = [...(m ? (JSON.parse(m.bestEffortsJson) as BestEffortDto[]) : []), ...legs.filter((l) => l.sport === sport).flatMap((l) => l.bestEfforts)];
    const ownSport = m?.sport === sport && !legs.length;
    const needsStreams = ownSport && rows.some((r) => r.kind !== 'distance');
    const a = needsStreams ? await storage.activities.get(userId, activityId) : null;
    const raw = needsStreams && a && !a.lengths.length ? await storage.activities.readStreams(userId, activityId) : null;
    const streams = raw ? cleanStreams(raw, sport).streams : null;
    for (const r of rows) {
      await slice(); // finding a curve record's window again scans the whole recording
      if (r.kind === 'distance') out.set(r, effortSpan({ timeS: [], channels: {}, developer: [] }, efforts, 'distance', r.key));
      else out.set(r, streams ? effortSpan(streams, [], r.kind as RecordKind, r.key) : null);
    }
  }
  return items.map((r) => {
    const s = out.get(r) ?? null;
    return { ...r, startOffsetS: s ? round1(s.startOffsetS) : null, endOffsetS: s ? round1(s.endOffsetS) : null };
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;
