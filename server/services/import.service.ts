import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFileDto, ImportJobDto } from '../../shared/api.js';
import { defaultActivityName } from '../domain/activity-name.js';
import type { Storage } from '../storage/port.js';
import { type OriginalStore, sha256Hex } from './original-store.js';
import type { ActivityEvents } from './activity-events.js';
import type { ParsePool } from './parse-pool.js';

/** A file waiting in a job: where its bytes are and whether the job owns (and later deletes) them. */
export interface JobSource {
  name: string;
  path: string;
  /** Set when the upload was rejected before it reached the job (e.g. over the size limit). */
  rejected?: string;
  owned: boolean;
}

export interface ImportServiceDeps {
  storage: Storage;
  originals: OriginalStore;
  pool: ParsePool;
  /** Folder for uploaded files waiting to be processed (`<dir>/<jobId>/<idx>`). */
  incomingDir: string;
  maxFileBytes: number;
  events: ActivityEvents;
}

type Listener = (job: ImportJobDto) => void;

/**
 * Runs import jobs: one job at a time, files within a job in parallel up to the parser pool size,
 * so parsing uses every core while storage writes stay in order. Every file ends as imported,
 * duplicate, skipped or failed with a reason; one bad file never stops the others.
 */
export class ImportService {
  private sources = new Map<string, JobSource[]>();
  private queue: { jobId: string; userId: string }[] = [];
  private running = false;
  private waiters = new Map<string, (() => void)[]>();
  private listeners = new Map<string, Set<Listener>>();
  private inflight = new Map<string, Promise<unknown>>();

  constructor(private deps: ImportServiceDeps) {}

  /**
   * Registers a job for files already on disk and starts it in the background. Uploads are staged
   * in `<incomingDir>/<id>/<idx>` under the job's own id, so a restart can resume them.
   */
  async createJob(userId: string, sources: JobSource[], id: string = randomUUID()): Promise<string> {
    await this.deps.storage.imports.create({ id, userId, files: sources.map((s) => s.name) });
    this.sources.set(id, sources);
    this.enqueue(id, userId);
    return id;
  }

