import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DeriveContext } from './derive.js';
import type { PreparedParseResult as ParseResult } from './prepare-result.js';

const WORKER_YOUNG_GENERATION_MB = 12;

/** What a worker decodes: bytes in memory (an archive member) or a file it reads itself. */
export type ParseInput = { bytes: Uint8Array } | { path: string };

interface Task {
  id: number;
  input: ParseInput;
  fileName: string;
  context?: DeriveContext;
  keepAt?: string;
  resolve(r: ParseResult, kept: boolean): void;
}

interface Slot {
  worker: Worker;
  /** Posted to this worker, oldest first: the head is being decoded, the rest wait in its port. */
  tasks: Task[];
  /** Timeout of the head task. */
  timer: NodeJS.Timeout | null;
}

/**
 * Files posted to a worker ahead of the one it is decoding. The main thread stores results in
 * synchronous runs of a few ms (better-sqlite3 answers Kysely with resolved promises, so a whole
 * save is one macrotask); with one file per worker, a worker that finished during such a run
 * waited for it to end before it got the next file. Measured on 500 one-hour files the change in
 * throughput was within this VM's noise (the two cores were already busy); it is kept because a
 * worker's next file no longer depends on when the database thread gets to hand it over.
 */
const TASKS_PER_WORKER = 2;

/**
 * A fixed pool of parser worker threads. A file that hangs a worker past `timeoutMs` or kills it
 * fails on its own with a clear reason; the worker is replaced and other files go on.
 */
export class ParsePool {
  readonly size: number;
  private slots: Slot[] = [];
  private queue: Task[] = [];
  /** Files waiting for a worker and files being decoded (/metrics). */
  get load(): { queued: number; busy: number } {
    return { queued: this.queue.length, busy: this.slots.reduce((n, s) => n + s.tasks.length, 0) };
  }
  private nextId = 1;
  /** Workers replaced after a file that left much memory behind (see recycle). */
  recycled = 0;
  /** Workers replaced after a crash or a hang (the /metrics parse-worker restarts counter). */
  restarts = 0;
  private closed = false;

  constructor(opts: { size?: number; timeoutMs?: number } = {}) {
    this.size = Math.max(1, opts.size ?? availableParallelism());
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    // Workers start with the first file, not with the server: loading the parser in each thread
    // competed for the cores with the server's own start (issue 14: ready time).
  }
  private readonly timeoutMs: number;

