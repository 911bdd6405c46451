import { randomUUID } from 'node:crypto';
import type { JobDto, JobPageDto } from '../../../shared/jobs-api.js';
import type { Storage } from '../../storage/port.js';
import type { JobRow } from '../../storage/repos/jobs.repo.js';
import type { EventBus } from './event-bus.js';
import { CANCELLED, type JobContext, type JobHandler, jobDto, type MirroredKind, SHUTDOWN } from './job-types.js';

/** Progress is written to the database at most this often per job (every change is pushed live). */
const PERSIST_EVERY_MS = 500;

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

interface Running {
  abort: AbortController;
  row: JobRow;
  lastPersistMs: number;
  finished: Promise<void>;
}

/**
 * One durable job system (issue 18) for imports from watched folders, recomputes, syncs, backups
 * and cleanups. Every job is a row (jobs table): queued → running → done | failed | cancelled, with
 * progress, result and attempt. A process that stops leaves rows queued or running; `resume()` on
 * the next start runs them again (handlers are written to be idempotent: an import dedupes by
 * content hash, a recompute rewrites the same rows). Cancel aborts the job's signal; retry makes a
 * new row (attempt + 1, retryOf). At most `concurrency` jobs of one kind run at once.
 */
export class JobService {
  private handlers = new Map<string, JobHandler<any>>();
  private mirrored = new Map<string, MirroredKind>();
  private queues = new Map<string, { row: JobRow; resumed: boolean }[]>();
  private running = new Map<string, Running>();
  private waiters = new Map<string, (() => void)[]>();
  private closed = false;

  constructor(private deps: { storage: Storage; bus: EventBus; now?: () => number }) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  register(h: JobHandler<any>): void {
    this.handlers.set(h.kind, h);
  }

  registerMirrored(m: MirroredKind): void {
    this.mirrored.set(m.kind, m);
  }

  private finishListeners: ((job: JobDto, userId: string) => void)[] = [];

  /** Called after every job's end (done, failed, cancelled): notifications of failures. */
  onFinished(fn: (job: JobDto, userId: string) => void): void {
    this.finishListeners.push(fn);
  }

  async enqueue<P>(userId: string, kind: string, params: P, opts: { retryOf?: JobRow } = {}): Promise<JobDto> {
    if (!this.handlers.has(kind)) throw httpError(400, 'bad_request', `no job kind "${kind}"`);
    const t = this.now();
    const row: JobRow = {
      id: randomUUID(),
      userId,
      kind,
      status: 'queued',
      paramsJson: JSON.stringify(params ?? null),
      progressDone: 0,
      progressTotal: 0,
      message: null,
      resultJson: null,
      error: null,
      attempt: opts.retryOf ? opts.retryOf.attempt + 1 : 1,
      retryOf: opts.retryOf?.id ?? null,
      createdAtMs: t,
      startedAtMs: null,
      finishedAtMs: null,
      updatedAtMs: t,
    };
    await this.deps.storage.jobs.insert(row);
    this.emit(row);
    this.push(row, false);
    return jobDto(row);
  }

  /** After a restart: every job a previous process left queued or running runs again. */
  async resume(): Promise<number> {
    let n = 0;
    for (const row of await this.deps.storage.jobs.unfinished()) {
      if (this.running.has(row.id) || this.isQueued(row.id)) continue;
      const m = this.mirrored.get(row.kind);
      if (m) {
        const id = await m.resume(row);
        if (typeof id !== 'string') await this.finishRow(row, id.ended, { message: id.message, error: id.error ?? null });
        else if (id !== row.id) await this.finishRow(row, 'done', { message: `continued as job ${id}` });
        n++;
      } else if (this.handlers.has(row.kind)) {
        this.push(row, true);
        n++;
      } else await this.finishRow(row, 'failed', { error: `interrupted by a restart; no handler for "${row.kind}" any more` });
    }
    return n;
  }

  async get(userId: string, id: string): Promise<JobDto | null> {
    const live = this.running.get(id);
    if (live && live.row.userId === userId) return jobDto(live.row);
    const r = await this.deps.storage.jobs.get(userId, id);
    return r ? jobDto(r) : null;
  }

  async list(userId: string, q: { kind?: string; status?: string; limit: number; offset: number }): Promise<JobPageDto> {
    const page = await this.deps.storage.jobs.list(userId, q);
    return { items: page.items.map((r) => jobDto(this.running.get(r.id)?.row ?? r)), total: page.total, offset: q.offset, limit: q.limit };
  }

  async cancel(userId: string, id: string): Promise<JobDto> {
    const row = (await this.deps.storage.jobs.get(userId, id)) ?? undefined;
    if (!row) throw httpError(404, 'not_found', 'no such job');
    if (row.status !== 'queued' && row.status !== 'running') throw httpError(409, 'conflict', `the job is already ${row.status}`);
    const m = this.mirrored.get(row.kind);
    if (m) {
      m.cancel(id);
      await this.finishRow(row, 'cancelled', { message: 'cancelled' });
      return jobDto(row);
    }
    const live = this.running.get(id);
    if (live) {
      live.abort.abort(CANCELLED);
      await live.finished;
      return jobDto(live.row);
    }
    for (const q of this.queues.values()) {
      const i = q.findIndex((e) => e.row.id === id);
      if (i >= 0) q.splice(i, 1);
    }
    await this.finishRow(row, 'cancelled', { message: 'cancelled before it started' });
    return jobDto(row);
  }

