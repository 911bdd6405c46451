import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { WatchFileDto, WatchFolderDto, WatchFolderInput } from '../../../shared/sources-api.js';
import type { Storage } from '../../storage/port.js';
import type { WatchFileRow, WatchFolderRow } from '../../storage/repos/watch.repo.js';
import type { EventBus } from '../jobs/event-bus.js';
import type { JobService } from '../jobs/job.service.js';
import { FolderWatcher, type FileState } from './folder-watcher.js';
import { sameState } from './watch-names.js';
import type { WatchImportParams } from './watch-import.job.js';

export interface WatchServiceDeps {
  storage: Storage;
  jobs: JobService;
  bus: EventBus;
  /** The data folder: never watched (its originals would import themselves). */
  dataDir: string;
  /** Default 1000 ms: two looks this far apart must agree before a file is imported. */
  stableMs?: number;
  /** Files that become stable within this window go into one import job (default 250 ms). */
  batchMs?: number;
}

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

const FINAL = new Set(['imported', 'duplicate', 'skipped', 'failed']);

/**
 * Watched folders (issue 18): each folder has a FolderWatcher; a stable new or changed file is
 * handed to a 'watch-import' job (watch-import.job.ts), which stages it into the normal import
 * queue and records the result per file. The per-file state (path, size, mtime, content hash,
 * result) is kept in watch_files, so a restart, a rescan or a second event imports nothing twice,
 * and a renamed file whose content was imported before is recorded without importing it again.
 */
export class WatchService {
  private watchers = new Map<string, FolderWatcher>();
  /** Per folder: relPath → state as stored. Loaded at start, kept in step with every write. */
  private state = new Map<string, Map<string, WatchFileRow>>();
  /** Files handed to a job and not yet recorded (so a second look does not hand them twice). */
  private inFlight = new Set<string>();
  private batches = new Map<string, { files: { relPath: string; st: FileState }[]; timer: ReturnType<typeof setTimeout> }>();

  constructor(private deps: WatchServiceDeps) {}

  /** Timing knobs (tests, the latency bench): read when a folder starts. */
  configure(t: { stableMs?: number; batchMs?: number }): void {
    if (t.stableMs !== undefined) this.deps.stableMs = t.stableMs;
    if (t.batchMs !== undefined) this.deps.batchMs = t.batchMs;
  }

