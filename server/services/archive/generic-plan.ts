import type { Plan, PlanContext, Unit } from './archive-import.js';
import { skippedUnit } from './archive-import.js';

export const ACTIVITY_FILE = /\.(fit|gpx|tcx)(\.gz)?$/i;

/** A unit that imports one member as an activity file (problems of the member fail that row only). */
export function fileUnit(ctx: PlanContext, m: PlanContext['archive']['members'][number], meta: Parameters<PlanContext['deps']['importFile']>[3], label = m.name): Unit {
  return {
    member: label,
    run: async () => {
      if (m.problem) return { name: label, status: 'failed', error: m.problem };
      return ctx.deps.importFile(ctx.userId, m.name.split('/').pop() ?? m.name, ctx.archive.input(m), meta);
    },
  };
}

/** Any zip of activity files: every FIT/GPX/TCX (.gz) member is imported; the rest is reported. */
export function genericPlan(ctx: PlanContext): Plan {
  const units: Unit[] = ctx.archive.members.map((m) => {
    if (m.problem) return { member: m.name, run: async () => ({ name: m.name, status: 'failed', error: m.problem }) };
    if (ACTIVITY_FILE.test(m.name)) return fileUnit(ctx, m, null);
    if (/\.zip$/i.test(m.name)) return skippedUnit(m.name, 'archives inside this zip are not opened (only a Garmin export’s uploaded-file archives are)');
    return skippedUnit(m.name, 'not an activity file (FIT, GPX or TCX)');
  });
  return { kind: 'zip', notes: [`zip archive: ${ctx.archive.members.length} members`], units };
}
