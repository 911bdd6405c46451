import { type Detector, type Finding } from './insight-types.js';

function label(kind: string, key: number): string {
  if (/dist|pace|time/i.test(kind) && key >= 100) return key >= 1000 ? `${Math.round(key / 100) / 10} km` : `${key} m`;
  if (key >= 3600) return `${Math.round(key / 360) / 10} h`;
  if (key >= 60) return `${Math.round(key / 6) / 10} min`;
  return `${key} s`;
}

/**
 * A new all-time personal record set by a newly imported activity (records come from the
 * analysis engine). One insight per activity, listing every record it set.
 */
export const newPr: Detector<null> = {
  id: 'new-pr',
  windowDays: 1,
  detect(ctx) {
    const byActivity = new Map<string, typeof ctx.newRecords[number][]>();
    for (const r of ctx.newRecords) byActivity.set(r.activityId, [...(byActivity.get(r.activityId) ?? []), r]);
    const findings: Finding[] = [];
    for (const [activityId, recs] of byActivity) {
      const date = recs[0].day ?? new Date(recs[0].startTimeMs).toISOString().slice(0, 10);
      const names = recs.map((r) => `${r.sport} ${r.kind} ${label(r.kind, r.key)}`);
      findings.push({
        dedupeKey: activityId,
        date,
        severity: 'info',
        title: recs.length === 1 ? 'New personal record' : `${recs.length} new personal records`,
        message: `New all-time best: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}.`,
        evidence: { activityId, records: recs.map((r) => ({ sport: r.sport, kind: r.kind, key: r.key, value: r.value })) },
      });
    }
    return { findings, state: null };
  },
};
