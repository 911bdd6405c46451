import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFileDto } from '../../../shared/api.js';
import type { Storage } from '../../storage/port.js';
import type { ImportService, JobSource } from '../import.service.js';
import type { JobContext, JobHandler } from '../jobs/job-types.js';
import type { WatchService } from './watch.service.js';

export interface WatchImportParams {
  folderId: string;
  files: { relPath: string; sizeBytes: number; mtimeMs: number }[];
}

export interface WatchImportResult {
  importJobId: string | null;
  counts: Record<string, number>;
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Resolves when the signal aborts (the handler stops waiting; the import itself runs on). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
}

/** Name a watched file has in the import history: the folder's name and the path inside it. */
export function historyName(folderPath: string, relPath: string): string {
  return `${basename(folderPath)}/${relPath.split('\\').join('/')}`;
}

/**
 * The 'watch-import' job (issue 18): copies the stable files of one batch into the import
 * queue's staging folder (`<incoming>/<job id>/<idx>`, the layout ImportService resumes after a
 * restart), so a file that changes again while it is imported cannot be half-read, and creates an
 * import job with the same id as this job. Its per-file results land in the import history and in
 * watch_files. Resumed after a restart, it finds its import job (resumed by ImportService) and
 * waits for it instead of staging again.
 */
export function watchImportHandler(deps: { storage: Storage; imports: ImportService; watch: WatchService; incomingDir: string }): JobHandler<WatchImportParams> {
  return {
    kind: 'watch-import',
    concurrency: 1,
    async run(ctx: JobContext<WatchImportParams>): Promise<WatchImportResult> {
      const { storage, imports, watch } = deps;
      const { folderId, files } = ctx.params;
      const folder = await storage.watch.folder(ctx.userId, folderId);
      if (!folder) return { importJobId: null, counts: {} };
      const importId = ctx.id;
      const counts: Record<string, number> = {};
      const now = () => Date.now();
      let job = await storage.imports.get(ctx.userId, importId);
      const staged: { relPath: string; name: string; sha256: string; sizeBytes: number; mtimeMs: number }[] = [];
      if (!job) {
        const dir = join(deps.incomingDir, importId);
        await mkdir(dir, { recursive: true });
        for (const f of files) {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          const src = join(folder.path, f.relPath);
          const dst = join(dir, String(staged.length));
          let st;
          try {
            st = await stat(src);
            await copyFile(src, dst);
          } catch (e) {
            // Removed or renamed away after it was stable: the next scan sees the new name.
            await watch.record({ folderId, relPath: f.relPath, sizeBytes: f.sizeBytes, mtimeMs: f.mtimeMs, sha256: null, status: 'failed', importJobId: null, activityId: null, error: `could not be read: ${e instanceof Error ? e.message : String(e)}`, updatedAtMs: now() });
            counts.failed = (counts.failed ?? 0) + 1;
            continue;
          }
          const sha256 = await sha256Of(dst);
          const prev = watch.known(folderId, f.relPath);
          const twin = watch.knownContent(folderId, sha256, f.relPath);
          if ((prev?.sha256 === sha256 && prev.status !== 'failed' && prev.status !== 'queued') || twin) {
            // Touched but not changed, or renamed: the content was imported before; nothing new to import.
            await watch.record({ folderId, relPath: f.relPath, sizeBytes: st.size, mtimeMs: Math.floor(st.mtimeMs), sha256, status: prev?.sha256 === sha256 ? prev.status : 'duplicate', importJobId: prev?.importJobId ?? twin?.importJobId ?? null, activityId: prev?.activityId ?? twin?.activityId ?? null, error: twin && prev?.sha256 !== sha256 ? `same content as ${twin.relPath}` : prev?.error ?? null, updatedAtMs: now() });
            counts.unchanged = (counts.unchanged ?? 0) + 1;
            continue;
          }
          staged.push({ relPath: f.relPath, name: historyName(folder.path, f.relPath), sha256, sizeBytes: st.size, mtimeMs: Math.floor(st.mtimeMs) });
        }
        if (!staged.length) return { importJobId: null, counts };
        const sources: JobSource[] = staged.map((s, i) => ({ name: s.name, path: join(dir, String(i)), owned: true }));
        await imports.createJob(ctx.userId, sources, importId);
        for (const s of staged) await watch.record({ folderId, relPath: s.relPath, sizeBytes: s.sizeBytes, mtimeMs: s.mtimeMs, sha256: s.sha256, status: 'queued', importJobId: importId, activityId: null, error: null, updatedAtMs: now() });
        job = await storage.imports.get(ctx.userId, importId);
      }
      const total = job?.total ?? staged.length;
      const off = imports.onProgress(importId, (d) => ctx.progress(d.done, d.total, `importing ${d.done} of ${d.total}`));
      try {
        ctx.progress(0, total);
        await Promise.race([imports.waitFor(importId), aborted(ctx.signal)]);
        // A resumed import job is run by ImportService's own queue: wait until it is recorded done.
        while (!ctx.signal.aborted && (await storage.imports.get(ctx.userId, importId))?.status !== 'done') await new Promise((r) => setTimeout(r, 100));
      } finally {
        off();
      }
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const done = await storage.imports.get(ctx.userId, importId);
      for (const r of await settleRows(watch, storage, folderId, folder.path, importId, done?.files ?? [])) counts[r] = (counts[r] ?? 0) + 1;
      return { importJobId: importId, counts };
    },
  };
}

/**
 * Writes the import job's per-file results into watch_files (the rows of this folder that wait for
 * it). Also used at start for rows whose job finished while nobody waited (cancel, crash).
 */
export async function settleRows(watch: WatchService, storage: Storage, folderId: string, folderPath: string, importId: string, files: ImportFileDto[]): Promise<string[]> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: string[] = [];
  for (const row of await storage.watch.files(folderId)) {
    if (row.importJobId !== importId || row.status !== 'queued') continue;
    const r = byName.get(historyName(folderPath, row.relPath));
    if (!r || r.status === 'pending') continue;
    await watch.record({ ...row, status: r.status, activityId: r.activityId ?? null, error: r.error ?? null, updatedAtMs: Date.now() });
    out.push(r.status);
  }
  return out;
}