  async retry(userId: string, id: string): Promise<JobDto> {
    const row = await this.deps.storage.jobs.get(userId, id);
    if (!row) throw httpError(404, 'not_found', 'no such job');
    if (row.status !== 'failed' && row.status !== 'cancelled') throw httpError(409, 'conflict', `only a failed or cancelled job can be retried (this one is ${row.status})`);
    const m = this.mirrored.get(row.kind);
    if (m) {
      const newId = await m.retry(row);
      return (await this.get(userId, newId)) ?? { ...jobDto(row), id: newId, status: 'queued' };
    }
    return this.enqueue(userId, row.kind, JSON.parse(row.paramsJson), { retryOf: row });
  }

  /** Resolves when the job has finished (immediately when not queued or running here). */
  waitFor(id: string): Promise<void> {
    if (!this.running.has(id) && !this.isQueued(id) && !this.mirroredActive.has(id)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  /** Newest finished job of a kind (the schedules page's "last result"). */
  lastOf(userId: string, kind: string) {
    return this.deps.storage.jobs.lastOf(userId, kind);
  }

  // ---- journal of mirrored kinds (run elsewhere, recorded here) ----

  private mirroredActive = new Map<string, JobRow>();

  /** Journal hooks for a mirrored kind: the runner reports start, progress and end. */
  journal(kind: string) {
    return {
      started: (id: string, userId: string, params: unknown, retryOf?: string) => {
        if (this.closed) return;
        const t = this.now();
        const existing = this.mirroredActive.get(id);
        const row: JobRow = existing ?? {
          id, userId, kind, status: 'queued', paramsJson: JSON.stringify(params ?? null), progressDone: 0, progressTotal: 0,
          message: null, resultJson: null, error: null, attempt: 1, retryOf: retryOf ?? null, createdAtMs: t, startedAtMs: null, finishedAtMs: null, updatedAtMs: t,
        };
        this.mirroredActive.set(id, row);
        this.journalWrite(id, () =>
          this.deps.storage.jobs.get(userId, id).then(async (prev) => {
            if (prev) {
              Object.assign(row, { ...prev, status: 'queued', attempt: prev.attempt + 1, updatedAtMs: t });
              await this.deps.storage.jobs.update(id, { status: 'queued', attempt: row.attempt, updatedAtMs: t, message: 'resumed after a restart' });
            } else {
              if (retryOf) {
                const orig = await this.deps.storage.jobs.get(userId, retryOf);
                if (orig) row.attempt = orig.attempt + 1;
              }
              await this.deps.storage.jobs.insert(row);
            }
            this.emit(row);
          }),
        );
      },
      /**
       * `checkpoint`: where the job has got to (JSON), persisted with the progress (at most every
       * PERSIST_EVERY_MS), and handed back to `resume(row)` after a kill or a restart.
       */
      progress: (id: string, status: 'running', done: number, total: number, checkpoint?: unknown) => {
        const row = this.mirroredActive.get(id);
        if (!row || this.closed) return;
        const t = this.now();
        const first = row.status !== 'running';
        Object.assign(row, { status, progressDone: done, progressTotal: total, updatedAtMs: t, startedAtMs: row.startedAtMs ?? t });
        if (checkpoint !== undefined) row.checkpointJson = JSON.stringify(checkpoint);
        this.emit(row);
        const last = this.persistedAt.get(id) ?? 0;
        if (first || t - last >= PERSIST_EVERY_MS) {
          this.persistedAt.set(id, t);
          const checkpointJson = row.checkpointJson ?? null;
          this.journalWrite(id, () => this.deps.storage.jobs.update(id, { status, progressDone: done, progressTotal: total, updatedAtMs: t, startedAtMs: row.startedAtMs, checkpointJson }));
        }
      },
      finished: (id: string, status: 'done' | 'failed' | 'cancelled', error?: string) => {
        const row = this.mirroredActive.get(id);
        if (!row || this.closed) return;
        this.mirroredActive.delete(id);
        this.persistedAt.delete(id);
        this.journalWrite(id, () => this.finishRow(row, status, { error: error ?? null }, false));
      },
    };
  }

  private persistedAt = new Map<string, number>();
  private chains = new Map<string, Promise<unknown>>();

  /** A mirrored job's writes in order (insert before updates), whatever the database's timing. */
  private journalWrite(id: string, fn: () => Promise<unknown>) {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(fn);
    const tail = next.catch(() => {});
    this.chains.set(id, tail);
    void tail.then(() => this.chains.get(id) === tail && this.chains.delete(id));
    this.track(next);
  }

  private pending = new Set<Promise<unknown>>();
  private track(p: Promise<unknown>) {
    const q = p.catch((e: unknown) => console.error(`[jobs] journal write failed: ${e instanceof Error ? e.message : String(e)}`)).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  /** Writes still in flight (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /**
   * Shutting down: running jobs are aborted with reason 'shutdown' and their rows stay as they are
   * (queued/running), so the next start resumes them; nothing more is written after this.
   */
  async close(): Promise<void> {
    for (const r of this.running.values()) r.abort.abort(SHUTDOWN);
    await Promise.all([...this.running.values()].map((r) => r.finished));
    await this.settled();
    this.closed = true;
    this.queues.clear();
  }

  // ---- running ----

  private isQueued(id: string): boolean {
    for (const q of this.queues.values()) if (q.some((e) => e.row.id === id)) return true;
    return false;
  }

  private push(row: JobRow, resumed: boolean) {
    const q = this.queues.get(row.kind) ?? [];
    q.push({ row, resumed });
    this.queues.set(row.kind, q);
    this.pump(row.kind);
  }

  private pump(kind: string) {
    if (this.closed) return;
    const h = this.handlers.get(kind);
    const q = this.queues.get(kind);
    if (!h || !q) return;
    const active = [...this.running.values()].filter((r) => r.row.kind === kind).length;
    for (let free = (h.concurrency ?? 1) - active; free > 0 && q.length; free--) {
      const { row, resumed } = q.shift()!;
      this.start(h, row, resumed);
    }
  }

  private start(h: JobHandler<any>, row: JobRow, resumed: boolean) {
    const abort = new AbortController();
    const entry = { abort, row, lastPersistMs: 0 } as Running;
    this.running.set(row.id, entry);
    entry.finished = (async () => {
      const t = this.now();
      Object.assign(row, { status: 'running', startedAtMs: row.startedAtMs ?? t, updatedAtMs: t, attempt: resumed ? row.attempt + 1 : row.attempt, message: resumed ? 'resumed after a restart' : row.message });
      await this.deps.storage.jobs.update(row.id, { status: 'running', startedAtMs: row.startedAtMs, updatedAtMs: t, attempt: row.attempt, message: row.message });
      this.emit(row);
      const ctx: JobContext = {
        id: row.id,
        userId: row.userId,
        params: JSON.parse(row.paramsJson),
        attempt: row.attempt,
        resumed,
        signal: abort.signal,
        progress: (done, total, message) => {
          const now = this.now();
          Object.assign(row, { progressDone: done, progressTotal: total, message: message ?? row.message, updatedAtMs: now });
          this.emit(row);
          if (now - entry.lastPersistMs >= PERSIST_EVERY_MS) {
            entry.lastPersistMs = now;
            this.track(this.deps.storage.jobs.update(row.id, { progressDone: done, progressTotal: total, message: row.message, updatedAtMs: now }));
          }
        },
      };
      try {
        const result = await h.run(ctx);
        if (abort.signal.aborted) throw abort.signal.reason;
        await this.finishRow(row, 'done', { result });
      } catch (e) {
        if (abort.signal.reason === SHUTDOWN) {
          // Left as running in the database: the next start resumes it.
          await this.settled();
          await this.deps.storage.jobs.update(row.id, { progressDone: row.progressDone, progressTotal: row.progressTotal, updatedAtMs: this.now() }).catch(() => {});
        } else if (abort.signal.reason === CANCELLED) await this.finishRow(row, 'cancelled', { message: 'cancelled' });
        else await this.finishRow(row, 'failed', { error: e instanceof Error ? e.message : String(e) });
      } finally {
        this.running.delete(row.id);
        this.pump(row.kind);
      }
    })();
  }

  private async finishRow(row: JobRow, status: 'done' | 'failed' | 'cancelled', o: { result?: unknown; error?: string | null; message?: string }, waitPending = true) {
    const t = this.now();
    Object.assign(row, {
      status,
      finishedAtMs: t,
      updatedAtMs: t,
      error: o.error ?? null,
      resultJson: o.result === undefined ? row.resultJson : JSON.stringify(o.result),
      message: o.message ?? row.message,
    });
    // Progress writes already under way land first (a snapshot: this write may itself be tracked).
    if (waitPending) await Promise.all([...this.pending]);
    await this.deps.storage.jobs.update(row.id, { status, finishedAtMs: t, updatedAtMs: t, error: row.error, resultJson: row.resultJson, message: row.message, progressDone: row.progressDone, progressTotal: row.progressTotal, attempt: row.attempt, startedAtMs: row.startedAtMs });
    this.emit(row);
    for (const fn of this.finishListeners) {
      try {
        fn(jobDto(row), row.userId);
      } catch (e) {
        console.error(`[jobs] finish listener: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const w of this.waiters.get(row.id) ?? []) w();
    this.waiters.delete(row.id);
  }

  private emit(row: JobRow) {
    this.deps.bus.emit(row.userId, 'job', jobDto(row));
  }
}
