import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { GearKind } from '../../../shared/gear-api.js';
import { isGarminExport } from '../../ingest/garmin-export/garmin-files.js';
import type { StoreResult } from '../activities/activity-store.js';
import type { ArchiveMeta } from './archive-meta.js';
import { garminPlan } from './garmin-plan.js';
import type { RowSink } from './member-rows.js';
import { genericPlan } from './generic-plan.js';
import { stravaPlan, stravaRoot } from './strava-plan.js';
import { type MemberInput, ZipArchive } from './zip-archive.js';
import type { ZipLimits } from './zip-limits.js';

/** The optional health importer (another feature) that takes Garmin export wellness files. */
export interface HealthIngest {
  ingestGarminExportFile(userId: string, fileName: string, bytes: Uint8Array): Promise<{ status: 'imported' | 'skipped' | 'failed'; error?: string }>;
}

/** Archive metadata, or a resolver called with the parsed start time (Garmin joins by start). */
export type MetaSource = ArchiveMeta | ((startMs: number) => ArchiveMeta | null) | null;

export interface ArchiveDeps {
  limits: ZipLimits;
  tmpDir: string;
  health?: HealthIngest;
  dryRun: boolean;
  concurrency: number;
  /** Imports one activity member; the importer reads it (into memory or a temp file) when its byte budget allows. */
  importFile(userId: string, name: string, member: MemberInput, meta: MetaSource): Promise<StoreResult>;
  importManual(userId: string, name: string, meta: ArchiveMeta): Promise<StoreResult>;
  /** Stores a photo in the original store; returns its sha256. */
  keepMedia(bytes: Buffer): Promise<string>;
  ensureGear(userId: string, g: { name: string; kind: GearKind; brand?: string | null; model?: string | null; retired?: boolean }): Promise<void>;
}

/** One row of the job: an archive member (or a CSV/JSON entry) and how to import it. */
export interface Unit {
  member: string;
  run(): Promise<StoreResult>;
}

export interface Plan {
  kind: string;
  notes: string[];
  /** Set when the archive's index (activities.csv) is unusable: the container row then fails with it. */
  error?: string;
  units: Unit[];
  /** Units known only after the first ones ran (Garmin summaries that matched no file). */
  after?: () => Unit[];
  cleanup?: () => Promise<void>;
}

export interface PlanContext {
  userId: string;
  archive: ZipArchive;
  deps: ArchiveDeps;
  tmpDir: string;
}

const SHUTTING_DOWN = 'the server is shutting down';

export const isArchiveName = (name: string) => /\.zip$/i.test(name);

export const skippedUnit = (member: string, reason: string): Unit => ({ member, run: async () => ({ name: member, status: 'skipped', error: reason }) });

/**
 * Imports a zip: a Strava bulk export, a Garmin account export, or any zip of activity files.
 * The zip is read from disk member by member (never extracted whole); each member becomes a row of
 * the job with its own result, so one bad member never stops the others.
 */
export class ArchiveImporter {
  constructor(private deps: ArchiveDeps) {}

  async run(userId: string, label: string, path: string, _containerIdx: number, rows: RowSink): Promise<StoreResult> {
    let archive: ZipArchive;
    try {
      archive = await ZipArchive.open(path, this.deps.limits);
    } catch (e) {
      return { name: label, status: 'failed', error: `the zip archive cannot be read: ${e instanceof Error ? e.message : String(e)}` };
    }
    const tmpDir = join(this.deps.tmpDir, randomUUID());
    let plan: Plan | undefined;
    try {
      // Nested archives (Garmin) are streamed to a temporary file, removed below; even a dry run needs it.
      await mkdir(tmpDir, { recursive: true });
      const names = archive.members.map((m) => m.name);
      const ctx: PlanContext = { userId, archive, deps: this.deps, tmpDir };
      plan = stravaRoot(names) !== null ? await stravaPlan(ctx) : isGarminExport(names) ? await garminPlan(ctx) : genericPlan(ctx);
      await this.runUnits(plan.units, rows, label);
      if (plan.after) await this.runUnits(plan.after(), rows, label);
      const notes = [...plan.notes];
      if (archive.skippedMembers) notes.push(`${archive.skippedMembers} further members were not read: the archive has more than the ${this.deps.limits.maxMembers} members we accept`);
      if (plan.error) return { name: label, status: 'failed', error: plan.error, warnings: notes };
      return { name: label, status: 'imported', warnings: notes };
    } finally {
      archive.close();
      await plan?.cleanup?.().catch(() => {});
      await rm(tmpDir, { recursive: true, force: true }).catch(() => {});
    }
  }

  private async runUnits(units: Unit[], rows: RowSink, label: string): Promise<void> {
    if (!units.length) return;
    const names = units.map((u) => `${label} › ${u.member}`);
    const { idx, done } = await rows.register(names);
    const pending = units.map((u, k) => ({ u, i: idx[k], name: names[k] })).filter((_, k) => !done[k]);
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const { u, i, name } = pending[next++];
        const r = await u.run().catch((e: unknown): StoreResult => ({ name, status: 'failed', error: e instanceof Error ? e.message : String(e) }));
        // Stopped by a shutdown, not by the member: leave the row pending so a resumed job retries it.
        if (r.status === 'failed' && r.error === SHUTTING_DOWN) continue;
        await rows.set(i, { ...r, name });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency) }, worker));
  }
}
