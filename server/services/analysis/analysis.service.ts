/**
 * Keeps the analysis tables in step with the activities: per-activity metrics and efforts,
 * records, daily load and period totals react to the imported/updated/deleted events
 * (activity-events.ts). Every change for a user runs through one serial queue, so records and
 * sums never see two half-applied activities.
 */
import type { ActivityEvent, FreshImport } from '../activity-events.js';
import type { Storage } from '../../storage/port.js';
import { ALL_SPORTS } from '../../storage/repos/analysis-aggregates.repo.js';
import type { EffortRecordRow, MetricsRow } from '../../storage/repos/analysis.repo.js';
import { nextPeriodStart } from '../../domain/analysis/dates.js';
import { buildMetrics } from './metrics-builder.js';
import { thresholdsKey } from '../derive.js';
import { addToRecords, recomputeHeldRecords, RecordsCache } from './records-updater.js';
import { SerialQueue } from './serial-queue.js';

/** Fields whose change alters the analysis; a rename does not (the calendar joins the live name). */
/** Edits that change the analysis; `streams`: the samples were replaced (a re-parse of the original). */
const ANALYSED_FIELDS = new Set(['sport', 'subSport', 'startTime', 'streams']);

export class AnalysisService {
  readonly queue = new SerialQueue();

  constructor(private deps: { storage: Storage; now?: () => number }) {}

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /** The ActivityEvents handler (registered in createServices). */
  async onEvent(e: ActivityEvent): Promise<void> {
    if (e.type === 'imported') await this.queue.run(e.userId, () => this.add(e.userId, e.activityId, e.fresh));
    else if (e.type === 'deleted') await this.queue.run(e.userId, () => this.remove(e.userId, e.activityId));
    else if (e.fields.some((f) => ANALYSED_FIELDS.has(f))) {
      await this.queue.run(e.userId, async () => {
        await this.remove(e.userId, e.activityId);
        await this.add(e.userId, e.activityId);
      });
    }
  }

  /**
   * Runs one activity's analysis again and passes the records it held on (record exclusions,
   * issue 13 §3): the same remove + add as an edit of an analysed field.
   */
  reanalyse(userId: string, activityId: string): Promise<void> {
    return this.queue.run(userId, async () => {
      await this.remove(userId, activityId);
      await this.add(userId, activityId);
    });
  }

  /** Computes an activity that has no metrics yet (imported before the analysis existed). */
  async ensure(userId: string, activityId: string): Promise<MetricsRow | null> {
    // Stored metrics are read without queueing: an activity page must not wait behind an import's
    // analysis of other activities, nor behind 49 other page loads (issue 14). Only a missing
    // row is computed, in the queue, after checking again there.
    const stored = await this.deps.storage.analysis.getMetrics(userId, activityId);
    if (stored) return stored;
    return this.queue.run(userId, async () => (await this.deps.storage.analysis.getMetrics(userId, activityId)) ?? (await this.add(userId, activityId)));
  }

  /**
   * Day and period sums an import has made stale, refreshed together (`flush`): consecutive
   * activities of a bulk import share weeks, months and years, so a batch costs a handful of
   * queries instead of fourteen per activity. Reads of the sums flush first (AnalysisQueryService),
   * an import job flushes before it reports done (ActivityEvents.settle), and a short timer
   * flushes whatever is left, so nobody ever sees a stale total.
   */
  private dirty = new Map<string, Map<string, AggregateKey>>();
  private flushTimers = new Map<string, NodeJS.Timeout>();

  private markDirty(m: AggregateKey): void {
    const set = this.dirty.get(m.userId) ?? new Map<string, AggregateKey>();
    set.set(`${m.day}|${m.sport}`, m);
    this.dirty.set(m.userId, set);
    if (set.size >= MAX_DIRTY_DAYS) void this.flush(m.userId);
    else if (!this.flushTimers.has(m.userId)) {
      const t = setTimeout(() => {
        this.flushTimers.delete(m.userId);
        void this.flush(m.userId).catch((err: unknown) => console.error(`[analysis] flush failed: ${err instanceof Error ? err.message : String(err)}`));
      }, FLUSH_DELAY_MS);
      t.unref();
      this.flushTimers.set(m.userId, t);
    }
  }

  /** Brings the user's day and period sums up to date (no-op when nothing is pending). */
  flush(userId: string): Promise<void> {
    if (!this.dirty.get(userId)?.size) return this.queue.run(userId, async () => {});
    return this.queue.run(userId, () => this.flushNow(userId));
  }

  /**
   * What a read of the sums needs: a flush when an import left sums pending, and nothing
   * otherwise. Unlike `flush` it does not wait behind the user's queue when nothing is pending:
   * 50 page loads would otherwise run one after another, each behind an import's analysis
   * (issue 14: fitness p99 5.8 s under 50 clients).
   */
  flushIfDirty(userId: string): Promise<void> {
    return this.dirty.get(userId)?.size ? this.flush(userId) : Promise.resolve();
  }

  private generations = new Map<string, number>();

  /**
   * Bumped after every write to the user's records, daily loads and period sums (imports, flush,
   * edits, deletes, recomputes): read caches (fitness series, records page) keep what they
   * computed at one generation and drop it when the number moves.
   */
  aggregatesGeneration(userId: string): number {
    return this.generations.get(userId) ?? 0;
  }