  /** Imports files or folders (recursively) from the local disk, as the CLI does. */
  async createJobFromPaths(userId: string, paths: string[]): Promise<string> {
    const files: JobSource[] = [];
    const walk = async (p: string) => {
      const st = await stat(p);
      if (st.isDirectory()) {
        for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e));
      } else files.push({ name: basename(p), path: p, owned: false });
    };
    for (const p of paths) await walk(p);
    return this.createJob(userId, files);
  }

  /** Resolves when the job has finished (immediately if unknown or done). */
  waitFor(jobId: string): Promise<void> {
    if (!this.sources.has(jobId)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(jobId) ?? [];
      list.push(resolve);
      this.waiters.set(jobId, list);
    });
  }

  /** Progress callback after every file (CLI progress bar). */
  onProgress(jobId: string, fn: Listener): () => void {
    const set = this.listeners.get(jobId) ?? new Set();
    set.add(fn);
    this.listeners.set(jobId, set);
    return () => set.delete(fn);
  }

  /** After a restart: uploaded files still in the incoming folder are processed; others fail clearly. */
  async resumeUnfinished(): Promise<void> {
    for (const job of await this.deps.storage.imports.unfinished()) {
      if (this.sources.has(job.id)) continue;
      const dto = await this.deps.storage.imports.get(job.userId, job.id);
      if (!dto) continue;
      const dir = join(this.deps.incomingDir, job.id);
      const sources = dto.files.map((f, idx) => {
        const path = join(dir, String(idx));
        return { name: f.name, path, owned: true, rejected: existsSync(path) ? undefined : 'the import was interrupted before this file was saved; please import it again' };
      });
      this.sources.set(job.id, sources);
      this.enqueue(job.id, job.userId);
    }
  }

  private enqueue(jobId: string, userId: string) {
    this.queue.push({ jobId, userId });
    if (!this.running) void this.drain();
  }

  private async drain() {
    this.running = true;
    while (this.queue.length) {
      const { jobId, userId } = this.queue.shift()!;
      try {
        await this.runJob(jobId, userId);
      } catch (e) {
        console.error(`import job ${jobId} stopped: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.sources.delete(jobId);
      for (const w of this.waiters.get(jobId) ?? []) w();
      this.waiters.delete(jobId);
      this.listeners.delete(jobId);
    }
    this.running = false;
  }

  private async runJob(jobId: string, userId: string) {
    const { storage } = this.deps;
    const sources = this.sources.get(jobId) ?? [];
    const job = await storage.imports.get(userId, jobId);
    await storage.imports.setStatus(jobId, 'running');
    const pending = sources.map((s, idx) => ({ s, idx })).filter(({ idx }) => !job || job.files[idx]?.status === 'pending');
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const { s, idx } = pending[next++];
        const result = await this.importOne(userId, s).catch((e: unknown) => ({ name: s.name, status: 'failed' as const, error: `unexpected error: ${e instanceof Error ? e.message : String(e)}` }));
        await storage.imports.setFile(jobId, idx, result);
        if (s.owned) await rm(s.path, { force: true }).catch(() => {});
        await this.notify(jobId, userId);
      }
    };
    // Twice the pool (plus one) in flight, so every worker always has a file queued while the main
    // thread reads, hashes and stores others.
    await Promise.all(Array.from({ length: this.deps.pool.size * 2 + 1 }, worker));
    await storage.imports.setStatus(jobId, 'done');
    await rm(join(this.deps.incomingDir, jobId), { recursive: true, force: true }).catch(() => {});
    await this.notify(jobId, userId);
  }

  private async notify(jobId: string, userId: string) {
    const set = this.listeners.get(jobId);
    if (!set?.size) return;
    const dto = await this.deps.storage.imports.get(userId, jobId);
    if (dto) for (const fn of set) fn(dto);
  }

  /** Imports one file. Never throws for bad input: the result says what happened. */
  async importOne(userId: string, s: JobSource): Promise<ImportFileDto & { sha256?: string }> {
    const { maxFileBytes } = this.deps;
    if (s.rejected) return { name: s.name, status: 'failed', error: s.rejected };
    const size = (await stat(s.path)).size;
    if (size === 0) return { name: s.name, status: 'failed', error: 'the file is empty' };
    if (size > maxFileBytes) return { name: s.name, status: 'failed', error: `the file is larger than the ${Math.round(maxFileBytes / 1048576)} MB limit` };
    const bytes = await readFile(s.path);
    const sha256 = sha256Hex(bytes);
    // The same file twice in one job (or two jobs at once): the second waits for the first.
    const key = `${userId}:${sha256}`;
    const earlier = this.inflight.get(key);
    if (earlier) await earlier.catch(() => {});
    const work = this.importBytes(userId, s, bytes, sha256, size);
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      if (this.inflight.get(key) === work) this.inflight.delete(key);
    }
  }

  private async importBytes(userId: string, s: JobSource, bytes: Buffer, sha256: string, size: number): Promise<ImportFileDto & { sha256?: string }> {
    const { storage, originals, pool } = this.deps;
    const existing = await storage.activities.idsByOriginal(userId, sha256);
    if (existing.length) return { name: s.name, status: 'duplicate', activityId: existing[0], sha256, warnings: ['this exact file was imported before'] };
    // The original is kept before anything else, so even a file we cannot read yet is never lost.
    await originals.put(sha256, bytes);
    const result = await pool.parse(bytes, s.name);
    await storage.originals.upsert({ userId, sha256, fileName: s.name, sizeBytes: size, format: result.kind === 'activities' ? result.activities[0]?.format ?? null : null });
    if (result.kind === 'error') return { name: s.name, status: 'failed', error: result.reason, sha256 };
    if (result.kind === 'skipped') return { name: s.name, status: 'skipped', error: result.reason, sha256 };
    if (!result.activities.length) return { name: s.name, status: 'skipped', error: 'the file holds no activity', sha256 };
    let firstId: string | undefined;
    const warnings = [...result.warnings];
    for (const [i, parsed] of result.activities.entries()) {
      const id = randomUUID();
      const { encoded, ...meta } = parsed;
      const name = meta.name?.trim() || defaultActivityName(meta.startTime, meta.sport, encoded.startLonDeg);
      await storage.activities.insert({ id, userId, originalSha256: sha256, sourceIndex: i, name, parsed: meta, streams: encoded });
      await this.deps.events.emit({ type: 'imported', userId, activityId: id });
      firstId ??= id;
      warnings.push(...parsed.warnings);
    }
    const dto: ImportFileDto & { sha256?: string } = { name: s.name, status: 'imported', activityId: firstId, sha256 };
    if (warnings.length) dto.warnings = [...new Set(warnings)];
    return dto;
  }
}
