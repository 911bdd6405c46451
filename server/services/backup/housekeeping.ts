import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HousekeepingRunDto, HousekeepingSettingsDto } from '../../../shared/backup-api.js';
import type { Storage } from '../../storage/port.js';
import type { DbLocation } from './db-location.js';
import { healthPayloadsBefore, pruneJobDetails } from './housekeeping-db.js';

/** How long a staged upload may sit in incoming/ after its job is gone (MILEVAULT_INCOMING_RETENTION_H). */
export const DEFAULT_INCOMING_RETENTION_H = 24;

const JOB_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What account-import (backup uploads) and archive imports leave while they run. */
const OWN_LEFTOVER = /^(account-backup-[0-9a-f]+\.tar\.gz|account-import-.+)$/;

export interface HousekeepingResult {
  /** Staging folders of finished or vanished import jobs. */
  stagedJobs: number;
  /** Leftovers of backup uploads interrupted by a crash. */
  uploads: number;
}

export function incomingRetentionMs(env: NodeJS.ProcessEnv = process.env): number {
  const h = Number(env.MILEVAULT_INCOMING_RETENTION_H);
  return (env.MILEVAULT_INCOMING_RETENTION_H && Number.isFinite(h) && h > 0 ? h : DEFAULT_INCOMING_RETENTION_H) * 3600_000;
}

/**
 * The scheduled cleanup of incoming/ (issue 16 "Housekeeping"). A staged upload is deleted by its
 * import job once the commit that records it is durable (import.service.ts); what remains here
 * belongs to no unfinished job — a crash between that commit and the delete, or an upload whose job
 * row never committed. Such a folder is removed only when it is also older than the retention
 * window, so a job being created right now (its files staged before its row commits) is never
 * touched. Unfinished jobs' folders are always kept: a restart resumes them from there.
 */
export async function sweepIncoming(deps: { storage: Storage; incomingDir: string; olderThanMs: number; nowMs?: number }): Promise<HousekeepingResult> {
  const now = deps.nowMs ?? Date.now();
  const out: HousekeepingResult = { stagedJobs: 0, uploads: 0 };
  let names: string[];
  try {
    names = await readdir(deps.incomingDir);
  } catch {
    return out;
  }
  const unfinished = new Set((await deps.storage.imports.unfinished()).map((j) => j.id));
  for (const name of names) {
    const kind = JOB_DIR.test(name) ? 'stagedJobs' : OWN_LEFTOVER.test(name) ? 'uploads' : null;
    if (!kind || unfinished.has(name)) continue;
    const st = await stat(join(deps.incomingDir, name)).catch(() => null);
    if (!st || now - st.mtimeMs < deps.olderThanMs) continue;
    await rm(join(deps.incomingDir, name), { recursive: true, force: true });
    out[kind]++;
  }
  return out;
}

const DAY = 86_400_000;

/** Defaults: a day for staged uploads, three months of job details, a year of raw health payloads. */
export function defaultHousekeepingSettings(env: NodeJS.ProcessEnv = process.env): HousekeepingSettingsDto {
  return { incomingHours: incomingRetentionMs(env) / 3600_000, jobDetailsDays: 90, healthPayloadDays: 365 };
}

export interface HousekeepingDeps {
  storage: Storage;
  source: DbLocation;
  dataDir: string;
}

/**
 * One cleanup run (issue 16 "Housekeeping"): incoming/ leftovers (sweepIncoming), old job details
 * (housekeeping-db.ts) and raw health payload files older than their setting. Each part runs even
 * when another fails; the first failure is reported with what was removed. Never touched: the
 * originals, activities and the health values themselves. A setting of 0 keeps that kind forever.
 */
export async function runHousekeeping(deps: HousekeepingDeps, settings: HousekeepingSettingsDto, trigger: HousekeepingRunDto['trigger'], nowMs = Date.now()): Promise<HousekeepingRunDto> {
  const out: HousekeepingRunDto = { at: new Date(nowMs).toISOString(), trigger, stagedJobs: 0, uploads: 0, importFileRows: 0, jobs: 0, healthPayloads: 0, healthPayloadBytes: 0, error: null };
  const fail = (what: string, e: unknown) => (out.error ??= `${what}: ${e instanceof Error ? e.message : String(e)}`);
  if (settings.incomingHours > 0) {
    try {
      Object.assign(out, await sweepIncoming({ storage: deps.storage, incomingDir: join(deps.dataDir, 'incoming'), olderThanMs: settings.incomingHours * 3600_000, nowMs }));
    } catch (e) {
      fail('incoming/', e);
    }
  }
  if (settings.jobDetailsDays > 0) {
    try {
      Object.assign(out, await pruneJobDetails(deps.source, nowMs - settings.jobDetailsDays * DAY));
    } catch (e) {
      fail('job details', e);
    }
  }
  if (settings.healthPayloadDays > 0) {
    try {
      const root = join(deps.dataDir, 'health-payloads');
      for (const p of await healthPayloadsBefore(deps.source, nowMs - settings.healthPayloadDays * DAY)) {
        if (!/^[0-9a-f]{64}$/.test(p.sha256)) continue;
        const file = join(root, encodeURIComponent(p.userId), `${p.sha256}.json.gz`);
        const st = await stat(file).catch(() => null);
        if (!st?.isFile()) continue;
        await rm(file, { force: true });
        out.healthPayloads++;
        out.healthPayloadBytes += st.size;
      }
    } catch (e) {
      fail('health payloads', e);
    }
  }
  return out;
}
