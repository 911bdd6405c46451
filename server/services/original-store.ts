import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Folders this thread has already created (256 at most per store). */
const madeDirs = new Set<string>();

/**
 * Originals are written durably: the bytes are flushed before the temp file is renamed into place
 * and the folder is flushed after, so once a database commit (synchronous = FULL) records a file,
 * a power loss cannot leave that row pointing at a missing or empty original, and the staged upload
 * deleted after that commit was not the last copy (issue 12, defect 3). Two fsyncs per new file, on
 * the parse worker's thread for decoded files.
 */
function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * `<target>.<pid>-<8 hex>.tmp`: the writer's process id lets the startup sweep tell the temp file
 * of a killed process (delete) from one another process is still writing (keep).
 */
export function tempNameFor(target: string): string {
  return `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** Writes `bytes` to `tmp` and flushes them to disk. */
function writeSyncedSync(tmp: string, bytes: Uint8Array): void {
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Keeps `bytes` at `target` (a path from OriginalStore.pathOf) unless it is there already:
 * written to a temp name and renamed into place. Synchronous, for the parse worker, which keeps
 * the original just before it decodes the file (so the database thread does no file I/O).
 */
export function keepOriginalSync(target: string, bytes: Uint8Array): void {
  if (existsSync(target)) return;
  const dir = dirname(target);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const tmp = tempNameFor(target);
  writeSyncedSync(tmp, bytes);
  renameSync(tmp, target);
  syncDirSync(dir);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Original files kept on disk forever, content-addressed by SHA-256 (`originals/ab/abcdef…`).
 * Writes go to a temp name and are renamed into place, so a crash never leaves a half file
 * under a hash name.
 */
export class OriginalStore {
  private dirs = new Set<string>();
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(sha256);
    if (existsSync(target)) return;
    const dir = join(this.root, sha256.slice(0, 2));
    if (!this.dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.dirs.add(dir);
    }
    const tmp = tempNameFor(target);
    const h = await open(tmp, 'w');
    try {
      await h.writeFile(bytes);
      await h.sync();
    } finally {
      await h.close();
    }
    await rename(tmp, target);
    await syncDir(dir);
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
