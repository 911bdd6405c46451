import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isImportableName, sameState } from './watch-names.js';

export interface FileState {
  size: number;
  mtimeMs: number;
}

export interface FolderWatcherOptions {
  root: string;
  /** 'auto': fs events (inotify, FSEvents, ReadDirectoryChangesW) plus a slow safety scan; 'poll': scans only (network shares, where no events arrive). */
  mode: 'auto' | 'poll';
  pollIntervalMs: number;
  /** A file is stable when two looks this far apart see the same size and mtime. */
  stableMs: number;
  /** Whether this state of the file still needs importing (false: already known). */
  isNew(relPath: string, st: FileState): boolean;
  /** A new or changed file that has stopped changing. */
  onStable(relPath: string, st: FileState): void;
  onError?(err: unknown): void;
}

const MAX_SCAN_DEPTH = 8;

/**
 * Watches one folder tree and reports files once they are stable (issue 18). Events only say
 * "look at this path": every decision comes from stat, so a missed, doubled or coalesced event
 * costs nothing, and the periodic scan catches whatever events missed (overflowing inotify queues,
 * network shares, a folder that did not exist yet). A file that keeps growing (a copy or a sync in
 * progress) is looked at again until two looks `stableMs` apart agree.
 */
export class FolderWatcher {
  private fsw: FSWatcher | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Files seen changing: last stat and the timer of the next look. */
  private settling = new Map<string, { st: FileState; timer: ReturnType<typeof setTimeout> }>();
  private scanning: Promise<void> | null = null;
  private closed = false;
  /** Why fs events are not used (mode 'poll', or fs.watch failed): shown in Settings → Sources. */
  eventsError: string | null = null;

  constructor(private o: FolderWatcherOptions) {}

  start(): void {
    if (this.o.mode === 'auto') {
      try {
        this.fsw = watch(this.o.root, { recursive: true, persistent: false }, (_ev, name) => {
          if (name) this.look(String(name));
          else void this.scan(); // the platform did not say which file: look at all
        });
        this.fsw.on('error', (e) => {
          this.eventsError = `file events stopped (${e.message}); scanning every ${Math.round(this.o.pollIntervalMs / 1000)} s instead`;
          this.fsw?.close();
          this.fsw = null;
          this.o.onError?.(e);
        });
      } catch (e) {
        this.eventsError = `file events are not available here (${e instanceof Error ? e.message : String(e)}); scanning every ${Math.round(this.o.pollIntervalMs / 1000)} s instead`;
      }
    }
    this.timer = setInterval(() => void this.scan(), this.o.pollIntervalMs);
    this.timer.unref?.();
    void this.scan();
  }

  get usingEvents(): boolean {
    return this.fsw !== null;
  }

  close(): void {
    this.closed = true;
    this.fsw?.close();
    this.fsw = null;
    if (this.timer) clearInterval(this.timer);
    for (const s of this.settling.values()) clearTimeout(s.timer);
    this.settling.clear();
  }

  /** Every importable file in the tree is looked at (start, timer, events without a name). */
  scan(): Promise<void> {
    if (this.scanning) return this.scanning;
    this.scanning = this.walk(this.o.root, 0)
      .catch((e: unknown) => this.o.onError?.(e))
      .finally(() => {
        this.scanning = null;
      });
    return this.scanning;
  }

  private async walk(dir: string, depth: number): Promise<void> {
    if (this.closed || depth > MAX_SCAN_DEPTH) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (depth === 0) throw e;
      return; // a subfolder removed mid-scan
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await this.walk(full, depth + 1);
      else if (e.isFile()) this.look(relative(this.o.root, full));
    }
  }

  /** Something may have changed at relPath: stat it now, and again after stableMs. */
  private look(relPath: string): void {
    if (this.closed || !isImportableName(relPath) || this.settling.has(relPath)) return;
    void this.statOf(relPath).then((st) => {
      if (!st || this.closed || this.settling.has(relPath) || !this.o.isNew(relPath, st)) return;
      this.settle(relPath, st);
    });
  }

  private settle(relPath: string, st: FileState): void {
    const timer = setTimeout(async () => {
      const now = await this.statOf(relPath);
      if (this.closed) return;
      if (!now) {
        this.settling.delete(relPath); // gone (renamed away, deleted)
        return;
      }
      if (!sameState(now, st)) {
        this.settle(relPath, now); // still being written
        return;
      }
      this.settling.delete(relPath);
      if (this.o.isNew(relPath, now)) this.o.onStable(relPath, now);
    }, this.o.stableMs);
    timer.unref?.();
    this.settling.set(relPath, { st, timer });
  }

  private async statOf(relPath: string): Promise<FileState | null> {
    try {
      const s = await stat(join(this.o.root, relPath));
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  }
}
