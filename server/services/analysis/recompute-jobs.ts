/**
 * Background recomputation with progress. A threshold change alters zones, TSS and load of the
 * activities it may apply to ("load" mode: efforts and records do not depend on thresholds); a
 * "full" recompute also rebuilds efforts and records (after a change of the maths). Each activity
 * goes through the user's serial queue, so imports and edits interleave safely with a running job,
 * and the event loop stays free between activities (better-sqlite3 is synchronous).
 * Jobs live in memory: after a restart nothing is half-done that a new recompute would not redo.
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
}

const PAGE = 1000;

export class RecomputeJobs {
  private jobs = new Map<string, Job>();
  /** One job at a time: a second threshold edit queues behind the first. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private deps: { storage: Storage; analysis: AnalysisService; now?: () => number }) {}

  start(userId: string, opts: { mode: RecomputeMode; sport?: string | null }): RecomputeJobDto {
    const id = randomUUID();
    const job = { id, userId, status: 'queued', done: 0, total: 0 } as Job;
    job.finished = this.chain = this.chain.then(() => this.run(job, opts));
    this.jobs.set(id, job);
    return this.dto(job);
  }

  /**
   * On start: a full recompute for every user with metrics older than ANALYSIS_VERSION (the maths
   * changed since they were computed). Returns the job ids. A job cut short by a shutdown leaves
   * at least one row below the version (see `run`), so the next start finishes it.
   */
  async recomputeStale(): Promise<string[]> {
    const users = await this.deps.storage.analysis.staleUsers(ANALYSIS_VERSION);
    return users.map((u) => this.start(u, { mode: 'full' }).id);
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
    job.status = 'running';
    try {
      const ids: string[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await storage.activities.list(userId, { limit: PAGE, offset, sport: opts.sport ?? undefined });
        ids.push(...page.items.map((a) => a.id));
        if (page.items.length < PAGE) break;
      }
      job.total = ids.length;
      const thresholds = await storage.thresholds.list(userId);
      const candidates = new RecordCandidates(userId);
      if (opts.mode === 'full') {
        await analysis.queue.run(userId, async () => {
          analysis.invalidateRecords(userId);
          await storage.analysis.clearRecords(userId);
        });
      }
      // The first activity's row is written below the version until the records are rebuilt, so a
      // shutdown in between leaves the user "stale" and the next start redoes the job.
      let marker: MetricsRow | null = null;
      for (const id of ids) {
        await analysis.queue.run(userId, async () => {
          const built = await buildMetrics(storage, userId, id, thresholds, this.deps.now?.() ?? Date.now());
          if (!built) return; // deleted meanwhile
          if (opts.mode === 'full' && !marker) {
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
        await new Promise<void>((r) => setImmediate(r));
      }
      await analysis.queue.run(userId, async () => {
        analysis.invalidateRecords(userId);
        await candidates.mergeInto(storage);
        await storage.analysisAggregates.rebuildAll(userId);
        if (marker && (await storage.analysis.getMetrics(userId, (marker as MetricsRow).activityId))) await storage.analysis.upsertMetrics(marker);
      });
      job.status = 'done';
    } catch (err) {
      job.status = 'failed';
      job.error = err instanceof Error ? err.message : String(err);
    }
  }
}

function sameEfforts(a: EffortRecordRow[], b: EffortRecordRow[]): boolean {
  if (a.length !== b.length) return false;
  const key = (e: EffortRecordRow) => `${e.sport}|${e.kind}|${e.key}|${e.value}|${e.year}|${e.startTimeMs}`;
  const have = new Set(a.map(key));
  return b.every((e) => have.has(key(e)));
}
