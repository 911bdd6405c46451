import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFileDto, ImportJobDto, ImportStatusCounts } from '../../shared/api.js';
import type { Storage } from '../storage/port.js';
import { type OriginalStore, sha256Hex } from './original-store.js';
import type { ActivityEvents } from './activity-events.js';
import type { ParsePool } from './parse-pool.js';
import { type DeriveContext, thresholdsKey } from './derive.js';
import { ActivityStore, type StoreResult } from './activities/activity-store.js';
import { ArchiveImporter, type HealthIngest, isArchiveName, type MetaSource } from './archive/archive-import.js';
import type { ArchiveMeta } from './archive/archive-meta.js';
import { archiveContainers, JobRows, PreviewRows } from './archive/member-rows.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './archive/zip-limits.js';
import type { MemberInput } from './archive/zip-archive.js';
import { gzipStatedSize, isGzip, MAX_ANALYSE_BYTES, notAnActivity, tooLargeToAnalyse } from '../ingest/sniff.js';
import { keepFileAt, scanFile } from './file-scan.js';
import { InflightBytes } from './inflight-bytes.js';
import type { ParseInput } from './parse-pool.js';
import { importManualEntry } from './archive/manual-entry.js';
import { sweepOriginals, sweepStaging } from './original-sweep.js';
import type { ImportPreviewDto } from '../../shared/gear-api.js';

/** How long the thresholds sent to the parse workers are reused during an import. */
const CONTEXT_TTL_MS = 2000;

/**
 * Bytes of files being analysed at once (issue 12, defect 5): a file takes its size, the copy a
 * parse worker receives and the size a gzip says it inflates to, before it is read. With files of
 * ordinary size (0.1–5 MB) every worker stays busy; a file of MAX_ANALYSE_BYTES runs alone.
 */
export const INFLIGHT_BYTES = 96 * 1024 * 1024;
/** What a file held by the import costs in the byte budget besides its bytes (headers, results). */
const FILE_OVERHEAD_BYTES = 64 * 1024;

/** Budget cost of analysing a file of `size` bytes: its bytes, plus what a gzip inflates to (capped). */
function analyseCost(size: number, head: Uint8Array, tail4: Uint8Array, copies: number): number {
  const stated = gzipStatedSize(head, tail4);
  const inflated = stated === null ? 0 : Math.min(MAX_ANALYSE_BYTES, Math.max(stated, size));
  return size * copies + inflated + FILE_OVERHEAD_BYTES;
}

/** The result of a file a cancelled job never started. */
const CANCELLED_BEFORE_IMPORT = 'cancelled before it was imported';

/** A file waiting in a job: where its bytes are and whether the job owns (and later deletes) them. */
export interface JobSource {
  name: string;
  path: string;
  /** Set when the upload was rejected before it reached the job (e.g. over the size limit). */
  rejected?: string;
  /** A row that is a member of an archive in the same job: its container imports it (issue 4). */
  archiveMember?: boolean;
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
  /** Optional (issue 4): receives Garmin export wellness files when the health importer exists. */
  health?: HealthIngest;
  archiveLimits?: ZipLimits;
  /** Byte budget of files analysed at once (INFLIGHT_BYTES). */
  inflightBytes?: number;
}

type Listener = (job: ImportJobDto) => void;

/** Where uploads are journalled (JobService.journal('import'), issue 18: one job system). */
export interface ImportJournal {
  started(id: string, userId: string, params: unknown): void;
  progress(id: string, status: 'running', done: number, total: number): void;
  finished(id: string, status: 'done' | 'failed' | 'cancelled', error?: string): void;
}

/**
 * Runs import jobs: one job at a time, files within a job in parallel up to the parser pool size,
 * so parsing uses every core while storage writes stay in order. Every file ends as imported,
 * duplicate, skipped or failed with a reason; one bad file never stops the others.
 */
export class ImportService {
  private sources = new Map<string, JobSource[]>();
  private queue: { jobId: string; userId: string }[] = [];
  private running = false;
  /** Import jobs waiting or running (/metrics, /health). */
  get queueDepth(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }
  /** Files (and archive members' containers) given a result since start (/metrics files/s). */
  filesDone = 0;
  /** Told each import job's wall time in seconds (the /metrics job-duration histogram). */
  onJobFinished?: (durationS: number) => void;
  private waiters = new Map<string, (() => void)[]>();
  private listeners = new Map<string, Set<Listener>>();
  private inflight = new Map<string, Promise<unknown>>();

