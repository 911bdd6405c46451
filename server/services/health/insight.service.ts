import { randomUUID } from 'node:crypto';
import type { InsightDto } from '../../../shared/health.js';
import { DETECTORS } from '../../domain/insights/detectors.js';
import { type Detector, type FitnessDay, type InsightContext, type NewRecord, RECENT_DAYS } from '../../domain/insights/insight-types.js';
import { dateOfDayMs, dayMsOf } from '../../ingest/health/wellness-batch.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvent } from '../activity-events.js';
import { HealthQuery } from './health-query.js';

const DAY_MS = 86_400_000;
/** Quiet time after the last activity event before insights run. */
const RUN_DELAY_MS = 500;

export interface InsightServiceDeps {
  storage: Storage;
  /** CTL/ATL/TSB per day (the analysis engine's GET /api/v1/fitness); absent → load detectors stay silent. */
  fitness?: (userId: string, from: string, to: string) => Promise<FitnessDay[]>;
  /** All-time records an activity holds (the analysis engine). */
  recordsOf?: (userId: string, activityId: string) => Promise<NewRecord[]>;
  detectors?: readonly Detector<any>[];
  now?: () => number;
  /** The user's "recent" window in days (notification settings): older new records become one history summary. */
  recentDays?: (userId: string) => Promise<number>;
}

function notFound(): Error {
  return Object.assign(new Error('no such insight'), { statusCode: 404, code: 'not_found' });
}

/**
 * Runs the insight detectors (server/domain/insights) over each user's windowed series and saves
 * what they find with its evidence. Runs after every import and health ingest and on a schedule.
 * Runs for one user never overlap (a second request waits and then runs once more).
 */
export class InsightService {
  private pendingRecords = new Map<string, NewRecord[]>();
  private running = new Map<string, Promise<number>>();
  private queued = new Map<string, Promise<number>>();
  private readonly query: HealthQuery;

  constructor(private readonly deps: InsightServiceDeps) {
    this.query = new HealthQuery(deps.storage);
  }

  /** Where the "recent" window comes from (the notification settings, wired after construction). */
  setRecentDays(fn: (userId: string) => Promise<number>): void {
    this.deps.recentDays = fn;
  }

  private newListeners: ((userId: string, added: InsightDto[]) => void)[] = [];

  /** Called with the insights a run stored (notifications). Never awaited: a listener must not block. */
  onNew(fn: (userId: string, added: InsightDto[]) => void): void {
    this.newListeners.push(fn);
  }

  private get detectors() {
    return this.deps.detectors ?? DETECTORS;
  }

  /**
   * ActivityEvents handler: remember the records the new activity set, then schedule a run in the
   * background. An archive of a thousand activities must not wait for a thousand runs: runs that
   * are requested while one is queued share it.
   */
  async onActivityEvent(e: ActivityEvent): Promise<void> {
    if (e.type !== 'imported') return;
    // Remembered now, looked up when the run starts: a bulk import of a thousand activities
    // costs one run (after the job settles or a short quiet spell), not a thousand.
    if (this.deps.recordsOf) this.pendingActivities.set(e.userId, [...(this.pendingActivities.get(e.userId) ?? []), e.activityId]);
    this.scheduleSoon(e.userId);
  }

  private pendingActivities = new Map<string, string[]>();
  private timers = new Map<string, NodeJS.Timeout>();

