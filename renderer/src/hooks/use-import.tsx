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
  /** What the batch is, when not just its files ("Activity folder, part 2 of 4"). */
  label?: string;
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
  /** Resolves once the files are uploaded (or the upload failed): callers upload big folders batch by batch. */
  start: (files: File[], opts?: { label?: string }) => Promise<void>;
  clear: () => void;
  /** Bumped whenever a batch finishes, so lists can refetch. */
  completed: number;
}

const ImportContext = createContext<ImportState>({ batches: [], start: async () => {}, clear: () => {}, completed: 0 });

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
    (files: File[], opts?: { label?: string }): Promise<void> => {
      if (files.length === 0) return Promise.resolve();
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
        label: opts?.label,
        phase: accepted.length ? 'uploading' : 'done',
        uploadLoaded: 0,
        uploadTotal: accepted.reduce((s, f) => s + f.size, 0),
        job: null,
        rejected,
        error: null,
      };
      setBatches((bs) => [batch, ...bs].slice(0, 20));
      if (!accepted.length) return Promise.resolve();

      let uploaded: () => void = () => {};
      const done = new Promise<void>((r) => (uploaded = r));
      void (async () => {
        try {
          const { id } = await uploadFiles(accepted, (loaded, total) => update(key, { uploadLoaded: loaded, uploadTotal: total }));
          uploaded();
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
        } finally {
          uploaded();
        }
      })();
      return done;
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
