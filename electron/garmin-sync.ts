/**
 * Polls for a plugged-in Garmin mass-storage device and sends FIT files it has not sent before.
 *
 * The server dedupes by SHA-256, so re-sending is harmless; the "seen" list only saves re-uploading
 * a watch's whole history every few seconds while it stays plugged in. A file is keyed by name and
 * size (not path: the mount point changes between plugs) and marked seen only once the server has
 * accepted it, so an upload that fails for a transient reason is retried on the next poll.
 */
import { readFile, stat as fsStat, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface SeenStore {
  has(key: string): boolean;
  add(keys: string[]): Promise<void>;
}

/** Seen keys in a small JSON file; keeps the most recent `limit` so it never grows without bound. */
export async function createJsonSeenStore(file: string, limit = 5000): Promise<SeenStore> {
  let keys: string[] = [];
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (Array.isArray(parsed)) keys = parsed.filter((k): k is string => typeof k === 'string');
  } catch {
    // First run or a corrupt file: start empty (worst case the server dedupes a re-upload).
  }
  const set = new Set(keys);
  return {
    has: (key) => set.has(key),
    async add(newKeys) {
      for (const k of newKeys) {
        set.delete(k); // re-insert so it counts as recent
        set.add(k);
      }
      while (set.size > limit) set.delete(set.values().next().value as string);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify([...set]), 'utf8');
    },
  };
}

export interface GarminSyncOptions {
  /** Lists FIT files on mounted Garmin volumes (garmin-volume.ts scanGarminVolumes, bound to real fs). */
  scan: () => Promise<string[]>;
  /** Sends files to the import API; rejects on failure. */
  upload: (paths: string[]) => Promise<void>;
  seen: SeenStore;
  stat?: (path: string) => Promise<{ size: number }>;
  intervalMs?: number;
  /** Files per request: a first plug-in may carry years of activities. */
  batchSize?: number;
  /** Errors the upload marks as not worth retrying (e.g. HTTP 413); those files are marked seen. */
  isPermanentError?: (err: unknown) => boolean;
  onError?: (err: unknown) => void;
}

export interface GarminSync {
  start(): void;
  stop(): void;
  /** One scan + upload round; returns how many files were sent. Overlapping calls return 0. */
  pollOnce(): Promise<number>;
}

export function fileKey(path: string, size: number): string {
  return `${basename(path).toLowerCase()}:${size}`;
}

export function createGarminSync(opts: GarminSyncOptions): GarminSync {
  const stat = opts.stat ?? fsStat;
  const intervalMs = opts.intervalMs ?? 5000;
  const batchSize = opts.batchSize ?? 50;
  let timer: ReturnType<typeof setInterval> | null = null;
  let busy = false;

  async function unseen(): Promise<{ path: string; key: string }[]> {
    const out: { path: string; key: string }[] = [];
    for (const path of await opts.scan()) {
      try {
        const key = fileKey(path, (await stat(path)).size);
        if (!opts.seen.has(key)) out.push({ path, key });
      } catch {
        // Vanished between listing and stat (device unplugged): skip it.
      }
    }
    return out;
  }

  async function pollOnce(): Promise<number> {
    if (busy) return 0;
    busy = true;
    let sent = 0;
    try {
      const pending = await unseen();
      for (let i = 0; i < pending.length; i += batchSize) {
        const batch = pending.slice(i, i + batchSize);
        try {
          await opts.upload(batch.map((f) => f.path));
          sent += batch.length;
        } catch (err) {
          opts.onError?.(err);
          if (!opts.isPermanentError?.(err)) break; // transient: retry these on the next poll
        }
        await opts.seen.add(batch.map((f) => f.key));
      }
    } catch (err) {
      opts.onError?.(err);
    } finally {
      busy = false;
    }
    return sent;
  }

  return {
    pollOnce,
    start() {
      if (timer) return;
      timer = setInterval(() => void pollOnce(), intervalMs);
      timer.unref?.();
      void pollOnce();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export interface GarminWatcherOptions {
  /** Lists FIT files on mounted Garmin volumes, e.g. `() => scanGarminVolumes(env, listDir)`. */
  scan: () => Promise<string[]>;
  seenFile: string;
  upload: (paths: string[]) => Promise<void>;
  isPermanentError?: (err: unknown) => boolean;
  onError?: (err: unknown) => void;
  intervalMs?: number;
}

/** Loads the seen list and starts polling. */
export async function startGarminWatcher(opts: GarminWatcherOptions): Promise<GarminSync> {
  const sync = createGarminSync({ ...opts, seen: await createJsonSeenStore(opts.seenFile) });
  sync.start();
  return sync;
}
