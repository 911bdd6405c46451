/**
 * Background recomputation with progress. A threshold change alters zones, TSS and load of the
 * activities it may apply to ("load" mode: efforts and records do not depend on thresholds); a
 * "full" recompute also rebuilds efforts and records (after a change of the maths). Each activity
 * goes through the user's serial queue, so imports and edits interleave safely with a running job,
 * and the event loop stays free between activities (better-sqlite3 is synchronous).
 * Jobs run in memory; a journal (services/jobs, issue 18) persists each one, so a job cut short
 * by a restart is started again under its own id, and can be cancelled or retried from the jobs list.
 */
import { randomUUID } from 'node:crypto';
import type { RecomputeJobDto } from '../../../shared/analysis-api.js';
import type { Storage } from '../../storage/port.js';
import type { EffortRecordRow, MetricsRow } from '../../storage/repos/analysis.repo.js';
import { ANALYSIS_VERSION } from '../../domain/analysis/analysis-version.js';
import { effortsBySport, type AnalysisService } from './analysis.service.js';
import { buildMetrics } from './metrics-builder.js';
import { RecordCandidates } from './records-updater.js';

export type RecomputeMode = 'load' | 'full';

interface Job extends RecomputeJobDto {
  userId: string;
  finished: Promise<void>;
  opts: { mode: RecomputeMode; sport?: string | null };
  cancelled?: boolean;
  resumeFrom?: RecomputeCheckpoint;
}

/** Where jobs are recorded (JobService.journal('recompute')); absent, jobs live in memory only. */
export interface RecomputeJournal {
  started(id: string, userId: string, params: unknown, retryOf?: string): void;
  progress(id: string, status: 'running', done: number, total: number, checkpoint?: RecomputeCheckpoint): void;
  finished(id: string, status: 'done' | 'failed' | 'cancelled', error?: string): void;
}

const PAGE = 1000;

/**
 * Where a recompute had got to: activities are done in id order, so "every id up to `after`" is
 * done (an activity imported meanwhile was computed by its own import). Saved with the progress.
 */
export interface RecomputeCheckpoint {
  after: string;
  done: number;
}

export class RecomputeJobs {
  private jobs = new Map<string, Job>();
  /** One job at a time: a second threshold edit queues behind the first. */
  private chain: Promise<void> = Promise.resolve();

  private journal: RecomputeJournal | null = null;
  private stopped = false;

  constructor(private deps: { storage: Storage; analysis: AnalysisService; now?: () => number }) {}

  setJournal(j: RecomputeJournal | null): void {
    this.journal = j;
  }

  /**
   * Queues a recompute. `id` resumes a journalled job under its own id after a restart. A full
   * recompute of a user that is still queued covers a second one (the stale-data recompute at
   * start and a resumed job are the same work): the queued job's id is returned.
   */
  start(userId: string, opts: { mode: RecomputeMode; sport?: string | null }, o: { id?: string; retryOf?: string; resumeFrom?: RecomputeCheckpoint | null } = {}): RecomputeJobDto {
    if (opts.mode === 'full' && !o.resumeFrom) {
      const queued = [...this.jobs.values()].find((j) => j.userId === userId && j.status === 'queued' && j.opts.mode === 'full' && !j.opts.sport && !j.cancelled);
      if (queued) return this.dto(queued);
    }
    const id = o.id ?? randomUUID();
    const job = { id, userId, status: 'queued', done: 0, total: 0, opts, resumeFrom: o.resumeFrom ?? undefined } as Job;
    this.jobs.set(id, job);
    this.journal?.started(id, userId, opts, o.retryOf);
    job.finished = this.chain = this.chain.then(() => this.run(job, opts));
    return this.dto(job);
  }

  /** Stops a queued or running job between two activities; false when it is not running here. */
  cancel(id: string): boolean {
    const j = this.jobs.get(id);
    if (!j || (j.status !== 'queued' && j.status !== 'running')) return false;
    j.cancelled = true;
    return true;
  }

  /** Shutting down: running jobs stop between activities without being recorded as ended. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * On start: a full recompute for every user with metrics older than ANALYSIS_VERSION (the maths
   * changed since they were computed). Returns the job ids. A job cut short by a shutdown leaves
   * at least one row below the version (see `run`), so the next start finishes it.
   */
  async recomputeStale(): Promise<string[]> {
    const users = await this.deps.storage.analysis.staleUsers(ANALYSIS_VERSION);
    // A recompute the journal holds as unfinished is resumed from its checkpoint (jobs.resume()).
    const journalled = new Set((await this.deps.storage.jobs.unfinished()).filter((j) => j.kind === 'recompute').map((j) => j.userId));
    return users.filter((u) => !journalled.has(u)).map((u) => this.start(u, { mode: 'full' }).id);
  }

  get(userId: string, id: string): RecomputeJobDto | null {
    const j = this.jobs.get(id);
    return j && j.userId === userId ? this.dto(j) : null;
  }

