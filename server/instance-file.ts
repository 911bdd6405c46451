import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `<dataDir>/server.json`: how a command-line tool finds the server that has this data folder open
 * (issue 12, defect 6: the CLI next to a running app failed with "database is locked"). Written
 * with mode 0600 after the server listens, removed when it closes; a stale file (the process died)
 * is recognised by its pid and a health probe. The token in it is a CLI-only bearer token made for
 * this server run, never the desktop's launch token.
 */
export const INSTANCE_FILE = 'server.json';

export interface InstanceInfo {
  url: string;
  pid: number;
  /** Bearer token for local tools; absent when the API needs none. */
  token?: string;
  startedAt: string;
}

export function newLocalToken(): string {
  return randomBytes(32).toString('base64url');
}

export function writeInstanceFile(dataDir: string, info: InstanceInfo): void {
  const path = join(dataDir, INSTANCE_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Removes the file if it still describes this process (a newer server may have replaced it). */
export function removeInstanceFile(dataDir: string, pid = process.pid): void {
  const info = readInstanceFile(dataDir);
  if (info?.pid === pid) rmSync(join(dataDir, INSTANCE_FILE), { force: true });
}

export function readInstanceFile(dataDir: string): InstanceInfo | undefined {
  try {
    const v = JSON.parse(readFileSync(join(dataDir, INSTANCE_FILE), 'utf8')) as Partial<InstanceInfo>;
    if (typeof v.url !== 'string' || !Number.isInteger(v.pid) || typeof v.startedAt !== 'string') return undefined;
    if (v.token !== undefined && typeof v.token !== 'string') return undefined;
    return v as InstanceInfo;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server running on this data folder, if one is: its file exists, its process lives and it answers. */
export async function findRunningServer(dataDir: string, fetchImpl: typeof fetch = fetch): Promise<InstanceInfo | undefined> {
  const info = readInstanceFile(dataDir);
  if (!info || !processAlive(info.pid)) return undefined;
  try {
    const res = await fetchImpl(new URL('/api/v1/health', info.url), { signal: AbortSignal.timeout(3000) });
    return res.ok ? info : undefined;
  } catch {
    return undefined;
  }
}
