import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from '../storage/port.js';

/**
 * An original younger than this is never swept. Another process on the same data folder (the CLI
 * importing while the app starts) keeps a file's original before its rows commit; the longest a
 * file can sit between the two is a parse (timeout 60 s) plus a group commit. An hour is far past
 * that, and an orphan left by a crash is swept at a later start instead.
 */
export const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

const SHA256_NAME = /^[0-9a-f]{64}$/;
/** Temp names of a write cut short: `<sha256>.<pid>-<8 hex>.tmp` (original-store.ts tempNameFor), or `<sha256>.<8 hex>.tmp` without the writer's pid. */
const TEMP_NAME = /^[0-9a-f]{64}\.(?:(\d+)-)?[0-9a-f]{8}\.tmp$/;

/**
 * Whether the process that named a temp file is gone, so the file can never be finished. This
 * process has written no original yet when the sweep runs, so its own pid means an earlier run
 * (a container restarts with the same pid). A pid that is alive may be the CLI: kept.
 */
function writerGone(pid: number, ownWritesInFlight: boolean): boolean {
  if (pid === process.pid) return !ownWritesInFlight;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
const JOB_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SweepResult {
  /** Originals (and temp files) deleted because no row references them. */
  originals: number;
  /** Staging folders under incoming/ deleted because no unfinished job owns them. */
  staging: number;
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
}

/**
 * Startup sweep (issue 12, defect 3), run before interrupted jobs resume and before the server
 * listens, so no import of this process is in flight:
 * - originals/ files whose SHA-256 no row of any user references (OriginalsRepo.referenced: every
 *   table that names a kept file) once older than `minAgeMs`, and temp files of interrupted writes
 *   (at once when their writer's process is gone, else once that old). Only names the store itself
 *   writes are considered; anything else is left alone.
 * - incoming/<uuid>/ staging folders that belong to no unfinished job: an upload killed before
 *   its 202 (no job row), or a finished job killed before it removed its folder. incoming/archives/
 *   holds per-run temporaries of archive imports; none is running, so it is emptied.
 * Conservative by construction: a file is deleted only when the committed database names it
 * nowhere; when the reference query fails, nothing is deleted.
 */
export async function sweepOrphans(deps: { storage: Storage; originalsDir: string; incomingDir: string; minAgeMs?: number; nowMs?: number }): Promise<SweepResult> {
  const originals = await sweepOriginals(deps);
  const staging = await sweepStaging(deps);
  return { originals, staging };
}

/**
 * The originals half of the sweep; returns how many files went. It reads every reference of
 * every user (a scan that took 0.4–1.2 s at 50,000 activities), so a server runs it after it
 * listens (issue 14: ready sooner). That is safe for the same reason another process's imports
 * are: nothing younger than `minAgeMs` is deleted. `ownWritesInFlight`: this process may be
 * writing originals now, so temp files named with its own pid are treated as a live writer's.
 */
export async function sweepOriginals(deps: { storage: Storage; originalsDir: string; minAgeMs?: number; nowMs?: number; ownWritesInFlight?: boolean }): Promise<number> {
  const minAgeMs = deps.minAgeMs ?? ORPHAN_MIN_AGE_MS;
  const now = deps.nowMs ?? Date.now();
  let swept = 0;
  const referenced = await deps.storage.originals.referenced();
  for (const shard of await entries(deps.originalsDir)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    const dir = join(deps.originalsDir, shard);
    for (const name of await entries(dir)) {
      const temp = TEMP_NAME.exec(name);
      if (!temp && !(SHA256_NAME.test(name) && name.startsWith(shard) && !referenced.has(name))) continue;
      const path = join(dir, name);
      const st = await stat(path).catch(() => null);
      if (!st?.isFile()) continue;
      const deadWriter = temp?.[1] !== undefined && writerGone(Number(temp[1]), deps.ownWritesInFlight ?? false);
      if (!deadWriter && now - st.mtimeMs < minAgeMs) continue;
      await rm(path, { force: true });
      swept++;
    }
  }
  return swept;
}

/** The staging half: run before any upload of this process exists (an upload has no job row until its 202). */
export async function sweepStaging(deps: { storage: Storage; incomingDir: string }): Promise<number> {
  let swept = 0;

  const live = new Set((await deps.storage.imports.unfinished()).map((j) => j.id));
  for (const name of await entries(deps.incomingDir)) {
    if (JOB_DIR.test(name) && !live.has(name)) {
      await rm(join(deps.incomingDir, name), { recursive: true, force: true });
      swept++;
    }
  }
  for (const name of await entries(join(deps.incomingDir, 'archives'))) {
    await rm(join(deps.incomingDir, 'archives', name), { recursive: true, force: true });
    swept++;
  }
  return swept;
}
