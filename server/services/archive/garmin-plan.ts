import { join } from 'node:path';
import { parseGarminGear } from '../../ingest/garmin-export/garmin-gear.js';
import { garminMemberKind } from '../../ingest/garmin-export/garmin-files.js';
import { type GarminSummary, parseSummarizedActivities } from '../../ingest/garmin-export/summarized-activities.js';
import type { ArchiveMeta } from './archive-meta.js';
import type { Plan, PlanContext, Unit } from './archive-import.js';
import { skippedUnit } from './archive-import.js';
import { ACTIVITY_FILE, fileUnit } from './generic-plan.js';
import type { ZipArchive } from './zip-archive.js';

/** Garmin's summary start and the file's first record differ by seconds; uploads never by minutes. */
const JOIN_WINDOW_MS = 120_000;

function metaOf(s: GarminSummary, gearName: string | undefined): ArchiveMeta {
  return {
    source: 'garmin',
    externalId: s.activityId,
    name: s.name,
    sport: s.activityType ? { sport: s.sport, subSport: s.subSport } : null,
    gear: gearName ? { name: gearName, kind: /cycl|bik/.test(s.sport) ? 'bike' : s.sport === 'running' || s.sport === 'walking' || s.sport === 'hiking' ? 'shoes' : 'other' } : null,
    startTimeMs: s.startTimeMs,
    summary: {
      distanceM: s.distanceM,
      elapsedTimeS: s.elapsedTimeS ?? s.durationS,
      timerTimeS: s.durationS,
      movingTimeS: s.movingTimeS,
      ascentM: s.ascentM,
      descentM: s.descentM,
      avgSpeedMps: s.avgSpeedMps,
      avgHrBpm: s.avgHrBpm,
      maxHrBpm: s.maxHrBpm,
      caloriesKcal: s.caloriesKcal,
    },
  };
}

/**
 * A Garmin account export (FORMATS.md §6): original files from the nested DI-Connect-Uploaded-Files
 * zips, joined by start time to summarizedActivities.json (file names carry upload ids, not
 * activity ids) for names, types and gear; wellness files go to the health importer when present.
 */
export async function garminPlan(ctx: PlanContext): Promise<Plan> {
  const { archive, deps } = ctx;
  const notes: string[] = [];
  const summaries: GarminSummary[] = [];
  const gearOf = new Map<string, string>();
  const units: Unit[] = [];
  const nested: ZipArchive[] = [];

  for (const m of archive.members) {
    const kind = garminMemberKind(m.name);
    if (m.problem && kind !== 'other') {
      units.push({ member: m.name, run: async () => ({ name: m.name, status: 'failed', error: m.problem }) });
      continue;
    }
    if (kind === 'summaries') {
      const r = parseSummarizedActivities(await archive.read(m));
      if (r.ok) summaries.push(...r.activities);
      notes.push(r.ok ? `${m.name.split('/').pop()}: ${r.activities.length} activity summaries${r.warnings.length ? ` (${r.warnings.length} unreadable)` : ''}` : `${m.name}: ${r.error}`);
    } else if (kind === 'gear') {
      const r = parseGarminGear(await archive.read(m));
      if (!r.ok) notes.push(`${m.name}: ${r.error}`);
      else {
        for (const g of r.gear) {
          await deps.ensureGear(ctx.userId, { name: g.name, kind: g.kind, brand: g.brand, model: g.model, retired: g.retired });
          for (const id of g.activityIds) gearOf.set(id, g.name);
        }
        notes.push(`gear: ${r.gear.length} items`);
      }
    } else if (kind === 'uploaded-zip') {
      const path = join(ctx.tmpDir, `nested-${nested.length}.zip`);
      try {
        await archive.extractTo(m, path);
        const inner = await archive.openNested(path);
        nested.push(inner);
        for (const im of inner.members) {
          const label = `${m.name.split('/').pop()} › ${im.name}`;
          if (ACTIVITY_FILE.test(im.name)) units.push(fileUnit({ ...ctx, archive: inner }, im, (startMs) => join_(startMs), label));
          else units.push(im.problem ? { member: label, run: async () => ({ name: label, status: 'failed', error: im.problem }) } : skippedUnit(label, 'not an activity file (FIT, GPX or TCX)'));
        }
        if (inner.skippedMembers) notes.push(`${m.name}: ${inner.skippedMembers} members beyond the ${deps.limits.maxMembers} limit were not read`);
      } catch (e) {
        units.push({ member: m.name, run: async () => ({ name: m.name, status: 'failed', error: `the nested archive cannot be read: ${e instanceof Error ? e.message : String(e)}` }) });
      }
    } else if (kind === 'activity-file') units.push(fileUnit(ctx, m, (startMs) => join_(startMs)));
    else if (kind === 'personal-records') units.push(skippedUnit(m.name, 'personal records are computed by MileVault from the activities'));
    else if (kind === 'wellness') units.push(wellnessUnit(ctx, m));
    else units.push(skippedUnit(m.name, m.problem ? `not activity data; also ${m.problem}` : 'not activity data (account, device, social or settings file)'));
  }

  summaries.sort((a, b) => a.startTimeMs - b.startTimeMs);
  const used = new Set<string>();
  /** The summary whose start is closest to a parsed file's start, within the join window. */
  function join_(startMs: number): ArchiveMeta | null {
    let best: GarminSummary | null = null;
    for (const s of summaries) if (Math.abs(s.startTimeMs - startMs) <= JOIN_WINDOW_MS && (!best || Math.abs(s.startTimeMs - startMs) < Math.abs(best.startTimeMs - startMs))) best = s;
    if (!best) return null;
    used.add(best.activityId);
    return metaOf(best, gearOf.get(best.activityId));
  }

  return {
    kind: 'garmin',
    notes: [`Garmin export: ${archive.members.length} members`, ...notes],
    units,
    // Summaries no file matched (manual entries, activities uploaded without a file): no streams.
    after: () =>
      summaries
        .filter((s) => !used.has(s.activityId))
        .map((s) => {
          const label = `summarizedActivities #${s.activityId} (no file)`;
          return { member: label, run: () => deps.importManual(ctx.userId, label, metaOf(s, gearOf.get(s.activityId))) };
        }),
    cleanup: async () => nested.forEach((n) => n.close()),
  };
}

function wellnessUnit(ctx: PlanContext, m: ZipArchive['members'][number]): Unit {
  const { deps } = ctx;
  return {
    member: m.name,
    run: async () => {
      if (!deps.health) return { name: m.name, status: 'skipped', error: 'wellness data (sleep, daily summary, VO2max, health status): waiting for the health importer' };
      if (deps.dryRun) return { name: m.name, status: 'imported', warnings: ['would be passed to the health importer'] };
      const r = await deps.health.ingestGarminExportFile(ctx.userId, m.name, await ctx.archive.read(m));
      return { name: m.name, status: r.status, ...(r.error ? { error: r.error } : {}) };
    },
  };
}