  aggregatesChanged(userId: string): void {
    this.generations.set(userId, this.aggregatesGeneration(userId) + 1);
  }

  private recordsCaches = new Map<string, RecordsCache>();

  /**
   * Forget the in-memory records of a user. Called, inside the serial queue, by every change to
   * records other than an import's addToRecords (removals, recomputes), so the cache never
   * disagrees with the table.
   */
  invalidateRecords(userId: string): void {
    this.recordsCaches.delete(userId);
  }

  /** Every user's pending sums (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.dirty.keys()].map((u) => this.flush(u)));
  }

  private async flushNow(userId: string): Promise<void> {
    const set = this.dirty.get(userId);
    if (!set?.size) return;
    this.dirty.delete(userId);
    const timer = this.flushTimers.get(userId);
    if (timer) clearTimeout(timer), this.flushTimers.delete(userId);
    try {
      await refreshAggregatesOf(this.deps.storage, userId, [...set.values()]);
    } finally {
      this.aggregatesChanged(userId);
    }
  }

  private async add(userId: string, activityId: string, fresh?: FreshImport): Promise<MetricsRow | null> {
    const { storage } = this.deps;
    const thresholds = await storage.thresholds.list(userId);
    // Metrics the parser worker computed with the same thresholds are used as they are.
    const pre = fresh && fresh.derived.thresholdsKey === thresholdsKey(thresholds) ? fresh : undefined;
    const built = await buildMetrics(storage, userId, activityId, thresholds, this.now(), pre);
    if (!built) return null;
    await storage.analysis.upsertMetrics(built.row);
    if (fresh) await storage.analysis.insertEfforts(built.efforts);
    else await storage.analysis.replaceEfforts(userId, activityId, built.efforts);
    // Consecutive imports compare against records kept in memory; anything else reads them afresh.
    // Efforts carry their records' sport (a multisport leg's, a pool swim's per pool length).
    const bySport = effortsBySport(built.efforts);
    if (fresh) {
      let cache = this.recordsCaches.get(userId);
      if (!cache) this.recordsCaches.set(userId, (cache = new RecordsCache()));
      try {
        for (const [sport, efforts] of bySport) await addToRecords(storage, userId, sport, efforts, cache);
      } catch (e) {
        this.invalidateRecords(userId); // a failed write may have left the cache ahead of the table
        throw e;
      }
    } else {
      this.invalidateRecords(userId);
      for (const [sport, efforts] of bySport) await addToRecords(storage, userId, sport, efforts);
    }
    // An import defers its sums to the next flush; anything else (ensure, edits) refreshes now.
    // Records changed either way: read caches (records page) must not outlive this.
    if (fresh) {
      this.markDirty(built.row);
      this.aggregatesChanged(userId);
    }
    else {
      await refreshAggregates(storage, built.row);
      this.aggregatesChanged(userId);
    }
    return built.row;
  }

  private async remove(userId: string, activityId: string): Promise<void> {
    const { storage } = this.deps;
    this.invalidateRecords(userId);
    const held = await storage.analysis.recordsHeldBy(userId, activityId);
    const before = await storage.analysis.deleteActivity(userId, activityId);
    await recomputeHeldRecords(storage, userId, held);
    if (before) await refreshAggregates(storage, before);
    this.aggregatesChanged(userId);
  }
}

/** Efforts grouped by the sport of their records. */
export function effortsBySport(efforts: readonly EffortRecordRow[]): Map<string, EffortRecordRow[]> {
  const out = new Map<string, EffortRecordRow[]>();
  for (const e of efforts) (out.get(e.sport) ?? out.set(e.sport, []).get(e.sport)!).push(e);
  return out;
}

type AggregateKey = Pick<MetricsRow, 'userId' | 'day' | 'weekStart' | 'monthStart' | 'yearStart' | 'sport'>;

/** Pending days per user before a flush is forced (bounds memory and staleness in huge imports). */
const MAX_DIRTY_DAYS = 200;
const FLUSH_DELAY_MS = 1000;

/** Re-sums the day and the week/month/year rows (its sport and "all") an activity falls in. */
export async function refreshAggregates(storage: Storage, m: AggregateKey): Promise<void> {
  await refreshAggregatesOf(storage, m.userId, [m]);
}

/** Re-sums every distinct day and week/month/year row (per sport and "all") the activities touch. */
export async function refreshAggregatesOf(storage: Storage, userId: string, ms: readonly AggregateKey[]): Promise<void> {
  const agg = storage.analysisAggregates;
  for (const day of new Set(ms.map((m) => m.day))) await agg.refreshDay(userId, day);
  const periods = new Map<string, { period: 'week' | 'month' | 'year'; start: string; sport: string }>();
  for (const m of ms) {
    for (const sport of [m.sport, ALL_SPORTS]) {
      for (const [period, start] of [['week', m.weekStart], ['month', m.monthStart], ['year', m.yearStart]] as const) periods.set(`${period}|${start}|${sport}`, { period, start, sport });
    }
  }
  for (const p of periods.values()) await agg.refreshPeriod(userId, p.period, p.start, nextPeriodStart(p.period, p.start), p.sport);
}
