import type { GearKind } from '../../../shared/gear-api.js';
import { type StravaActivityRow, parseStravaActivitiesCsv } from '../../ingest/strava/strava-activities-csv.js';
import { parseStravaGearCsv } from '../../ingest/strava/strava-gear-csv.js';
import type { ArchiveMeta } from './archive-meta.js';
import type { Plan, PlanContext, Unit } from './archive-import.js';
import { skippedUnit } from './archive-import.js';
import { ACTIVITY_FILE, fileUnit, genericPlan } from './generic-plan.js';
import type { ZipMember } from './zip-archive.js';

/** The folder holding activities.csv (exports are sometimes re-zipped inside one folder), or null. */
export function stravaRoot(names: string[]): string | null {
  const hits = names.filter((n) => /(^|\/)activities\.csv$/i.test(n)).sort((a, b) => a.length - b.length);
  return hits.length ? hits[0].slice(0, hits[0].length - 'activities.csv'.length) : null;
}

const SHOE_SPORTS = new Set(['running', 'walking', 'hiking']);

function gearKind(row: StravaActivityRow, known: Map<string, GearKind>): GearKind {
  return known.get(row.gearName!.toLowerCase()) ?? (row.sport === 'cycling' || row.sport === 'e_biking' ? 'bike' : SHOE_SPORTS.has(row.sport) ? 'shoes' : 'other');
}

function metaOf(row: StravaActivityRow, known: Map<string, GearKind>): ArchiveMeta {
  return {
    source: 'strava',
    externalId: row.activityId,
    name: row.name || null,
    sport: row.sportKnown ? { sport: row.sport, subSport: row.subSport } : null,
    description: row.description,
    privateNote: row.privateNote,
    commute: row.commute,
    perceivedExertion: row.perceivedExertion,
    gear: row.gearName ? { name: row.gearName, kind: gearKind(row, known) } : null,
    startTimeMs: row.startTimeMs,
    summary: {
      distanceM: row.distanceM,
      elapsedTimeS: row.elapsedTimeS,
      timerTimeS: row.movingTimeS ?? row.elapsedTimeS,
      movingTimeS: row.movingTimeS,
      avgSpeedMps: row.avgSpeedMps,
      maxSpeedMps: row.maxSpeedMps,
      ascentM: row.ascentM,
      descentM: row.descentM,
      avgHrBpm: row.avgHrBpm,
      maxHrBpm: row.maxHrBpm,
      avgPowerW: row.avgPowerW,
      caloriesKcal: row.caloriesKcal,
    },
  };
}

/**
 * A Strava bulk export (FORMATS.md §5): activities.csv drives the import, each row with its file
 * (or none: a manual entry), its photos from media/, and its gear by name (bikes.csv, shoes.csv).
 */
export async function stravaPlan(ctx: PlanContext): Promise<Plan> {
  const root = stravaRoot(ctx.archive.members.map((m) => m.name)) ?? '';
  const byName = new Map(ctx.archive.members.map((m) => [m.name, m]));
  const csvMember = byName.get(`${root}activities.csv`)!;
  const csv = csvMember.problem ? { ok: false as const, error: `activities.csv: ${csvMember.problem}` } : parseStravaActivitiesCsv(await ctx.archive.read(csvMember));
  if (!csv.ok) {
    // Without the index we still import every activity file, just without Strava's names.
    const fallback = genericPlan(ctx);
    return { ...fallback, kind: 'strava', error: `${csv.error} — the activity files were imported without their Strava names and descriptions` };
  }
  const notes = [`Strava export: ${csv.rows.length} activities in activities.csv`, ...csv.warnings];
  const used = new Set<string>([csvMember.name]);

  const gearKinds = new Map<string, GearKind>();
  for (const [file, kind] of [['bikes.csv', 'bike'], ['shoes.csv', 'shoes']] as const) {
    const m = byName.get(`${root}${file}`);
    if (!m) continue;
    used.add(m.name);
    const g = m.problem ? { ok: false as const, error: m.problem } : parseStravaGearCsv(await ctx.archive.read(m), kind);
    if (!g.ok) {
      notes.push(`${file}: ${g.error}`);
      continue;
    }
    for (const r of g.rows) {
      gearKinds.set(r.name.toLowerCase(), kind);
      await ctx.deps.ensureGear(ctx.userId, { name: r.name, kind, brand: r.brand, model: r.model });
    }
    notes.push(`${file}: ${g.rows.length} gear items`);
  }

  const units: Unit[] = csv.rows.map((row) => {
    const meta = metaOf(row, gearKinds);
    const media = row.media.map((p) => byName.get(`${root}${p}`)).filter((m): m is ZipMember => Boolean(m));
    const lostPhotos = row.media.length - media.length;
    media.forEach((m) => used.add(m.name));
    const withMedia = async (): Promise<ArchiveMeta> => {
      const kept: { sha256: string; fileName: string }[] = [];
      for (const m of media) if (!m.problem) kept.push({ sha256: await ctx.deps.keepMedia(await ctx.archive.read(m)), fileName: m.name.split('/').pop()! });
      return kept.length ? { ...meta, media: kept } : meta;
    };
    if (!row.fileName) {
      const label = `activities.csv #${row.activityId} (no file)`;
      return { member: label, run: async () => ctx.deps.importManual(ctx.userId, label, await withMedia()) };
    }
    const m = byName.get(`${root}${row.fileName}`);
    if (!m) return { member: row.fileName, run: async () => ({ name: row.fileName!, status: 'failed', error: `activities.csv row ${row.activityId} names ${row.fileName}, which is not in the archive` }) };
    used.add(m.name);
    const inner = fileUnit(ctx, m, null);
    return {
      member: m.name,
      run: async () => {
        if (m.problem) return inner.run();
        const r = await ctx.deps.importFile(ctx.userId, m.name.split('/').pop()!, ctx.archive.input(m), await withMedia());
        return lostPhotos ? { ...r, warnings: [...(r.warnings ?? []), `${lostPhotos} photo(s) listed in activities.csv are not in the archive`] } : r;
      },
    };
  });

  for (const m of ctx.archive.members) {
    if (used.has(m.name)) continue;
    if (m.problem) units.push({ member: m.name, run: async () => ({ name: m.name, status: 'failed', error: m.problem }) });
    else if (ACTIVITY_FILE.test(m.name)) units.push({ ...fileUnit(ctx, m, null), member: m.name });
    else if (/(^|\/)media\//.test(m.name)) units.push(skippedUnit(m.name, 'a photo that no activity in activities.csv refers to'));
    else units.push(skippedUnit(m.name, 'not activity data (Strava profile, social or settings file)'));
  }
  return { kind: 'strava', notes, units };
}