  /** Dedupe across sources and archive metadata (issue 4). */
  readonly store: ActivityStore;
  /** Safety limits for zip uploads; tests lower them. */
  archiveLimits: ZipLimits;
  /** Bytes of files in flight, across jobs and previews (issue 12, defect 5). */
  readonly budget: InflightBytes;

  private journal: ImportJournal | null = null;
  /** Jobs that are journalled (HTTP uploads; watched folders and syncs journal their own job). */
  private journalled = new Set<string>();
  private cancelled = new Set<string>();

  setJournal(j: ImportJournal | null): void {
    this.journal = j;
  }

  /**
   * A journalled upload left unfinished by a previous process: `resumeUnfinished` already runs it
   * again; from now on it reports to the journal. One that is no longer unfinished ends at once.
   */
  adoptJournalled(id: string, userId: string, params: unknown): void {
    this.journal?.started(id, userId, params);
    if (this.sources.has(id)) this.journalled.add(id);
    else this.journal?.finished(id, 'done');
  }

  /**
   * Stops a queued or running job between files: files not started end as skipped ("cancelled"),
   * the job ends. False when the job is not queued or running here.
   */
  cancel(id: string): boolean {
    if (!this.sources.has(id)) return false;
    this.cancelled.add(id);
    return true;
  }

  /**
   * Retry of a cancelled upload (issue 18, "cancel and retry"): the files it never started, whose
   * staged copies are still there, become a new journalled job (moved into its staging folder).
   * 409 when there is nothing left to import (all started before the cancel, or the staged copies
   * are gone: swept at a restart or by the staged-upload retention).
   */
  async retryCancelled(userId: string, jobId: string): Promise<string> {
    const dto = await this.deps.storage.imports.get(userId, jobId);
    if (!dto) throw Object.assign(new Error('no such import'), { statusCode: 404, code: 'not_found' });
    const oldDir = join(this.deps.incomingDir, jobId);
    const left = dto.files
      .map((f, idx) => ({ f, idx, path: join(oldDir, String(idx)) }))
      .filter(({ f, path }) => f.status === 'skipped' && f.error === CANCELLED_BEFORE_IMPORT && !f.name.includes(' › ') && existsSync(path));
    if (!left.length) {
      throw Object.assign(new Error('nothing to retry: every file of this upload was imported before the cancel, or the cancelled files are no longer kept (after a restart or the staged-upload retention); upload them again'), { statusCode: 409, code: 'conflict' });
    }
    const id = randomUUID();
    const dir = join(this.deps.incomingDir, id);
    await mkdir(dir, { recursive: true });
    const sources: JobSource[] = [];
    for (const [k, { f, path }] of left.entries()) {
      const to = join(dir, String(k));
      await rename(path, to);
      sources.push({ name: f.name, path: to, owned: true });
    }
    await this.createJob(userId, sources, id, { journal: true });
    await rm(oldDir, { recursive: true, force: true }).catch(() => {});
    return id;
  }

  constructor(private deps: ImportServiceDeps) {
    this.store = new ActivityStore({ storage: deps.storage, events: deps.events });
    this.archiveLimits = deps.archiveLimits ?? DEFAULT_ZIP_LIMITS;
    this.budget = new InflightBytes(deps.inflightBytes ?? INFLIGHT_BYTES);
  }

  /** Wires the Garmin-export wellness path to the health importer (checked at runtime: optional; null unwires it). */
  setHealth(h: unknown): void {
    this.deps.health = h && typeof (h as HealthIngest).ingestGarminExportFile === 'function' ? (h as HealthIngest) : undefined;
  }

  private archiveImporter(dryRun: boolean): ArchiveImporter {
    return new ArchiveImporter({
      limits: this.archiveLimits,
      tmpDir: join(this.deps.incomingDir, 'archives'),
      health: this.deps.health,
      dryRun,
      importFile: (userId, name, member, meta) => this.importMember(userId, name, member, meta, dryRun),
      importManual: (userId, name, meta) => this.importManual(userId, name, meta, dryRun),
      keepMedia: async (bytes) => {
        const sha = sha256Hex(bytes);
        if (!dryRun) await this.deps.originals.put(sha, bytes);
        return sha;
      },
      ensureGear: (userId, g) => (dryRun ? Promise.resolve() : this.deps.storage.gear.ensureByName(userId, g.name, g.kind, g).then(() => undefined)),
      concurrency: this.deps.pool.size * 2 + 1,
    });
  }

