/** "New PR" marks: a compact badge for lists and a line naming the records on the activity page. */
import type { ActivityPrDto } from '../../../../shared/analysis-api.js';
import { durationLabel, effortLabel } from '../../lib/analysis-format';
import { sportInfo } from '../../lib/sports';

/**
 * `showCount`: the activity page names how many; in the list a bare "PR" reads better, because
 * the count includes every curve duration and per-year best and easily runs into the dozens.
 */
export function PrBadge({ count, title, showCount = false }: { count: number; title?: string; showCount?: boolean }) {
  if (count <= 0) return null;
  return (
    <span className="pr-badge" data-testid="pr-badge" data-count={count} title={title ?? `Holds ${count} record${count === 1 ? '' : 's'} (all-time or best of a year)`}>
      <TrophyIcon /> {showCount && count > 1 ? `${count} PRs` : 'PR'}
    </span>
  );
}

export function prName(p: Pick<ActivityPrDto, 'kind' | 'key'>, sport: string): string {
  if (p.kind === 'distance') return effortLabel(p.key);
  const what = p.kind === 'power' ? 'power' : p.kind === 'hr' ? 'heart rate' : sportInfo(sport).rate === 'speed' ? 'speed' : 'pace';
  return `${durationLabel(p.key)} ${what}`;
}

/** Lists all-time records first; per-year bests only when the activity holds no all-time record. */
export function PrBanner({ prs, sport }: { prs: ActivityPrDto[]; sport: string }) {
  const all = prs.filter((p) => p.scope === 'all');
  const shown = all.length ? all : prs.filter((p) => p.scope === 'year');
  if (!shown.length) return null;
  const year = !all.length ? shown[0]!.year : null;
  const names = shown.map((p) => prName(p, sport));
  return (
    <div className="pr-banner" role="note" data-testid="pr-banner">
      <PrBadge count={shown.length} title="Records this activity holds" showCount />
      <span>
        {year ? `Best of ${year}: ` : 'New personal record: '}
        <strong>{names.slice(0, 6).join(', ')}</strong>
        {names.length > 6 && ` and ${names.length - 6} more`}. <a href="#/records">All records →</a>
      </span>
    </div>
  );
}

function TrophyIcon() {
  return (
    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
      <path d="M4 2h8v3a4 4 0 0 1-8 0V2zm-2 1h2v2a2 2 0 0 1-2-2zm10 0h2a2 2 0 0 1-2 2V3zM7 9h2v3h2v2H5v-2h2V9z" fill="currentColor" />
    </svg>
  );
}
