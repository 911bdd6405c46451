/**
 * Hands local files to the running server's import API, exactly as the renderer or a browser would
 * (POST /api/v1/imports, multipart, bearer token). No parsing, hashing or dedupe here: the server
 * owns all of that (design.md §1, §3).
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

export class ImportRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when the request never got an answer. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ImportRequestError';
  }

  /** A 4xx other than timeout/rate limit: sending the same files again will fail the same way. */
  get permanent(): boolean {
    return this.status !== null && this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

export interface ImportClientOptions {
  /** Server origin, e.g. http://127.0.0.1:53211 */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** File-backed Blob: the body is streamed from disk, so a multi-GB Garmin export ZIP is never held in memory. */
  openAsBlob?: (path: string) => Promise<Blob>;
}

/** POST /api/v1/imports answers 202 `{ id }` at once; progress is at GET /api/v1/imports/:id. */
export interface ImportAccepted {
  id: string;
}

export interface ImportClient {
  importFiles(paths: string[]): Promise<ImportAccepted>;
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body?.error?.message) return body.error.message;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `HTTP ${res.status} ${res.statusText}`.trim();
}

export function createImportClient(opts: ImportClientOptions): ImportClient {
  const doFetch = opts.fetch ?? fetch;
  const open = opts.openAsBlob ?? ((path: string) => openAsBlob(path));
  const endpoint = new URL('/api/v1/imports', opts.baseUrl).toString();

  return {
    async importFiles(paths) {
      if (paths.length === 0) throw new ImportRequestError('No files to import', null);
      const form = new FormData();
      for (const path of paths) form.append('files', await open(path), basename(path));
      let res: Response;
      try {
        res = await doFetch(endpoint, { method: 'POST', headers: { authorization: `Bearer ${opts.token}` }, body: form });
      } catch (err) {
        throw new ImportRequestError(`Import request failed: ${(err as Error).message}`, null);
      }
      if (!res.ok) throw new ImportRequestError(await errorMessage(res), res.status);
      return (await res.json()) as ImportAccepted;
    },
  };
}