  /**
   * Dry run (`?dryRun=true`, `milevault import --dry-run`): what importing these files would do —
   * imported, duplicate, skipped, failed with reasons — without writing anything.
   */
  async preview(userId: string, sources: JobSource[]): Promise<ImportPreviewDto> {
    const rows = new PreviewRows();
    for (const s of sources) {
      const idx = rows.add([s.name]);
      if (isArchiveName(s.name) && !s.rejected) await rows.set(idx, await this.archiveImporter(true).run(userId, s.name, s.path, idx, rows));
      else rows.set(idx, await this.importOne(userId, s, true).catch((e: unknown) => ({ name: s.name, status: 'failed' as const, error: String(e) })));
    }
    return rows.preview();
  }

  /**
   * An archive member: the same path as a loose file, plus the archive's metadata. A member of up to
   * MAX_ANALYSE_BYTES is read into memory once the byte budget has room for it; a larger one is
   * streamed to a temporary file and imported like an uploaded file (kept, "too large to analyse").
   */
  private async importMember(userId: string, name: string, member: MemberInput, meta: MetaSource, dryRun: boolean): Promise<StoreResult> {
    const { maxFileBytes } = this.deps;
    if (member.sizeBytes > maxFileBytes) return { name, status: 'failed', error: `the file is larger than the ${Math.round(maxFileBytes / 1048576)} MB limit` };
    if (member.sizeBytes > MAX_ANALYSE_BYTES) {
      const dir = join(this.deps.incomingDir, 'archives');
      await mkdir(dir, { recursive: true });
      const path = join(dir, `member-${randomUUID()}`);
      try {
        await member.extractTo(path);
        return await this.importOne(userId, { name, path, owned: false }, dryRun, meta);
      } finally {
        await rm(path, { force: true }).catch(() => {});
      }
    }
    // The member's bytes and the worker's copy; a gzip's inflated size is added once it is read.
    let release = await this.budget.acquire(member.sizeBytes * 2 + FILE_OVERHEAD_BYTES);
    try {
      const bytes = await member.read();
      if (!bytes.length) return { name, status: 'failed', error: 'the file is empty' };
      if (isGzip(bytes)) {
        release();
        release = await this.budget.acquire(analyseCost(bytes.length, bytes, bytes.subarray(-4), 2));
      }
      const sha256 = sha256Hex(bytes);
      return await this.once(userId, sha256, () => this.importBytes(userId, { name, path: '', owned: false }, { bytes }, sha256, bytes.length, meta, dryRun));
    } finally {
      release();
    }
  }

