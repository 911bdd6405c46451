import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { openSqliteStorage } from '../../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../storage/port.js';
import { writeAccountExport } from '../export/account-export.js';
import type { ImportService } from '../import.service.js';
import { OriginalStore } from '../original-store.js';
import { BackupError } from './backup-format.js';
import { sqliteFileOf } from './db-location.js';
import { restoreBackup } from './restore-backup.js';
import type { RecordKind } from '../../../shared/analysis-api.js';

export interface AccountImportResult {
  /** The import job that brings the activities in (GET /api/v1/imports/:id). */
  jobId: string;
  /** The athlete of the backup whose data was taken. */
  sourceUserId: string;
  activities: number;
  health: { daily: number; samples: number; sleep: number };
  /** Carried before the activities arrive (so their analysis and segment efforts use them); duplicates of what the account has are skipped. */
  carried: { thresholds: number; segments: number; settings: string[]; healthPriorities: number };
}

/** What is applied once the import job is done: the backup's route names on the routes its activities formed. */
export interface AccountImportFollowUp {
  routesNamed: number;
  /** Record exclusions of the backup re-applied to the account's copies of those activities. */
  exclusions: number;
}

/** Re-applies an exclusion and recomputes the records (RecordExclusionsService.exclude). */
type Exclude = (userId: string, input: { activityId: string; sport?: string; kind?: RecordKind; key?: number }) => Promise<unknown>;

const FAR = Date.UTC(3000, 0, 1);

/**
 * A desktop backup uploaded into one server account (issue 16: "in server mode an athlete can
 * upload a desktop backup to their own account"). The backup is restored, verified (checksums,
 * schema: a newer one is refused, an older one migrated) into a private staging folder; its athlete's
 * history then goes into `userId`'s account the way every other file does — as the account-export
 * zip (originals, names, sports, descriptions, notes, gear, commute, effort) through the import
 * pipeline, which dedupes and scopes every row to `userId` — and their health rows are upserted
 * under `userId`. Before the activities: the athlete's settings (time zone, units, map layer), health
 * source priorities, dated thresholds and segments (new ids, so the imported activities' analysis
 * and segment efforts are computed with them). After the import job: each route of the backup
 * gives its name to the route its activities formed in the account (routes themselves are derived
 * again from the tracks). Nothing is written with the backup's user ids, so no other account is
 * touched, and uploading the same backup twice only finds duplicates. Record exclusions ("not a
 * record", issue 13) follow their activities by original file and are applied once the import is
 * done, with the records recomputed. Not carried: live sessions, API keys, tokens, insights
 * (derived again).
 */
export async function importBackupIntoAccount(
  deps: { storage: Storage; imports: ImportService; tmpDir: string; exclude?: Exclude },
  backupFile: string,
  userId: string,
  opts: { sourceUserId?: string } = {},
): Promise<AccountImportResult & { followUp: Promise<AccountImportFollowUp> }> {
  const stage = await mkdtemp(join(deps.tmpDir, 'account-import-'));
  const dataDir = join(stage, 'db');
  let src: Storage | null = null;
  let handedOver = false;
  try {
    await restoreBackup({ file: backupFile, into: { kind: 'sqlite', dataDir } });
    src = await openSqliteStorage(sqliteFileOf(dataDir));
    const users = await src.users.ids();
    const withData: string[] = [];
    for (const u of users) if ((await src.activities.list(u, { limit: 1, offset: 0 })).total > 0 || (await src.health.counts(u)).daily > 0) withData.push(u);
    const sourceUserId = opts.sourceUserId ?? (withData.length === 1 ? withData[0]! : undefined);
    if (!sourceUserId) throw new BackupError(withData.length ? `the backup holds ${withData.length} athletes (${withData.join(', ')}); say which one with sourceUserId` : 'the backup holds no activities or health data');
    if (!users.includes(sourceUserId)) throw new BackupError(`the backup has no athlete ${sourceUserId}`);
    const activities = (await src.activities.list(sourceUserId, { limit: 1, offset: 0 })).total;

    // Health rows straight into the account (upserts: idempotent, keyed by the account's id).
    const h = src.health;
    const daily = await h.daily(sourceUserId, 0, FAR);
    await deps.storage.health.upsertDaily(userId, daily);
    const sleep = await h.sleep(sourceUserId, 0, FAR);
    await deps.storage.health.upsertSleep(userId, sleep);
    let samples = 0;
    const { SERIES_METRICS } = await import('../../../shared/health.js');
    const MONTH = 31 * 86_400_000;
    if ((await h.counts(sourceUserId)).samples) {
      for (let from = Date.UTC(1990, 0, 1); from < Date.now() + MONTH; from += MONTH) {
        const rows = await h.samples(sourceUserId, SERIES_METRICS, from, from + MONTH, null);
        if (rows.length) await deps.storage.health.upsertSamples(userId, rows);
        samples += rows.length;
      }
    }

    const carried = await carryAccountSetup(src, deps.storage, sourceUserId, userId);
    // Route names, read now (the staging database closes before the import job runs).
    const routeNames = await routeNamesByOriginal(src, sourceUserId);
    const exclusions = await exclusionsByOriginal(src, sourceUserId);

    const zipPath = join(stage, 'account.zip');
    const through = new PassThrough();
    await Promise.all([writeAccountExport({ storage: src, originals: new OriginalStore(join(dataDir, 'originals')) }, sourceUserId, through).then(() => through.end()), pipeline(through, createWriteStream(zipPath))]);
    await src.close();
    src = null;
    const jobId = await deps.imports.createJobFromPaths(userId, [zipPath]);
    handedOver = true;
    // The staging folder goes once the job has read the zip; then the routes get their names.
    const followUp = deps.imports
      .waitFor(jobId)
      .finally(() => rm(stage, { recursive: true, force: true }))
      .then(async () => ({ ...(await nameRoutes(deps.storage, userId, routeNames)), exclusions: await applyExclusions(deps, userId, exclusions) }));
    followUp.catch((e: unknown) => console.error(`[account-import] naming routes failed: ${e instanceof Error ? e.message : String(e)}`));
    return { jobId, sourceUserId, activities, health: { daily: daily.length, samples, sleep: sleep.length }, carried, followUp };
  } finally {
    await src?.close().catch(() => {});
    if (!handedOver) await rm(stage, { recursive: true, force: true });
  }
}