  /** Starts every stored folder; adds the env folders (MILEVAULT_WATCH_DIRS) for `envUserId`. */
  async start(envDirs: string[] = [], envUserId?: string): Promise<void> {
    if (envUserId) {
      const have = await this.deps.storage.watch.folders(envUserId);
      for (const dir of envDirs) {
        const path = resolve(dir);
        if (have.some((f) => f.path === path)) continue;
        try {
          await this.add(envUserId, { path }, 'env');
        } catch (e) {
          console.error(`[watch] MILEVAULT_WATCH_DIRS: ${path} not watched: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    for (const f of await this.deps.storage.watch.folders()) if (!this.watchers.has(f.id)) await this.startFolder(f);
  }

  async list(userId: string): Promise<WatchFolderDto[]> {
    const rows = await this.deps.storage.watch.folders(userId);
    return Promise.all(rows.map((f) => this.dto(f)));
  }

  async add(userId: string, input: WatchFolderInput, origin: 'settings' | 'env' = 'settings'): Promise<WatchFolderDto> {
    const path = this.checkPath(input.path);
    if ((await this.deps.storage.watch.folders(userId)).some((f) => f.path === path)) throw httpError(409, 'conflict', `${path} is already watched`);
    const mode = input.mode ?? 'auto';
    const row: WatchFolderRow = { id: randomUUID(), userId, path, mode, pollIntervalS: input.pollIntervalS ?? (mode === 'poll' ? 10 : 60), origin, createdAtMs: Date.now() };
    await this.deps.storage.watch.addFolder(row);
    await this.startFolder(row);
    return this.dto(row);
  }

  async update(userId: string, id: string, patch: Omit<WatchFolderInput, 'path'>): Promise<WatchFolderDto> {
    const f = await this.deps.storage.watch.folder(userId, id);
    if (!f) throw httpError(404, 'not_found', 'no such watched folder');
    const next = { mode: patch.mode ?? (f.mode as 'auto' | 'poll'), pollIntervalS: patch.pollIntervalS ?? f.pollIntervalS };
    await this.deps.storage.watch.updateFolder(userId, id, next);
    this.watchers.get(id)?.close();
    this.watchers.delete(id);
    const row = { ...f, ...next };
    await this.startFolder(row);
    return this.dto(row);
  }

  async remove(userId: string, id: string): Promise<void> {
    this.watchers.get(id)?.close();
    this.watchers.delete(id);
    this.state.delete(id);
    if (!(await this.deps.storage.watch.removeFolder(userId, id))) throw httpError(404, 'not_found', 'no such watched folder');
  }

  async files(userId: string, id: string, limit: number, offset: number): Promise<{ items: WatchFileDto[]; total: number }> {
    if (!(await this.deps.storage.watch.folder(userId, id))) throw httpError(404, 'not_found', 'no such watched folder');
    const page = await this.deps.storage.watch.filePage(id, limit, offset);
    return { items: page.items.map(fileDto), total: page.total };
  }

  /** Looks at every file now (the "Scan now" button; tests). */
  async rescan(userId: string, id: string): Promise<void> {
    if (!(await this.deps.storage.watch.folder(userId, id))) throw httpError(404, 'not_found', 'no such watched folder');
    await this.watchers.get(id)?.scan();
  }

  /** Called by the import job for every file it settles. */
  async record(row: WatchFileRow): Promise<void> {
    await this.deps.storage.watch.putFile(row);
    this.state.get(row.folderId)?.set(row.relPath, row);
    if (FINAL.has(row.status)) this.inFlight.delete(`${row.folderId}\u0000${row.relPath}`);
  }

  /** Rows of the same folder with this content already imported (rename detection). */
  knownContent(folderId: string, sha256: string, exceptRelPath: string): WatchFileRow | null {
    for (const r of this.state.get(folderId)?.values() ?? []) if (r.sha256 === sha256 && r.relPath !== exceptRelPath && (r.status === 'imported' || r.status === 'duplicate')) return r;
    return null;
  }

  known(folderId: string, relPath: string): WatchFileRow | null {
    return this.state.get(folderId)?.get(relPath) ?? null;
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    for (const b of this.batches.values()) clearTimeout(b.timer);
    this.batches.clear();
  }

  private checkPath(raw: string): string {
    if (typeof raw !== 'string' || !raw.trim()) throw httpError(400, 'bad_request', 'path: give the folder to watch');
    if (!isAbsolute(raw)) throw httpError(400, 'bad_request', `path: "${raw}" is not an absolute path`);
    const path = resolve(raw);
    if (!existsSync(path) || !statSync(path).isDirectory()) throw httpError(400, 'bad_request', `path: ${path} is not a folder on this ${process.platform === 'linux' ? 'machine' : 'computer'}`);
    const real = realpathSync(path);
    const data = existsSync(this.deps.dataDir) ? realpathSync(this.deps.dataDir) : resolve(this.deps.dataDir);
    const under = (a: string, b: string) => a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
    if (real === dirname(real)) throw httpError(400, 'bad_request', `path: ${path} is the root of a drive; pick the folder your files land in`);
    if (under(real, data) || under(data, real)) throw httpError(400, 'bad_request', `path: ${path} holds or is inside MileVault's data folder; pick another folder`);
    return path;
  }

  private async startFolder(f: WatchFolderRow): Promise<void> {
    const rows = new Map((await this.deps.storage.watch.files(f.id)).map((r) => [r.relPath, r]));
    this.state.set(f.id, rows);
    const w = new FolderWatcher({
      root: f.path,
      mode: f.mode === 'poll' ? 'poll' : 'auto',
      pollIntervalMs: f.pollIntervalS * 1000,
      stableMs: this.deps.stableMs ?? 1000,
      isNew: (rel, st) => {
        if (this.inFlight.has(`${f.id}\u0000${rel}`)) return false;
        const r = this.state.get(f.id)?.get(rel);
        return !r || !sameState({ size: r.sizeBytes, mtimeMs: r.mtimeMs }, st);
      },
      onStable: (rel, st) => this.stable(f, rel, st),
      onError: (e) => console.error(`[watch] ${f.path}: ${e instanceof Error ? e.message : String(e)}`),
    });
    this.watchers.set(f.id, w);
    w.start();
  }

  private stable(f: WatchFolderRow, relPath: string, st: FileState): void {
    const key = `${f.id}\u0000${relPath}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    const b = this.batches.get(f.id) ?? { files: [], timer: setTimeout(() => void this.flush(f), this.deps.batchMs ?? 250) };
    b.files.push({ relPath, st });
    this.batches.set(f.id, b);
  }

  private async flush(f: WatchFolderRow): Promise<void> {
    const b = this.batches.get(f.id);
    this.batches.delete(f.id);
    if (!b?.files.length) return;
    const params: WatchImportParams = { folderId: f.id, files: b.files.map((x) => ({ relPath: x.relPath, sizeBytes: x.st.size, mtimeMs: Math.floor(x.st.mtimeMs) })) };
    try {
      await this.deps.jobs.enqueue(f.userId, 'watch-import', params);
    } catch (e) {
      for (const x of b.files) this.inFlight.delete(`${f.id}\u0000${x.relPath}`);
      console.error(`[watch] ${f.path}: could not queue ${b.files.length} file(s): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async dto(f: WatchFolderRow): Promise<WatchFolderDto> {
    const w = this.watchers.get(f.id);
    return {
      id: f.id,
      path: f.path,
      mode: f.mode as WatchFolderDto['mode'],
      pollIntervalS: f.pollIntervalS,
      origin: f.origin as WatchFolderDto['origin'],
      createdAt: new Date(f.createdAtMs).toISOString(),
      available: existsSync(f.path),
      usingEvents: w?.usingEvents ?? false,
      note: w?.eventsError ?? (existsSync(f.path) ? null : 'the folder is not there (unmounted?); it is watched again when it returns'),
      counts: await this.deps.storage.watch.counts(f.id),
    };
  }
}

export function fileDto(r: WatchFileRow): WatchFileDto {
  return { relPath: r.relPath, sizeBytes: r.sizeBytes, status: r.status, activityId: r.activityId, importJobId: r.importJobId, error: r.error, updatedAt: new Date(r.updatedAtMs).toISOString() };
}
