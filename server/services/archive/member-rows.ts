import type { ImportFileDto } from '../../../shared/api.js';
import type { ImportPreviewDto } from '../../../shared/gear-api.js';
import type { Storage } from '../../storage/port.js';
import type { StoreResult } from '../activities/activity-store.js';

/** Where an archive's per-member results go: a stored job, or an in-memory preview (dry run). */
export interface RowSink {
  /**
   * Registers rows for these names and returns their positions. Idempotent by name: a job resumed
   * after a restart finds the rows of its first run and `done` says which already finished.
   */
  register(names: string[]): Promise<{ idx: number[]; done: boolean[] }>;
  set(idx: number, r: StoreResult): Promise<void>;
}

/** Rows of a stored import job (ImportsRepo.addFiles raises the job's total). */
export class JobRows implements RowSink {
  /** `stopped`: the server is shutting down; results cut short by it are not recorded (the row stays pending and the resumed job redoes it). */
  constructor(private storage: Storage, private userId: string, private jobId: string, private onChange: () => Promise<void>, private stopped: () => boolean = () => false) {}

  async register(names: string[]) {
    const job = await this.storage.imports.get(this.userId, this.jobId);
    const known = new Map<string, number>();
    job?.files.forEach((f, i) => known.set(f.name, i));
    const missing = names.filter((n) => !known.has(n));
    if (missing.length) {
      const first = await this.storage.imports.addFiles(this.jobId, missing);
      missing.forEach((n, i) => known.set(n, first + i));
      await this.onChange();
    }
    const idx = names.map((n) => known.get(n)!);
    return { idx, done: idx.map((i) => Boolean(job?.files[i] && job.files[i].status !== 'pending')) };
  }

  async set(idx: number, r: StoreResult) {
    if (this.stopped()) return;
    await this.storage.imports.setFile(this.jobId, idx, r);
    await this.onChange();
  }

  /** The archive is gone (an interrupted job whose file was not kept): its unfinished members fail with the reason. */
  async failPending(prefix: string, reason: string) {
    const job = await this.storage.imports.get(this.userId, this.jobId);
    for (const [i, f] of (job?.files ?? []).entries()) {
      if (f.status === 'pending' && f.name.startsWith(prefix)) await this.storage.imports.setFile(this.jobId, i, { name: f.name, status: 'failed', error: reason });
    }
  }
}

/** Rows of a dry run: nothing is written anywhere. */
export class PreviewRows implements RowSink {
  private rows: ImportFileDto[] = [];

  add(names: string[]): number {
    const first = this.rows.length;
    for (const name of names) this.rows.push({ name, status: 'pending' });
    return first;
  }

  async register(names: string[]) {
    const first = this.add(names);
    return { idx: names.map((_, i) => first + i), done: names.map(() => false) };
  }

  async set(idx: number, r: StoreResult) {
    const { sha256: _sha, ...dto } = r;
    this.rows[idx] = dto;
  }

  preview(): ImportPreviewDto {
    const counts = { imported: 0, duplicate: 0, skipped: 0, failed: 0 };
    const containers = archiveContainers(this.rows);
    for (const r of this.rows) if (r.status !== 'pending' && !containers.has(r.name)) counts[r.status]++;
    return { dryRun: true, files: this.rows, counts };
  }
}

/**
 * Names of rows that are archives expanded into member rows (`x.zip` when `x.zip › a.fit` exists):
 * summaries count the members, not the container, so a zip of 2 activities reads "2 imported".
 */
export function archiveContainers(rows: { name: string }[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows) {
    const cut = r.name.indexOf(' › ');
    if (cut > 0) out.add(r.name.slice(0, cut));
  }
  return out;
}
