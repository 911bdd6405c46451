import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Folders this thread has already created (256 at most per store). */
const madeDirs = new Set<string>();

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
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, target);
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
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
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
