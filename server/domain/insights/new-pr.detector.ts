import { type Detector, type Finding, type NewRecord, RECENT_DAYS } from './insight-types.js';

function label(kind: string, key: number): string {
  if (/dist|pace|time/i.test(kind) && key >= 100) return key >= 1000 ? `${Math.round(key / 100) / 10} km` : `${key} m`;
  if (key >= 3600) return `${Math.round(key / 360) / 10} h`;
  if (key >= 60) return `${Math.round(key / 6) / 10} min`;
  return `${key} s`;
}

const DAY_MS = 86_400_000;
const dayOf = (r: NewRecord) => r.day ?? new Date(r.startTimeMs).toISOString().slice(0, 10);

/**
 * A new all-time personal record set by a newly imported activity (records come from the
 * analysis engine). One insight per activity, listing every record it set. Records set by two or
 * more activities older than `recentDays` (an import of the athlete's history) make ONE summary
 * ("412 new records from your history") instead of a card per activity.
 */
export const newPr: Detector<null> = {
  id: 'new-pr',
  windowDays: 1,
  detect(ctx) {
    const oldest = new Date(Date.parse(`${ctx.today}T00:00:00Z`) - (ctx.recentDays ?? RECENT_DAYS) * DAY_MS).toISOString().slice(0, 10);
    let history = ctx.newRecords.filter((r) => dayOf(r) < oldest);
    // One old activity keeps its own card (dated on its day, so it never notifies); two or more are a history.
    if (new Set(history.map((r) => r.activityId)).size < 2) history = [];
    const byActivity = new Map<string, typeof ctx.newRecords[number][]>();
    for (const r of ctx.newRecords) if (!history.includes(r)) byActivity.set(r.activityId, [...(byActivity.get(r.activityId) ?? []), r]);
    const findings: Finding[] = [];
    if (history.length) {
      const days = history.map(dayOf).sort();
      const activities = new Set(history.map((r) => r.activityId));
      const sports = [...new Set(history.map((r) => r.sport))];
      findings.push({
        // One per batch: the records of a run are reported once (the runner forgets them after it).
        dedupeKey: `history:${ctx.today}:${days[0]}:${days[days.length - 1]}:${history.length}:${[...activities].sort()[0]}`,
        date: ctx.today,
        severity: 'info',
        title: `${history.length} new record${history.length === 1 ? '' : 's'} from your history`,
        message: `${activities.size} imported activit${activities.size === 1 ? 'y' : 'ies'} from ${days[0]} to ${days[days.length - 1]} hold ${history.length} all-time record${history.length === 1 ? '' : 's'} (${sports.join(', ')}). See Records for the list.`,
        evidence: { summary: true, records: history.length, activities: activities.size, from: days[0], to: days[days.length - 1], sports },
      });
    }
    for (const [activityId, recs] of byActivity) {
      const date = dayOf(recs[0]);
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