const round = (v: number) => Math.round(v * 1e5);

/** Settings, health source priorities, thresholds and segments of the backup's athlete into the account. */
async function carryAccountSetup(src: Storage, dst: Storage, from: string, to: string): Promise<AccountImportResult['carried']> {
  const out: AccountImportResult['carried'] = { thresholds: 0, segments: 0, settings: [], healthPriorities: 0 };
  const settings = await src.users.settings(from);
  const patch = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== null && v !== undefined));
  if (Object.keys(patch).length) {
    await dst.users.setSettings(to, patch);
    out.settings = Object.keys(patch).sort();
  }
  for (const [metric, sources] of Object.entries(await src.health.priorities(from))) {
    await dst.health.setPriority(to, metric, sources);
    out.healthPriorities++;
  }
  const have = new Set((await dst.thresholds.list(to)).map((t) => `${t.kind}|${t.sport}|${t.value}|${t.validFrom}`));
  for (const t of await src.thresholds.list(from)) {
    const key = `${t.kind}|${t.sport}|${t.value}|${t.validFrom}`;
    if (have.has(key)) continue;
    await dst.thresholds.insert(to, randomUUID(), { kind: t.kind, sport: t.sport, value: t.value, validFrom: t.validFrom });
    have.add(key);
    out.thresholds++;
  }
  const segKey = (s: { name: string; startLat: number; startLon: number; endLat: number; endLon: number }) => `${s.name}|${round(s.startLat)}|${round(s.startLon)}|${round(s.endLat)}|${round(s.endLon)}`;
  const segs = new Set((await dst.segments.listSegments(to)).map(segKey));
  for (const s of await src.segments.listSegments(from)) {
    if (segs.has(segKey(s))) continue;
    // The activity it was cut from gets a new id in the account: the link is informational only.
    await dst.segments.insertSegment({ ...s, id: randomUUID(), userId: to, sourceActivityId: null });
    segs.add(segKey(s));
    out.segments++;
  }
  return out;
}

/** The backup athlete's record exclusions, each with the original file of its activity. */
async function exclusionsByOriginal(src: Storage, from: string): Promise<{ sha256: string; sport: string; kind: string; key: number }[]> {
  const out: { sha256: string; sport: string; kind: string; key: number }[] = [];
  const shaOf = new Map<string, string | null>();
  for (const e of await src.recordExclusions.list(from)) {
    if (!shaOf.has(e.activityId)) shaOf.set(e.activityId, (await src.activities.get(from, e.activityId))?.original?.sha256 ?? null);
    const sha256 = shaOf.get(e.activityId);
    if (sha256) out.push({ sha256, sport: e.sport, kind: e.kind, key: e.key });
  }
  return out;
}

/** Applies them to the account's activities made from the same files; returns how many were applied. */
async function applyExclusions(deps: { storage: Storage; exclude?: Exclude }, to: string, list: { sha256: string; sport: string; kind: string; key: number }[]): Promise<number> {
  let n = 0;
  for (const e of list) {
    for (const activityId of await deps.storage.activities.idsByOriginal(to, e.sha256)) {
      const whole = e.kind === '*';
      const input = whole ? { activityId } : { activityId, sport: e.sport, kind: e.kind as RecordKind, key: e.key };
      if (deps.exclude) await deps.exclude(to, input);
      else await deps.storage.recordExclusions.add(to, { activityId, sport: e.sport, kind: e.kind, key: e.key });
      n++;
    }
  }
  return n;
}

/** Each route of the backup's athlete: its name and the original files of its activities. */
async function routeNamesByOriginal(src: Storage, from: string): Promise<{ name: string; originals: string[] }[]> {
  const routes = await src.routes.listRoutes(from);
  if (!routes.length) return [];
  const members = await src.routes.members(from);
  const byRoute = new Map<string, string[]>();
  for (const m of members) {
    const a = await src.activities.get(from, m.activityId);
    if (a?.original?.sha256) (byRoute.get(m.routeId) ?? byRoute.set(m.routeId, []).get(m.routeId)!).push(a.original.sha256);
  }
  return routes.map((r) => ({ name: r.name, originals: byRoute.get(r.id) ?? [] })).filter((r) => r.originals.length);
}

/** Renames the account's route that most of a backup route's activities now belong to. */
async function nameRoutes(dst: Storage, to: string, names: { name: string; originals: string[] }[]): Promise<{ routesNamed: number }> {
  let routesNamed = 0;
  for (const r of names) {
    const votes = new Map<string, number>();
    for (const sha of r.originals) {
      for (const id of await dst.activities.idsByOriginal(to, sha)) {
        const routeId = (await dst.routes.getTrack(to, id))?.routeId;
        if (routeId) votes.set(routeId, (votes.get(routeId) ?? 0) + 1);
      }
    }
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!best) continue;
    const current = await dst.routes.getRoute(to, best);
    if (current && current.name !== r.name && (await dst.routes.updateRoute(to, best, { name: r.name }))) routesNamed++;
  }
  return { routesNamed };
}