  /** The same bytes twice in one job or archive (or two jobs at once): the second waits for the first. */
  private async once<T>(userId: string, sha256: string, fn: () => Promise<T>): Promise<T> {
    const key = `${userId}:${sha256}`;
    const earlier = this.inflight.get(key);
    if (earlier) await earlier.catch(() => {});
    const work = fn();
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      if (this.inflight.get(key) === work) this.inflight.delete(key);
    }
  }

  /** An archive entry without a file: an activity without streams (archive/manual-entry.ts). */
  private importManual(userId: string, name: string, meta: ArchiveMeta, dryRun: boolean): Promise<StoreResult> {
    return importManualEntry({ storage: this.deps.storage, originals: this.deps.originals, store: this.store }, userId, name, meta, dryRun);
  }

  /**
   * Registers a job for files already on disk and starts it in the background. Uploads are staged
   * in `<incomingDir>/<id>/<idx>` under the job's own id, so a restart can resume them.
   */
  async createJob(userId: string, sources: JobSource[], id: string = randomUUID(), opts: { journal?: boolean } = {}): Promise<string> {
    await this.deps.storage.imports.create({ id, userId, files: sources.map((s) => s.name) });
    if (opts.journal && this.journal) {
      this.journalled.add(id);
      this.journal.started(id, userId, { files: sources.length, names: sources.slice(0, 5).map((s) => s.name) });
    }
    // Another job's group commit may hold the new row: the caller (the 202) hears of the job only
    // once a kill can no longer undo it, or the staged files would belong to no job (issue 12).
    await this.deps.storage.durable();
    this.sources.set(id, sources);
    this.enqueue(id, userId);
    return id;
  }

  /** Imports files or folders (recursively) from the local disk, as the CLI does. */
  async createJobFromPaths(userId: string, paths: string[]): Promise<string> {
    return this.createJob(userId, await this.sourcesFromPaths(paths));
  }

  /** `milevault import --dry-run`: the preview of importing these files or folders. */
  async previewPaths(userId: string, paths: string[]): Promise<ImportPreviewDto> {
    return this.preview(userId, await this.sourcesFromPaths(paths));
  }

  private async sourcesFromPaths(paths: string[]): Promise<JobSource[]> {
    const files: JobSource[] = [];
    const walk = async (p: string) => {
      const st = await stat(p);
      if (st.isDirectory()) {
        for (const e of (await readdir(p)).sort()) if (!e.startsWith('.')) await walk(join(p, e));
      } else files.push({ name: basename(p), path: p, owned: false });
    };
    for (const p of paths) await walk(p);
    return files;
  }

  private stopping = false;

  /**
   * Shutting down (services.close): files still in flight finish without recording results that
   * the shutdown cut short, so their rows stay pending and `resumeUnfinished` redoes them.
   */
  stop(): void {
    this.stopping = true;
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

  /**
   * The job as a client may see it: only what is committed (issue 12). Results a group commit
   * still holds read as pending until the commit, so a kill can never undo what was reported.
   */
  jobView(userId: string, id: string, page?: { offset: number; limit: number }): Promise<ImportJobDto | null> {
    if (page) return this.jobPage(userId, id, page.offset, page.limit);
    return this.deps.storage.imports.getCommitted(userId, id);
  }

  /** One page of the job's rows with per-status counts, as committed (GET /imports/:id, issue 12 defect 5). */
  private async jobPage(userId: string, id: string, offset: number, limit: number): Promise<ImportJobDto | null> {
    // The Kysely repository pages in SQL (ImportsPaging in repos/imports.repo.ts); any other slices here.
    const repo = this.deps.storage.imports as Storage['imports'] & { page?(userId: string, id: string, offset: number, limit: number): Promise<ImportJobDto | null> };
    if (repo.page) return repo.page(userId, id, offset, limit);
    const job = await repo.getCommitted(userId, id);
    if (!job) return null;
    const containers = archiveContainers(job.files);
    const counts: ImportStatusCounts = { pending: 0, imported: 0, duplicate: 0, skipped: 0, failed: 0 };
    for (const f of job.files) if (!containers.has(f.name) || f.status === 'failed') counts[f.status]++;
    return { ...job, files: job.files.slice(offset, offset + limit), offset, limit, filesTotal: job.files.length, counts };
  }

  /**
   * After a restart: first the leftovers of the crash are swept (original-sweep.ts: unreferenced
   * originals, staging folders of no job), then every unfinished job resumes. A staged upload is
   * deleted only once its result is durable (runJob), so every accepted file is still there; one
   * that is not (a data folder from before that rule) fails clearly.
   */
  /** Deletes originals no row references and older than an hour (original-sweep.ts); safe while imports run. */
  async sweepOriginals(): Promise<void> {
    const n = await sweepOriginals({ storage: this.deps.storage, originalsDir: this.deps.originals.root, ownWritesInFlight: true }).catch((e: unknown) => {
      console.error(`[imports] sweep of unreferenced originals failed, nothing deleted after the error: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    });
    if (n) console.log(`[imports] swept ${n} unreferenced original file(s)`);
  }

  async resumeUnfinished(): Promise<void> {
    // Staging folders now, before any upload of this process exists; unreferenced originals by
    // sweepOriginals, which a server runs once it listens (it reads every reference of every user).
    const staging = await sweepStaging({ storage: this.deps.storage, incomingDir: this.deps.incomingDir }).catch((e: unknown) => {
      console.error(`[imports] startup sweep of staging folders failed, nothing deleted after the error: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    });
    if (staging) console.log(`[imports] swept ${staging} abandoned staging folder(s)`);
    for (const job of await this.deps.storage.imports.unfinished()) {
      if (this.sources.has(job.id)) continue;
      const dto = await this.deps.storage.imports.get(job.userId, job.id);
      if (!dto) continue;
      const dir = join(this.deps.incomingDir, job.id);
      const containers = dto.files.filter((f) => isArchiveName(f.name)).map((f) => `${f.name} › `);
      const sources = dto.files.map((f, idx) => {
        if (containers.some((c) => f.name.startsWith(c))) return { name: f.name, path: '', owned: false, archiveMember: true };
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
      const started = performance.now();
      try {
        await this.runJob(jobId, userId);
      } catch (e) {
        console.error(`import job ${jobId} stopped: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.onJobFinished?.((performance.now() - started) / 1000);
      if (this.journalled.delete(jobId) && !this.stopping) this.journal?.finished(jobId, this.cancelled.has(jobId) ? 'cancelled' : 'done');
      this.cancelled.delete(jobId);
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
    const pending = sources.map((s, idx) => ({ s, idx })).filter(({ s, idx }) => !s.archiveMember && (!job || job.files[idx]?.status === 'pending'));
    // A staged upload is the only copy of an accepted file until the row recording its result is
    // durable: it is removed after the group commit that holds that row (issue 12, defect 3).
    const removals = new Set<Promise<void>>();
    let unsaved = 0;
    const removeWhenDurable = (path: string) => {
      const p: Promise<void> = storage
        .durable()
        .then(
          () => rm(path, { force: true }).catch(() => {}),
          () => void unsaved++,
        )
        .finally(() => removals.delete(p));
      removals.add(p);
    };
    let next = 0;
    let finished = 0;
    let keptForRetry = 0;
    const total = sources.filter((s) => !s.archiveMember).length;
    const report = () => this.journalled.has(jobId) && this.journal?.progress(jobId, 'running', total - pending.length + ++finished, total);
    if (this.journalled.has(jobId)) this.journal?.progress(jobId, 'running', total - pending.length, total);
    const worker = async () => {
      while (next < pending.length && !this.stopping && !this.cancelled.has(jobId)) {
        const { s, idx } = pending[next++];
        if (isArchiveName(s.name)) {
          // A zip becomes its members: rows appended to this job, each with its own result (issue 4).
          const rows = new JobRows(storage, userId, jobId, () => this.notify(jobId, userId), () => this.stopping);
          const result = await (s.rejected ? rows.failPending(`${s.name} › `, s.rejected).then(() => ({ name: s.name, status: 'failed' as const, error: s.rejected })) : this.archiveImporter(false).run(userId, s.name, s.path, idx, rows)).catch((e: unknown) => ({ name: s.name, status: 'failed' as const, error: `unexpected error: ${e instanceof Error ? e.message : String(e)}` }));
          if (this.stopping) return; // shutting down: the container stays pending and resumes
          await storage.imports.setFile(jobId, idx, result);
          this.filesDone++;
          if (s.owned) removeWhenDurable(s.path);
          await this.notify(jobId, userId);
          report();
          continue;
        }
        const result = await this.importOne(userId, s).catch((e: unknown) => ({ name: s.name, status: 'failed' as const, error: `unexpected error: ${e instanceof Error ? e.message : String(e)}` }));
        if (this.stopping) return; // shutting down: a result cut short is not recorded
        await storage.imports.setFile(jobId, idx, result);
        this.filesDone++;
        if (s.owned) removeWhenDurable(s.path);
        await this.notify(jobId, userId);
        report();
      }
    };
    // Twice the pool (plus one) in flight, so every worker always has a file queued while the main
    // thread reads, hashes and stores others. Writes are group-committed while the job runs.
    const bulk = storage.bulkWrites();
    try {
      await Promise.all(Array.from({ length: this.deps.pool.size * 2 + 1 }, worker));
      if (this.cancelled.has(jobId) && !this.stopping) {
        // Cancelled: the files never started end as skipped, so the job ends (and never resumes).
        // Their staged uploads stay (until housekeeping's staged-upload retention) so that a retry
        // of the job can import them (retryCancelled).
        for (const { s, idx } of pending.slice(next)) {
          await storage.imports.setFile(jobId, idx, { name: s.name, status: 'skipped', error: CANCELLED_BEFORE_IMPORT });
          if (s.owned && !s.archiveMember && !s.rejected) keptForRetry++;
          else if (s.owned) removeWhenDurable(s.path);
        }
      }
      // Deferred derived work (period totals, insights) is finished before the job reports done.
      await this.deps.events.settle(userId);
    } finally {
      bulk.end();
    }
    if (this.stopping) return; // interrupted: the job stays running and resumes on the next start
    // Every result durable (bulk.end committed, unless a repository transaction delays it a tick).
    await storage.durable().catch(() => void unsaved++);
    await Promise.all(removals);
    if (unsaved) {
      // A group commit was rolled back (disk full…): some results are gone, their staged files kept.
      // The job stays running, so the next start redoes those files.
      console.error(`import job ${jobId}: ${unsaved} result(s) could not be saved; the job resumes on the next start`);
      return;
    }
    await storage.imports.setStatus(jobId, 'done');
    // The job is done for clients (and for waitFor) only once that is durable; then its folder goes
    // (unless it holds cancelled files kept for a retry).
    await storage.durable();
    if (!keptForRetry) await rm(join(this.deps.incomingDir, jobId), { recursive: true, force: true }).catch(() => {});
    await this.notify(jobId, userId);
  }

  private async notify(jobId: string, userId: string) {
    const set = this.listeners.get(jobId);
    if (!set?.size) return;
    const dto = await this.deps.storage.imports.get(userId, jobId);
    if (dto) for (const fn of set) fn(dto);
  }

  private contexts = new Map<string, { atMs: number; ctx: Promise<DeriveContext> }>();

  /**
   * The user's thresholds for the parse workers, read at most every CONTEXT_TTL_MS during a bulk
   * import. A change in between is harmless: the analysis handler compares the fingerprint with
   * the thresholds it reads and recomputes from the stored streams when they differ.
   */
  private deriveContext(userId: string): Promise<DeriveContext> {
    const now = Date.now();
    const hit = this.contexts.get(userId);
    if (hit && now - hit.atMs < CONTEXT_TTL_MS) return hit.ctx;
    const ctx = Promise.all([this.deps.storage.thresholds.list(userId), this.store.localTime.settingZone(userId)]).then(([thresholds, timeZone]) => ({ thresholds, thresholdsKey: thresholdsKey(thresholds), timeZone }));
    this.contexts.set(userId, { atMs: now, ctx });
    ctx.catch(() => this.contexts.delete(userId));
    return ctx;
  }

  /**
   * Imports one file. Never throws for bad input: the result says what happened. The file is never
   * read whole into this thread (issue 12, defect 5): it is hashed as a stream, its first bytes decide
   * whether it can be an activity at all, and the parse worker reads it from its path. A file that is
   * plainly something else, or larger than MAX_ANALYSE_BYTES, is kept as an original and fails
   * without being decoded.
   */
  async importOne(userId: string, s: JobSource, dryRun = false, meta: MetaSource = null): Promise<ImportFileDto & { sha256?: string }> {
    const { maxFileBytes } = this.deps;
    if (s.rejected) return { name: s.name, status: 'failed', error: s.rejected };
    // Synchronous: a metadata lookup of microseconds, where the promise version cost the database
    // thread ~0.1 ms per file in thread-pool round trips (measured importing 500 files).
    const size = statSync(s.path).size;
    if (size === 0) return { name: s.name, status: 'failed', error: 'the file is empty' };
    if (size > maxFileBytes) return { name: s.name, status: 'failed', error: `the file is larger than the ${Math.round(maxFileBytes / 1048576)} MB limit` };
    const { sha256, head, tail4 } = await scanFile(s.path, size);
    // HRV app exports (.csv) are no activity but go to the health importer after the parse (issue 7).
    const refuse = (/\.csv$/i.test(s.name) ? null : notAnActivity(head, s.name)) ?? (size > MAX_ANALYSE_BYTES ? tooLargeToAnalyse(size) : null);
    // Decoded files hold their bytes in the worker (read from the path there); refused ones nothing.
    const cost = refuse ? FILE_OVERHEAD_BYTES : analyseCost(size, head, tail4, 1);
    return this.budget.with(cost, () => this.once(userId, sha256, () => this.importBytes(userId, s, { path: s.path, refuse }, sha256, size, meta, dryRun)));
  }

  private async importBytes(userId: string, s: JobSource, input: { bytes: Buffer } | { path: string; refuse: string | null }, sha256: string, size: number, metaSource: MetaSource = null, dryRun = false): Promise<ImportFileDto & { sha256?: string }> {
    const { storage, originals, pool } = this.deps;
    const existing = await storage.activities.idsByOriginal(userId, sha256);
    if (existing.length) {
      // Seen before (e.g. an interrupted archive import run again): finish its metadata and merges.
      if (!dryRun) {
        const start = typeof metaSource === 'function' ? Date.parse((await storage.activities.get(userId, existing[0]))?.startTime ?? '') : NaN;
        const meta = typeof metaSource === 'function' ? (Number.isFinite(start) ? metaSource(start) : null) : metaSource;
        await this.store.settle(userId, existing[0], meta, { sha256, fileName: s.name });
      }
      return { name: s.name, status: 'duplicate', activityId: existing[0], sha256, warnings: ['this exact file was imported before'] };
    }
    if ('refuse' in input && input.refuse) {
      // Not decoded (not an activity by its first bytes, or too large): kept all the same, by copy.
      if (!dryRun) {
        await keepFileAt(input.path, originals.pathOf(sha256));
        await storage.originals.upsert({ userId, sha256, fileName: s.name, sizeBytes: size, format: null });
      }
      return { name: s.name, status: 'failed', error: input.refuse, sha256 };
    }
    // The original is kept before anything else, so even a file we cannot read yet is never lost:
    // the parse worker writes it before decoding (no file I/O on the database thread), and if the
    // worker could not (it crashed, timed out), it is written here before the result is used.
    // The worker derives analysis and route track too, with the user's current thresholds. A file
    // on disk is read by the worker from its path, never copied through this thread.
    const source: ParseInput = 'bytes' in input ? { bytes: input.bytes } : { path: input.path };
    const { result, kept } = dryRun
      ? { result: await pool.parse(source, s.name), kept: true }
      : await pool.parseKeeping(source, s.name, await this.deriveContext(userId), originals.pathOf(sha256));
    if (!kept) await ('bytes' in input ? originals.put(sha256, input.bytes) : keepFileAt(input.path, originals.pathOf(sha256)));
    if (!dryRun) await storage.originals.upsert({ userId, sha256, fileName: s.name, sizeBytes: size, format: result.kind === 'activities' ? result.activities[0]?.format ?? null : null });
    // Wellness FIT (a watch's GARMIN/Monitor, Sleep, Metrics… folders) and HRV app CSVs go to the health importer (issue 7).
    type HealthHook = (u: string, n: string, b: Uint8Array) => Promise<{ status: string; error?: string }>;
    const hh = this.deps.health as { ingestFit?: HealthHook; ingestHrvCsv?: HealthHook } | undefined;
    const wellness = result.kind === 'skipped' && /^(monitoring|weight|type_(44|49|68))/.test(result.fileType) ? hh?.ingestFit : result.kind !== 'activities' && /\.csv$/i.test(s.name) ? hh?.ingestHrvCsv : undefined;
    if (wellness) {
      if (dryRun) return { name: s.name, status: 'imported', sha256, warnings: ['wellness data: would be stored in Health'] };
      // Wellness files are small FIT/CSV files (under MAX_ANALYSE_BYTES, checked above).
      const h = await wellness.call(hh, userId, s.name, 'bytes' in input ? input.bytes : await readFile(input.path));
      if (h.status === 'imported') return { name: s.name, status: 'imported', sha256, warnings: ['wellness data (not an activity): stored in Health'] };
    }
    if (result.kind === 'error') return { name: s.name, status: 'failed', error: result.reason, sha256 };
    if (result.kind === 'skipped') return { name: s.name, status: 'skipped', error: result.reason, sha256 };
    if (!result.activities.length) return { name: s.name, status: 'skipped', error: 'the file holds no activity', sha256 };
    let firstId: string | undefined;
    const warnings = [...result.warnings];
    let status: ImportFileDto['status'] = 'duplicate';
    const meta = typeof metaSource === 'function' ? metaSource(Date.parse(result.activities[0].startTime)) : metaSource;
    for (const [i, parsed] of result.activities.entries()) {
      // Dedupe across sources and archive metadata live in ActivityStore (issue 4).
      const r = await this.store.save({ userId, sha256, sourceIndex: i, fileName: s.name, parsed, meta: i === 0 ? meta : null, dryRun });
      if (r.status === 'imported') status = 'imported';
      firstId ??= r.activityId;
      warnings.push(...parsed.warnings, ...(r.warnings ?? []));
    }
    const dto: ImportFileDto & { sha256?: string } = { name: s.name, status, activityId: firstId, sha256 };
    if (warnings.length) dto.warnings = [...new Set(warnings)];
    return dto;
  }
}
