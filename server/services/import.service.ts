import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFileDto, ImportJobDto } from '../../shared/api.js';
import type { Storage } from '../storage/port.js';
import { type OriginalStore, sha256Hex } from './original-store.js';
import type { ActivityEvents } from './activity-events.js';
import type { ParsePool } from './parse-pool.js';
import { type DeriveContext, thresholdsKey } from './derive.js';
import { ActivityStore, type StoreResult } from './activities/activity-store.js';
import { ArchiveImporter, type HealthIngest, isArchiveName, type MetaSource } from './archive/archive-import.js';
import type { ArchiveMeta } from './archive/archive-meta.js';
import { JobRows, PreviewRows } from './archive/member-rows.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './archive/zip-limits.js';
import { importManualEntry } from './archive/manual-entry.js';
import { sweepOrphans } from './original-sweep.js';
import type { ImportPreviewDto } from '../../shared/gear-api.js';

/** How long the thresholds sent to the parse workers are reused during an import. */
const CONTEXT_TTL_MS = 2000;

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

  /** Dedupe across sources and archive metadata (issue 4). */
  readonly store: ActivityStore;
  /** Safety limits for zip uploads; tests lower them. */
  archiveLimits: ZipLimits;

  constructor(private deps: ImportServiceDeps) {
    this.store = new ActivityStore({ storage: deps.storage, events: deps.events });
    this.archiveLimits = deps.archiveLimits ?? DEFAULT_ZIP_LIMITS;
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
      importFile: (userId, name, bytes, meta) => this.importMemberBytes(userId, name, bytes, meta, dryRun),
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

  /** An archive member (bytes already read): same path as a loose file, plus the archive's metadata. */
  private async importMemberBytes(userId: string, name: string, bytes: Buffer, meta: MetaSource, dryRun: boolean): Promise<StoreResult> {
    if (!bytes.length) return { name, status: 'failed', error: 'the file is empty' };
    if (bytes.length > this.deps.maxFileBytes) return { name, status: 'failed', error: `the file is larger than the ${Math.round(this.deps.maxFileBytes / 1048576)} MB limit` };
    const sha256 = sha256Hex(bytes);
    // The same bytes twice in one archive (or a loose copy importing at the same moment): one at a time.
    const key = `${userId}:${sha256}`;
    const earlier = this.inflight.get(key);
    if (earlier) await earlier.catch(() => {});
    const work = this.importBytes(userId, { name, path: '', owned: false }, bytes, sha256, bytes.length, meta, dryRun);
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
  async createJob(userId: string, sources: JobSource[], id: string = randomUUID()): Promise<string> {
    await this.deps.storage.imports.create({ id, userId, files: sources.map((s) => s.name) });
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
  jobView(userId: string, id: string): Promise<ImportJobDto | null> {
    return this.deps.storage.imports.getCommitted(userId, id);
  }

  /**
   * After a restart: first the leftovers of the crash are swept (original-sweep.ts: unreferenced
   * originals, staging folders of no job), then every unfinished job resumes. A staged upload is
   * deleted only once its result is durable (runJob), so every accepted file is still there; one
   * that is not (a data folder from before that rule) fails clearly.
   */
  async resumeUnfinished(): Promise<void> {
    const swept = await sweepOrphans({ storage: this.deps.storage, originalsDir: this.deps.originals.root, incomingDir: this.deps.incomingDir }).catch((e: unknown) => {
      console.error(`[imports] startup sweep failed, nothing deleted after the error: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    if (swept && (swept.originals || swept.staging)) console.log(`[imports] swept ${swept.originals} unreferenced original file(s) and ${swept.staging} abandoned staging folder(s)`);
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
    const worker = async () => {
      while (next < pending.length && !this.stopping) {
        const { s, idx } = pending[next++];
        if (isArchiveName(s.name)) {
          // A zip becomes its members: rows appended to this job, each with its own result (issue 4).
          const rows = new JobRows(storage, userId, jobId, () => this.notify(jobId, userId), () => this.stopping);
          const result = await (s.rejected ? rows.failPending(`${s.name} › `, s.rejected).then(() => ({ name: s.name, status: 'failed' as const, error: s.rejected })) : this.archiveImporter(false).run(userId, s.name, s.path, idx, rows)).catch((e: unknown) => ({ name: s.name, status: 'failed' as const, error: `unexpected error: ${e instanceof Error ? e.message : String(e)}` }));
          if (this.stopping) return; // shutting down: the container stays pending and resumes
          await storage.imports.setFile(jobId, idx, result);
          if (s.owned) removeWhenDurable(s.path);
          await this.notify(jobId, userId);
          continue;
        }
        const result = await this.importOne(userId, s).catch((e: unknown) => ({ name: s.name, status: 'failed' as const, error: `unexpected error: ${e instanceof Error ? e.message : String(e)}` }));
        if (this.stopping) return; // shutting down: a result cut short is not recorded
        await storage.imports.setFile(jobId, idx, result);
        if (s.owned) removeWhenDurable(s.path);
        await this.notify(jobId, userId);
      }
    };
    // Twice the pool (plus one) in flight, so every worker always has a file queued while the main
    // thread reads, hashes and stores others. Writes are group-committed while the job runs.
    const bulk = storage.bulkWrites();
    try {
      await Promise.all(Array.from({ length: this.deps.pool.size * 2 + 1 }, worker));
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
    // The job is done for clients (and for waitFor) only once that is durable; then its folder goes.
    await storage.durable();
    await rm(join(this.deps.incomingDir, jobId), { recursive: true, force: true }).catch(() => {});
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
    const ctx = this.deps.storage.thresholds.list(userId).then((thresholds) => ({ thresholds, thresholdsKey: thresholdsKey(thresholds) }));
    this.contexts.set(userId, { atMs: now, ctx });
    ctx.catch(() => this.contexts.delete(userId));
    return ctx;
  }

  /** Imports one file. Never throws for bad input: the result says what happened. */
  async importOne(userId: string, s: JobSource, dryRun = false): Promise<ImportFileDto & { sha256?: string }> {
    const { maxFileBytes } = this.deps;
    if (s.rejected) return { name: s.name, status: 'failed', error: s.rejected };
    // Synchronous: a metadata lookup of microseconds, where the promise version cost the database
    // thread ~0.1 ms per file in thread-pool round trips (measured importing 500 files).
    const size = statSync(s.path).size;
    if (size === 0) return { name: s.name, status: 'failed', error: 'the file is empty' };
    if (size > maxFileBytes) return { name: s.name, status: 'failed', error: `the file is larger than the ${Math.round(maxFileBytes / 1048576)} MB limit` };
    const bytes = await readFile(s.path);
    const sha256 = sha256Hex(bytes);
    // The same file twice in one job (or two jobs at once): the second waits for the first.
    const key = `${userId}:${sha256}`;
    const earlier = this.inflight.get(key);
    if (earlier) await earlier.catch(() => {});
    const work = this.importBytes(userId, s, bytes, sha256, size, null, dryRun);
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      if (this.inflight.get(key) === work) this.inflight.delete(key);
    }
  }

  private async importBytes(userId: string, s: JobSource, bytes: Buffer, sha256: string, size: number, metaSource: MetaSource = null, dryRun = false): Promise<ImportFileDto & { sha256?: string }> {
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
    // The original is kept before anything else, so even a file we cannot read yet is never lost:
    // the parse worker writes it before decoding (no file I/O on the database thread), and if the
    // worker could not (it crashed, timed out), it is written here before the result is used.
    // The worker derives analysis and route track too, with the user's current thresholds.
    const { result, kept } = dryRun
      ? { result: await pool.parse(bytes, s.name), kept: true }
      : await pool.parseKeeping(bytes, s.name, await this.deriveContext(userId), originals.pathOf(sha256));
    if (!kept) await originals.put(sha256, bytes);
    if (!dryRun) await storage.originals.upsert({ userId, sha256, fileName: s.name, sizeBytes: size, format: result.kind === 'activities' ? result.activities[0]?.format ?? null : null });
    // Wellness FIT (a watch's GARMIN/Monitor, Sleep, Metrics… folders) and HRV app CSVs go to the health importer (issue 7).
    type HealthHook = (u: string, n: string, b: Uint8Array) => Promise<{ status: string; error?: string }>;
    const hh = this.deps.health as { ingestFit?: HealthHook; ingestHrvCsv?: HealthHook } | undefined;
    const wellness = result.kind === 'skipped' && /^(monitoring|weight|type_(44|49|68))/.test(result.fileType) ? hh?.ingestFit : result.kind !== 'activities' && /\.csv$/i.test(s.name) ? hh?.ingestHrvCsv : undefined;
    if (wellness) {
      if (dryRun) return { name: s.name, status: 'imported', sha256, warnings: ['wellness data: would be stored in Health'] };
      const h = await wellness.call(hh, userId, s.name, bytes);
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
