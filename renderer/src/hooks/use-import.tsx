/**
 * Import batches live above the router so a drop on any page keeps uploading while the user moves
 * around. One batch = one POST /imports plus polling of its job until the server says done.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ImportFileDto, ImportJobDto } from '../../../shared/api.js';
import { api, errorMessage, uploadFiles } from '../lib/api-client';
import { useConfig } from './use-config';

const POLL_MS = 500;

export interface ImportBatch {
  key: number;
  startedAt: number;
  fileNames: string[];
  phase: 'uploading' | 'processing' | 'done' | 'error';
  uploadLoaded: number;
  uploadTotal: number;
  job: ImportJobDto | null;
  /** Files refused before upload (too large for the server's limit). */
  rejected: ImportFileDto[];
  error: string | null;
}

interface ImportState {
  batches: ImportBatch[];
  start: (files: File[]) => void;
  clear: () => void;
  /** Bumped whenever a batch finishes, so lists can refetch. */
  completed: number;
}

const ImportContext = createContext<ImportState>({ batches: [], start: () => {}, clear: () => {}, completed: 0 });

function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function ImportProvider({ children }: { children: ReactNode }) {
  const { config } = useConfig();
  const [batches, setBatches] = useState<ImportBatch[]>([]);
  const [completed, setCompleted] = useState(0);
  const nextKey = useRef(1);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const update = useCallback((key: number, patch: Partial<ImportBatch>) => {
    setBatches((bs) => bs.map((b) => (b.key === key ? { ...b, ...patch } : b)));
  }, []);

  const start = useCallback(
    (files: File[]) => {
      if (files.length === 0) return;
      const key = nextKey.current++;
      const limit = config?.maxUploadBytes ?? Infinity;
      const accepted = files.filter((f) => f.size <= limit);
      const rejected: ImportFileDto[] = files
        .filter((f) => f.size > limit)
        .map((f) => ({ name: f.name, status: 'failed', error: `File is ${humanSize(f.size)}; the server accepts up to ${humanSize(limit)}.` }));
      const batch: ImportBatch = {
        key,
        startedAt: Date.now(),
        fileNames: files.map((f) => f.name),
        phase: accepted.length ? 'uploading' : 'done',
        uploadLoaded: 0,
        uploadTotal: accepted.reduce((s, f) => s + f.size, 0),
        job: null,
        rejected,
        error: null,
      };
      setBatches((bs) => [batch, ...bs].slice(0, 20));
      if (!accepted.length) return;

      void (async () => {
        try {
          const { id } = await uploadFiles(accepted, (loaded, total) => update(key, { uploadLoaded: loaded, uploadTotal: total }));
          update(key, { phase: 'processing' });
          for (;;) {
            if (!alive.current) return;
            let job: ImportJobDto;
            try {
              job = await api.importJob(id);
            } catch (err) {
              // A transient blip while polling should not lose the batch: retry a little slower.
              update(key, { error: `Lost contact with the server, retrying… (${errorMessage(err)})` });
              await sleep(POLL_MS * 4);
              continue;
            }
            update(key, { job, error: null });
            if (job.status === 'done') {
              update(key, { phase: 'done' });
              setCompleted((c) => c + 1);
              return;
            }
            await sleep(POLL_MS);
          }
        } catch (err) {
          update(key, { phase: 'error', error: errorMessage(err) });
        }
      })();
    },
    [config, update],
  );

  const clear = useCallback(() => setBatches((bs) => bs.filter((b) => b.phase === 'uploading' || b.phase === 'processing')), []);

  return <ImportContext.Provider value={{ batches, start, clear, completed }}>{children}</ImportContext.Provider>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function useImports(): ImportState {
  return useContext(ImportContext);
}
