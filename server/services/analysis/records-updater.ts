/**
 * Keeps the records table equal to "the best effort per (sport, kind, key), all time (year 0) and
 * per year" as activities come and go. Adding compares the activity's efforts against the current
 * records in memory (one read per sport); removing recomputes only the records the activity held,
 * from the indexed efforts table. Ties keep the earlier effort, then the smaller (content-derived) activity id.
 */
import type { RecordKind } from '../../../shared/analysis-api.js';
import { isBetter } from '../../domain/analysis/activity-metrics.js';
import type { EffortRecordRow, RecordRow } from '../../storage/repos/analysis.repo.js';
import type { Storage } from '../../storage/port.js';

const recordKey = (kind: string, key: number, year: number) => `${kind}|${key}|${year}`;

function beats(e: { value: number; startTimeMs: number; activityId: string }, r: RecordRow | undefined, kind: string): boolean {
  if (!r) return true;
  if (isBetter(kind as RecordKind, e.value, r.value)) return true;
  if (e.value !== r.value) return false;
  // Same value: the earlier effort holds it; at the same start time the smaller activity id, which
  // comes from the activity's content (activity-store.ts), so import order never decides.
  return e.startTimeMs < r.startTimeMs || (e.startTimeMs === r.startTimeMs && e.activityId < r.activityId);
}

/**
 * Best rows per (kind, key, year) of a set of efforts, in memory: a full recompute folds every
 * activity into one of these and writes once, instead of a read-compare-write per activity.
 */
export class RecordCandidates {
  readonly best = new Map<string, RecordRow>();

  constructor(private userId: string) {}

  add(sport: string, efforts: EffortRecordRow[]): void {
    for (const e of efforts) {
      for (const year of [0, e.year]) {
        const k = `${sport}|${recordKey(e.kind, e.key, year)}`;
        if (!beats(e, this.best.get(k), e.kind)) continue;
        this.best.set(k, { userId: this.userId, sport, kind: e.kind, key: e.key, year, activityId: e.activityId, value: e.value, startTimeMs: e.startTimeMs });
      }
    }
  }

  /** Writes the candidates that beat what is stored (an import may have run meanwhile). */
  async mergeInto(storage: Storage): Promise<void> {
    const bySport = new Map<string, RecordRow[]>();
    for (const r of this.best.values()) (bySport.get(r.sport) ?? bySport.set(r.sport, []).get(r.sport)!).push(r);
    for (const [sport, rows] of bySport) {
      const current = new Map<string, RecordRow>();
      for (const r of await storage.analysis.records(this.userId, sport)) current.set(recordKey(r.kind, r.key, r.year), r);
      for (const r of rows) if (beats(r, current.get(recordKey(r.kind, r.key, r.year)), r.kind)) await storage.analysis.upsertRecord(r);
    }
  }
}

/**
 * The records of one user during a bulk import, per sport and year as read once from the
 * database and then kept equal to it by addToRecords (which writes through). Only valid while
 * nothing else writes records: AnalysisService drops it before any other change to them.
 */
export class RecordsCache {
  private bySport = new Map<string, { years: Set<number>; rows: Map<string, RecordRow> }>();

  async rows(storage: Storage, userId: string, sport: string, years: number[]): Promise<Map<string, RecordRow>> {
    let e = this.bySport.get(sport);
    if (!e) this.bySport.set(sport, (e = { years: new Set(), rows: new Map() }));
    const missing = years.filter((y) => !e.years.has(y));
    if (missing.length) {
      for (const r of await storage.analysis.records(userId, sport, undefined, missing)) e.rows.set(recordKey(r.kind, r.key, r.year), r);
      for (const y of missing) e.years.add(y);
    }
    return e.rows;
  }
}

export async function addToRecords(storage: Storage, userId: string, sport: string, efforts: EffortRecordRow[], cache?: RecordsCache): Promise<number> {
  if (efforts.length === 0) return 0;
  // Only the all-time rows and the activity's own year can change.
  const years = [0, ...new Set(efforts.map((e) => e.year))];
  let current: Map<string, RecordRow>;
  if (cache) current = await cache.rows(storage, userId, sport, years);
  else {
    current = new Map<string, RecordRow>();
    for (const r of await storage.analysis.records(userId, sport, undefined, years)) current.set(recordKey(r.kind, r.key, r.year), r);
  }
  let changed = 0;
  for (const e of efforts) {
    for (const year of [0, e.year]) {
      const k = recordKey(e.kind, e.key, year);
      if (!beats(e, current.get(k), e.kind)) continue;
      const row: RecordRow = { userId, sport, kind: e.kind, key: e.key, year, activityId: e.activityId, value: e.value, startTimeMs: e.startTimeMs };
      current.set(k, row);
      await storage.analysis.upsertRecord(row);
      changed++;
    }
  }
  return changed;
}

/** After the activity's efforts are gone: give each record it held to the next best, or drop it. */
export async function recomputeHeldRecords(storage: Storage, userId: string, held: RecordRow[]): Promise<void> {
  for (const r of held) {
    const best = await storage.analysis.bestEffort(userId, r.sport, r.kind, r.key, r.year === 0 ? null : r.year, r.kind === 'distance');
    if (best) await storage.analysis.upsertRecord({ ...r, activityId: best.activityId, value: best.value, startTimeMs: best.startTimeMs });
    else await storage.analysis.deleteRecord(userId, r.sport, r.kind, r.key, r.year);
  }
}