  private spawn(): Slot {
    // Built code runs parse.worker.js; from source (tests, tsx) a .mjs bootstrap registers tsx
    // inside the thread first, because loader flags do not reach worker threads on Node 20.
    const here = import.meta.url;
    // A 12 MB young generation (V8's default is several times larger): parsing makes short-lived
    // garbage, and each worker holding less of it keeps a 5,000-activity import under 300 MB RSS
    // (measured 252 MB with the 8 MB SQLite cache; 374 MB with V8's and a 64 MB cache) for about
    // 2 % more import time.
    const worker = new Worker(new URL(here.endsWith('.ts') ? './parse-worker-dev.mjs' : './parse.worker.js', here), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    worker.unref();
    const slot: Slot = { worker, tasks: [], timer: null };
    worker.on('message', (msg: { id: number; result: ParseResult; kept?: boolean; recycle?: boolean }) => {
      if (slot.tasks[0]?.id !== msg.id) return;
      if (msg.recycle) this.recycle(slot, msg.result, msg.kept === true);
      else this.finish(slot, msg.result, msg.kept === true);
    });
    worker.on('error', (err) => this.replace(slot, `the parser crashed on this file (${err.message})`));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) this.replace(slot, `the parser stopped unexpectedly on this file (exit ${code})`);
    });
    return slot;
  }

  /** The head task's clock starts when the worker starts on it: when the one before it ended. */
  private armTimer(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.tasks.length ? setTimeout(() => this.replace(slot, `decoding took longer than ${this.timeoutMs / 1000} s; the file looks corrupt`), this.timeoutMs) : null;
  }

  private finish(slot: Slot, result: ParseResult, kept = false) {
    const task = slot.tasks.shift();
    this.armTimer(slot);
    task?.resolve(result, kept);
    this.pump();
  }

  /**
   * The worker finished a file that left much memory behind (parse.worker.ts): its result stands,
   * the thread is replaced so the memory goes back to the system. Files posted behind it (at most
   * TASKS_PER_WORKER - 1) go to the front of the queue; one it had started is decoded again.
   */
  private recycle(slot: Slot, result: ParseResult, kept: boolean) {
    const idx = this.slots.indexOf(slot);
    if (idx < 0 || this.closed) return this.finish(slot, result, kept);
    const [task, ...waiting] = slot.tasks;
    if (slot.timer) clearTimeout(slot.timer);
    slot.tasks = [];
    slot.timer = null;
    void slot.worker.terminate();
    this.slots[idx] = this.spawn();
    this.recycled++;
    this.queue.unshift(...waiting);
    task?.resolve(result, kept);
    this.pump();
  }

  /**
   * The head task crashed or hung the worker: it fails alone. Tasks queued behind it never
   * started; they go back to the front of the queue for the new worker.
   */
  private replace(slot: Slot, reason: string) {
    const idx = this.slots.indexOf(slot);
    if (idx < 0 || this.closed) return;
    const [task, ...waiting] = slot.tasks;
    if (slot.timer) clearTimeout(slot.timer);
    slot.tasks = [];
    slot.timer = null;
    void slot.worker.terminate();
    this.slots[idx] = this.spawn();
    this.restarts++;
    this.queue.unshift(...waiting);
    task?.resolve({ kind: 'error', reason }, false);
    this.pump();
  }

  private pump() {
    while (!this.closed && this.queue.length && this.slots.length < this.size) this.slots.push(this.spawn());
    // Fill every worker to one task first, then the second (prefetch) task: a short queue is
    // spread over all workers instead of stacking on the first.
    for (let depth = 1; depth <= TASKS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.tasks.length >= depth || !this.queue.length) continue;
        const task = this.queue.shift()!;
        slot.tasks.push(task);
        if (slot.tasks.length === 1) this.armTimer(slot);
        const base = { id: task.id, fileName: task.fileName, context: task.context, keepAt: task.keepAt };
        if ('path' in task.input) {
          // The worker reads the file itself: its bytes never pass through this thread.
          slot.worker.postMessage({ ...base, path: task.input.path });
          continue;
        }
        // Copy into a fresh buffer we can transfer (Node Buffers may share a pooled ArrayBuffer).
        const copy = new Uint8Array(task.input.bytes.byteLength);
        copy.set(task.input.bytes);
        slot.worker.postMessage({ ...base, bytes: copy }, [copy.buffer]);
      }
    }
  }

  /** Decodes a file; with a context the worker also derives analysis and route track (derive.ts). */
  parse(bytes: Uint8Array | ParseInput, fileName: string, context?: DeriveContext): Promise<ParseResult> {
    return this.parseKeeping(bytes, fileName, context).then((r) => r.result);
  }

  /**
   * Like `parse`, and the worker first keeps the file at `keepAt` (an original-store path) so the
   * database thread does no file I/O. `kept: false` (worker crashed, timed out, could not write):
   * the caller keeps the original itself.
   */
  parseKeeping(source: Uint8Array | ParseInput, fileName: string, context?: DeriveContext, keepAt?: string): Promise<{ result: ParseResult; kept: boolean }> {
    if (this.closed) return Promise.resolve({ result: { kind: 'error', reason: 'the server is shutting down' }, kept: false });
    const input: ParseInput = source instanceof Uint8Array ? { bytes: source } : source;
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, input, fileName, context, keepAt, resolve: (result, kept) => resolve({ result, kept }) });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.resolve({ kind: 'error', reason: 'the server is shutting down' }, false);
    await Promise.all(
      this.slots.map(async (s) => {
        for (const t of s.tasks.splice(0)) t.resolve({ kind: 'error', reason: 'the server is shutting down' }, false);
        if (s.timer) clearTimeout(s.timer);
        await s.worker.terminate();
      }),
    );
  }
}
