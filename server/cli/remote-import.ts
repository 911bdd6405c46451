import { openAsBlob } from 'node:fs';
import type { ImportFileDto, ImportJobDto } from '../../shared/api.js';
import type { ImportPreviewDto } from '../../shared/gear-api.js';
import type { InstanceInfo } from '../instance-file.js';
import { CLIENT_HEADER } from '../plugins/request-guard.js';
import { listImportFiles } from '../services/local-files.js';

/** Files per upload request (the server accepts up to 10,000 parts in one). */
const FILES_PER_REQUEST = 2000;
const POLL_MS = 400;

export interface RemoteImportCallbacks {
  /** After every poll of every job: the jobs so far, in upload order. */
  progress(jobs: ImportJobDto[]): void;
}

/**
 * `milevault import` while the app or server has the data folder open: the files go through the
 * running server's API (as the desktop's drag and drop does) instead of a second database handle.
 */
export class RemoteImporter {
  constructor(
    private server: InstanceInfo,
    private fetchImpl: typeof fetch = fetch,
  ) {}

  private headers(): Record<string, string> {
    return { [CLIENT_HEADER]: 'cli', ...(this.server.token ? { authorization: `Bearer ${this.server.token}` } : {}) };
  }

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.fetchImpl(new URL(path, this.server.url), { ...init, headers: { ...this.headers(), ...(init.headers as Record<string, string> | undefined) } });
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    if (!res.ok) throw new Error(`the running server answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
    return body as T;
  }

  private async form(files: { name: string; path: string }[]): Promise<FormData> {
    const form = new FormData();
    for (const f of files) form.append('files', await openAsBlob(f.path), f.name);
    return form;
  }

  private async batches(paths: string[]) {
    const files = await listImportFiles(paths);
    const out: { name: string; path: string }[][] = [];
    for (let i = 0; i < files.length; i += FILES_PER_REQUEST) out.push(files.slice(i, i + FILES_PER_REQUEST));
    return out;
  }

  async preview(paths: string[]): Promise<ImportPreviewDto> {
    const all: ImportPreviewDto = { files: [] } as unknown as ImportPreviewDto;
    for (const batch of await this.batches(paths)) {
      const p = await this.call<ImportPreviewDto>('/api/v1/imports?dryRun=true', { method: 'POST', body: await this.form(batch) });
      all.files.push(...p.files);
    }
    return all;
  }

  /** Uploads every file, then follows the jobs to the end; returns them done. */
  async run(paths: string[], cb: RemoteImportCallbacks): Promise<ImportJobDto[]> {
    const ids: string[] = [];
    for (const batch of await this.batches(paths)) {
      const { id } = await this.call<{ id: string }>('/api/v1/imports', { method: 'POST', body: await this.form(batch) });
      ids.push(id);
    }
    for (;;) {
      const jobs = await Promise.all(ids.map((id) => this.job(id)));
      cb.progress(jobs);
      if (jobs.every((j) => j.status === 'done')) return jobs;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** The whole job, every page of its file list when the server pages it. */
  private async job(id: string): Promise<ImportJobDto> {
    const first = await this.call<ImportJobDto & { filesTotal?: number }>(`/api/v1/imports/${encodeURIComponent(id)}`);
    const total = first.filesTotal ?? first.files.length;
    const files: ImportFileDto[] = [...first.files];
    while (files.length < total) {
      const page = await this.call<ImportJobDto>(`/api/v1/imports/${encodeURIComponent(id)}?offset=${files.length}&limit=1000`);
      if (!page.files.length) break;
      files.push(...page.files);
    }
    return { ...first, files };
  }
}