  /** A run after `RUN_DELAY_MS` without further activity events (or at `settle`). */
  scheduleSoon(userId: string): void {
    const old = this.timers.get(userId);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.timers.delete(userId);
      // A quiet spell inside an import job: records of old activities wait for the job's end.
      this.deferHistory.add(userId);
      this.schedule(userId);
    }, RUN_DELAY_MS);
    t.unref();
    this.timers.set(userId, t);
  }

  /** The import job ended (ActivityEvents.settle): run now instead of waiting for the timer. */
  settle(userId: string): Promise<void> {
    this.deferHistory.delete(userId);
    const t = this.timers.get(userId);
    if (t) {
      clearTimeout(t);
      this.timers.delete(userId);
      this.schedule(userId);
    } else if (this.historyActivities.get(userId)?.size) this.schedule(userId);
    return Promise.resolve();
  }

  /** Users whose next run happens mid-import (the quiet-spell timer), not at the job's end. */
  private deferHistory = new Set<string>();
  /** Activities older than the recent window, held until the import ends: ONE history summary per import. */
  private historyActivities = new Map<string, Set<string>>();

  /**
   * The records the new activities hold now. Mid-import, those of activities older than the
   * recent window wait (their records may still be beaten by a later file of the same import);
   * at the job's end (or any other run) they are all read, so the history makes one summary.
   */
  private async collectRecords(userId: string, oldestRecentDay: string): Promise<void> {
    const final = !this.deferHistory.delete(userId);
    const held = this.historyActivities.get(userId) ?? new Set<string>();
    const ids = [...(this.pendingActivities.get(userId) ?? []), ...(final ? held : [])];
    this.pendingActivities.delete(userId);
    if (final) this.historyActivities.delete(userId);
    if (!ids.length || !this.deps.recordsOf) return;
    const recs: NewRecord[] = [];
    for (const id of new Set(ids)) {
      const r = await this.deps.recordsOf(userId, id);
      const old = r.some((x) => (x.day ?? new Date(x.startTimeMs).toISOString().slice(0, 10)) < oldestRecentDay);
      if (!final && old) {
        held.add(id);
        this.historyActivities.set(userId, held);
      } else recs.push(...r);
    }
    if (recs.length) this.pendingRecords.set(userId, [...(this.pendingRecords.get(userId) ?? []), ...recs]);
  }

  /** A coalesced background run; errors are logged. */
  schedule(userId: string): void {
    if (this.queued.has(userId)) return;
    const p = (this.running.get(userId) ?? Promise.resolve(0))
      .catch(() => 0)
      .then(() => {
        this.queued.delete(userId);
        return this.run(userId);
      })
      .catch((err: unknown) => {
        console.error(`[insights] ${userId}: ${err instanceof Error ? err.message : String(err)}`);
        return 0;
      });
    this.queued.set(userId, p);
  }

  /** Resolves when no run is queued or running (close, tests). */
  async idle(): Promise<void> {
    for (const u of new Set([...this.timers.keys(), ...this.historyActivities.keys()])) await this.settle(u);
    while (this.queued.size || this.running.size) await Promise.all([...this.queued.values(), ...this.running.values()].map((p) => p.catch(() => 0)));
  }

  /** Runs every detector for the user; returns how many new insights were stored. */
  async run(userId: string): Promise<number> {
    const prev = this.running.get(userId);
    const next = (prev ?? Promise.resolve(0)).catch(() => 0).then(() => this.runOnce(userId));
    this.running.set(userId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(userId) === next) this.running.delete(userId);
    }
  }

  async runAll(): Promise<void> {
    for (const u of await this.deps.storage.health.userIds()) await this.run(u).catch((e) => console.error(`[insights] ${u}: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async runOnce(userId: string): Promise<number> {
    const now = this.deps.now ? this.deps.now() : Date.now();
    const todayMs = Math.floor(now / DAY_MS) * DAY_MS;
    const window = Math.max(...this.detectors.map((d) => d.windowDays));
    const fromMs = todayMs - (window - 1) * DAY_MS;
    const dates = Array.from({ length: window }, (_, i) => dateOfDayMs(fromMs + i * DAY_MS));
    const index = new Map(dates.map((d, i) => [d, i]));
    const daily = await this.query.daily(userId, fromMs, todayMs);
    const cache = new Map<string, (number | null)[]>();
    const series = (metric: string) => {
      let s = cache.get(metric);
      if (!s) {
        s = new Array<number | null>(dates.length).fill(null);
        for (const d of daily.days) if (metric in d.metrics) s[index.get(d.date)!] = d.metrics[metric];
        cache.set(metric, s);
      }
      return s;
    };
    let fitness: (FitnessDay | null)[] | null = null;
    if (this.deps.fitness) {
      try {
        const rows = await this.deps.fitness(userId, dates[0], dates[dates.length - 1]);
        fitness = new Array<FitnessDay | null>(dates.length).fill(null);
        for (const r of rows) if (index.has(r.date)) fitness[index.get(r.date)!] = r;
      } catch {
        fitness = null;
      }
    }
    const recentDays = this.deps.recentDays ? await this.deps.recentDays(userId).catch(() => undefined) : undefined;
    await this.collectRecords(userId, new Date(todayMs - (recentDays ?? RECENT_DAYS) * DAY_MS).toISOString().slice(0, 10));
    const newRecords = this.pendingRecords.get(userId) ?? [];
    this.pendingRecords.delete(userId);
    let added = 0;
    const fresh: InsightDto[] = [];
    for (const d of this.detectors) {
      const offset = dates.length - d.windowDays;
      const ctx: InsightContext = {
        today: dates[dates.length - 1],
        dates: dates.slice(offset),
        daily: (m) => series(m).slice(offset),
        fitness: fitness ? fitness.slice(offset) : null,
        newRecords,
        recentDays,
      };
      const saved = await this.deps.storage.insights.state(userId, d.id);
      const { findings, state } = d.detect(ctx, saved);
      for (const f of findings) {
        const row = { id: randomUUID(), detector: d.id, dedupeKey: f.dedupeKey, dayMs: dayMsOf(f.date), severity: f.severity, title: f.title, message: f.message, evidence: f.evidence, createdAtMs: now };
        const isNew = await this.deps.storage.insights.add(userId, row);
        if (isNew) {
          added++;
          fresh.push({ id: row.id, detector: d.id, date: f.date, severity: f.severity, title: f.title, message: f.message, evidence: f.evidence, createdAt: new Date(now).toISOString(), dismissed: false });
        }
      }
      if (state !== null && state !== undefined) await this.deps.storage.insights.setState(userId, d.id, state, now);
    }
    for (const fn of fresh.length ? this.newListeners : []) {
      try {
        fn(userId, fresh);
      } catch (e) {
        console.error(`[insights] listener: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return added;
  }

  async list(userId: string, includeDismissed: boolean, limit: number): Promise<InsightDto[]> {
    const rows = await this.deps.storage.insights.list(userId, { includeDismissed, limit });
    return rows.map((r) => ({
      id: r.id,
      detector: r.detector,
      date: dateOfDayMs(r.dayMs),
      severity: r.severity as InsightDto['severity'],
      title: r.title,
      message: r.message,
      evidence: r.evidence,
      createdAt: new Date(r.createdAtMs).toISOString(),
      dismissed: r.dismissedAtMs !== null,
    }));
  }

  async dismiss(userId: string, id: string): Promise<void> {
    if (!(await this.deps.storage.insights.dismiss(userId, id, this.deps.now ? this.deps.now() : Date.now()))) throw notFound();
  }
}