  async waitFor(id: string): Promise<RecomputeJobDto | null> {
    const j = this.jobs.get(id);
    if (!j) return null;
    await j.finished;
    return this.dto(j);
  }

  private dto(j: Job): RecomputeJobDto {
    const d: RecomputeJobDto = { id: j.id, status: j.status, done: j.done, total: j.total };
    if (j.error) d.error = j.error;
    return d;
  }

  private async run(job: Job, opts: { mode: RecomputeMode; sport?: string | null }): Promise<void> {
    const { storage, analysis } = this.deps;
    const { userId } = job;
    if (job.cancelled || this.stopped) {
      job.status = 'failed';
      job.error = 'cancelled';
      if (!this.stopped) this.journal?.finished(job.id, 'cancelled');
      return;
    }
    job.status = 'running';
    this.journal?.progress(job.id, 'running', 0, 0);
    try {
      const ids: string[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await storage.activities.list(userId, { limit: PAGE, offset, sport: opts.sport ?? undefined });
        ids.push(...page.items.map((a) => a.id));
        if (page.items.length < PAGE) break;
      }
      // A stable order, so a checkpoint ("every id up to X is done") means the same after a restart.
      ids.sort();
      job.total = ids.length;
      const thresholds = await storage.thresholds.list(userId);
      const candidates = new RecordCandidates(userId);
      const from = job.resumeFrom;
      const todo = from ? ids.filter((id) => id > from.after) : ids;
      job.done = ids.length - todo.length;
      if (from && opts.mode === 'full') {
        // Records were cleared by the first run: the activities it finished add their stored efforts.
        for (const id of ids) {
          if (id > from.after) break;
          for (const [sport, efforts] of effortsBySport(await storage.analysis.effortsOf(userId, id))) candidates.add(sport, efforts);
        }
      }
      this.journal?.progress(job.id, 'running', job.done, job.total, from);
      if (opts.mode === 'full' && !from) {
        await analysis.queue.run(userId, async () => {
          analysis.invalidateRecords(userId);
          await storage.analysis.clearRecords(userId);
        });
      }
      // The first activity's row is written below the version until the records are rebuilt, so a
      // shutdown in between leaves the user "stale" and the next start redoes the job.
      let marker: MetricsRow | null = null;
      for (const id of todo) {
        await analysis.queue.run(userId, async () => {
          const built = await buildMetrics(storage, userId, id, thresholds, this.deps.now?.() ?? Date.now());
          if (!built) return; // deleted meanwhile
          if (opts.mode === 'full' && !marker && !from) {
            marker = built.row;
            await storage.analysis.upsertMetrics({ ...built.row, analysisVersion: 0 });
          } else await storage.analysis.upsertMetrics(built.row);
          if (opts.mode === 'full') {
            // Rewriting ~110 effort rows into a large, doubly indexed table is most of a full
            // recompute's cost; when the maths did not change, they are identical and stay.
            if (!sameEfforts(await storage.analysis.effortsOf(userId, id), built.efforts)) await storage.analysis.replaceEfforts(userId, id, built.efforts);
            for (const [sport, efforts] of effortsBySport(built.efforts)) candidates.add(sport, efforts);
          }
        });
        job.done++;
        this.journal?.progress(job.id, 'running', job.done, job.total, { after: id, done: job.done });
        await new Promise<void>((r) => setImmediate(r));
        if (this.stopped) return; // the journal keeps it running: the next start redoes it
        if (job.cancelled) throw new Error('cancelled');
      }
      await analysis.queue.run(userId, async () => {
        analysis.invalidateRecords(userId);
        await candidates.mergeInto(storage);
        try {
          await storage.analysisAggregates.rebuildAll(userId);
        } finally {
          analysis.aggregatesChanged(userId);
        }
        if (marker && (await storage.analysis.getMetrics(userId, (marker as MetricsRow).activityId))) await storage.analysis.upsertMetrics(marker);
        if (from && opts.mode === 'full' && ids.length) {
          // Resumed: the first run's marker (the first id) is still below the version.
          const m = await storage.analysis.getMetrics(userId, ids[0]);
          if (m && m.analysisVersion !== ANALYSIS_VERSION) await storage.analysis.upsertMetrics({ ...m, analysisVersion: ANALYSIS_VERSION });
        }
      });
      job.status = 'done';
      this.journal?.finished(job.id, 'done');
    } catch (err) {
      job.status = 'failed';
      job.error = err instanceof Error ? err.message : String(err);
      if (!this.stopped) this.journal?.finished(job.id, job.cancelled ? 'cancelled' : 'failed', job.error);
    }
  }
}

function sameEfforts(a: EffortRecordRow[], b: EffortRecordRow[]): boolean {
  if (a.length !== b.length) return false;
  const key = (e: EffortRecordRow) => `${e.sport}|${e.kind}|${e.key}|${e.value}|${e.year}|${e.startTimeMs}`;
  const have = new Set(a.map(key));
  return b.every((e) => have.has(key(e)));
}
