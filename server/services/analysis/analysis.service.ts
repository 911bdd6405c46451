/**
 * Keeps the analysis tables in step with the activities: per-activity metrics and efforts,
 * records, daily load and period totals react to the imported/updated/deleted events
 * (activity-events.ts). Every change for a user runs through one serial queue, so records and
 * sums never see two half-applied activities.
 */
import type { ActivityEvent } from '../activity-events.js';
import type { Storage } from '../../storage/port.js';
import { ALL_SPORTS } from '../../storage/repos/analysis-aggregates.repo.js';
import type { MetricsRow } from '../../storage/repos/analysis.repo.js';
import { nextPeriodStart } from '../../domain/analysis/dates.js';
import { buildMetrics } from './metrics-builder.js';
import { addToRecords, recomputeHeldRecords } from './records-updater.js';
import { SerialQueue } from './serial-queue.js';

/** Fields whose change alters the analysis; a rename does not (the calendar joins the live name). */
const ANALYSED_FIELDS = new Set(['sport', 'subSport', 'startTime']);

export class AnalysisService {
  readonly queue = new SerialQueue();

  constructor(private deps: { storage: Storage; now?: () => number }) {}

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /** The ActivityEvents handler (registered in createServices). */
  async onEvent(e: ActivityEvent): Promise<void> {
    if (e.type === 'imported') await this.queue.run(e.userId, () => this.add(e.userId, e.activityId));
    else if (e.type === 'deleted') await this.queue.run(e.userId, () => this.remove(e.userId, e.activityId));
    else if (e.fields.some((f) => ANALYSED_FIELDS.has(f))) {
      await this.queue.run(e.userId, async () => {
        await this.remove(e.userId, e.activityId);
        await this.add(e.userId, e.activityId);
      });
    }
  }

  /** Computes an activity that has no metrics yet (imported before the analysis existed). */
  ensure(userId: string, activityId: string): Promise<MetricsRow | null> {
    return this.queue.run(userId, async () => (await this.deps.storage.analysis.getMetrics(userId, activityId)) ?? (await this.add(userId, activityId)));
  }

  private async add(userId: string, activityId: string): Promise<MetricsRow | null> {
    const { storage } = this.deps;
    const thresholds = await storage.thresholds.list(userId);
    const built = await buildMetrics(storage, userId, activityId, thresholds, this.now());
    if (!built) return null;
    await storage.analysis.upsertMetrics(built.row);
    await storage.analysis.replaceEfforts(userId, activityId, built.efforts);
    await addToRecords(storage, userId, built.row.sport, built.efforts);
    await refreshAggregates(storage, built.row);
    return built.row;
  }

  private async remove(userId: string, activityId: string): Promise<void> {
    const { storage } = this.deps;
    const held = await storage.analysis.recordsHeldBy(userId, activityId);
    const before = await storage.analysis.deleteActivity(userId, activityId);
    await recomputeHeldRecords(storage, userId, held);
    if (before) await refreshAggregates(storage, before);
  }
}

/** Re-sums the day and the week/month/year rows (its sport and "all") an activity falls in. */
export async function refreshAggregates(storage: Storage, m: Pick<MetricsRow, 'userId' | 'day' | 'weekStart' | 'monthStart' | 'yearStart' | 'sport'>): Promise<void> {
  const agg = storage.analysisAggregates;
  await agg.refreshDay(m.userId, m.day);
  const periods = [
    ['week', m.weekStart],
    ['month', m.monthStart],
    ['year', m.yearStart],
  ] as const;
  for (const sport of [m.sport, ALL_SPORTS]) {
    for (const [period, start] of periods) await agg.refreshPeriod(m.userId, period, start, nextPeriodStart(period, start), sport);
  }
}
