import { useEffect, useState } from 'react';
import type { ActivitySummaryDto } from '../../../shared/api.js';
import { FilePickerButton } from '../components/FilePickerButton';
import { PrBadge } from '../components/analysis/PrBadge';
import { usePrBadges } from '../components/analysis/use-pr-badges';
import { SportBadge } from '../components/SportBadge';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useImports } from '../hooks/use-import';
import { href, navigate } from '../hooks/use-route';
import { useUnits } from '../hooks/use-units';
import { api } from '../lib/api-client';
import { formatActivityDate, formatActivityTime } from '../lib/dates';
import { formatRate, rateLabel, SPORT_CHOICES, sportInfo } from '../lib/sports';
import { formatDistance, formatDuration, formatElevation, NO_VALUE } from '../units';

const PAGE_SIZE = 25;

export function ActivityListPage({ query }: { query: URLSearchParams }) {
  const { units } = useUnits();
  const { completed } = useImports();
  const sport = query.get('sport') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const page = Math.max(1, Number(query.get('page')) || 1);
  const filtered = !!(sport || from || to);

  const list = useAsync(
    (signal) =>
      api.listActivities({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sport, from: localDayStart(from), to: localDayEnd(to) }, signal),
    [sport, from, to, page, completed],
  );

  const setQuery = (patch: Record<string, string | number | undefined>) =>
    navigate(href('/activities', { sport, from, to, page: undefined, ...patch }), { replace: true });

  const prCounts = usePrBadges(list.data?.items.map((a) => a.id) ?? []);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Activities</h1>
          {list.data && <p className="muted">{total === 1 ? '1 activity' : `${total.toLocaleString()} activities`}{filtered ? ' match the filters' : ''}</p>}
        </div>
        <FilePickerButton label="Import files" />
      </div>

      <form className="filters" role="search" aria-label="Filter activities" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Sport</span>
          <select value={sport} onChange={(e) => setQuery({ sport: e.target.value })}>
            <option value="">All sports</option>
            {SPORT_CHOICES.map((s) => (
              <option key={s} value={s}>{sportInfo(s).label}</option>
            ))}
          </select>
        </label>
        <DateFilter label="From" value={from} onChange={(v) => setQuery({ from: v })} />
        <DateFilter label="To" value={to} onChange={(v) => setQuery({ to: v })} />
        {filtered && (
          <button type="button" className="btn btn-ghost" onClick={() => navigate(href('/activities'), { replace: true })}>
            Clear filters
          </button>
        )}
      </form>

      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'loading' && !list.data && <Loading label="Loading activities…" />}
      {list.data && list.data.items.length === 0 && (
        filtered ? (
          <EmptyState title="No activities match these filters" action={<a className="btn" href="#/activities">Show all activities</a>} />
        ) : (
          <EmptyState
            icon={<DropIcon />}
            title="Your vault is empty"
            action={<FilePickerButton label="Choose files…" />}
          >
            <p>Drag FIT, GPX or TCX files anywhere onto this window to import them — straight from your watch's <code>GARMIN/Activity</code> folder works too.</p>
          </EmptyState>
        )
      )}
      {list.data && list.data.items.length > 0 && (
        <div className={list.status === 'loading' ? 'table-wrap is-stale' : 'table-wrap'}>
          <table className="activity-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Name</th>
                <th scope="col">Sport</th>
                <th scope="col" className="num">Distance</th>
                <th scope="col" className="num">Time</th>
                <th scope="col" className="num">Pace / speed</th>
                <th scope="col" className="num">Elevation</th>
                <th scope="col" className="num">Avg HR</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <ActivityRow key={a.id} a={a} units={units} prs={prCounts.get(a.id) ?? 0} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && total > PAGE_SIZE && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="btn" disabled={page <= 1} onClick={() => setQuery({ page: page - 1 })}>
            ← Newer
          </button>
          <span className="muted">
            {(page - 1) * PAGE_SIZE + 1}–{Math.min(total, page * PAGE_SIZE)} of {total.toLocaleString()} · page {page} of {pages}
          </span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => setQuery({ page: page + 1 })}>
            Older →
          </button>
        </nav>
      )}
    </section>
  );
}

function ActivityRow({ a, units, prs }: { a: ActivitySummaryDto; units: 'metric' | 'imperial'; prs: number }) {
  const link = href(`/activities/${encodeURIComponent(a.id)}`);
  // Some devices write a moving time of 0 (no auto-pause data); fall back to the first real duration.
  const duration = [a.movingTimeS, a.timerTimeS, a.elapsedTimeS].find((v) => v !== null && v > 0) ?? null;
  return (
    <tr data-testid="activity-row" className="activity-row" onClick={(e) => {
      // The name cell holds the real link (keyboard, middle-click); the rest of the row is a convenience.
      if ((e.target as HTMLElement).closest('a')) return;
      navigate(link);
    }}>
      <td data-label="Date">
        <span className="date">{formatActivityDate(a)}</span>
        <span className="time muted">{formatActivityTime(a)}</span>
      </td>
      <td data-label="Name" className="name-cell">
        <a href={link}>{a.name || 'Untitled activity'}</a>
        <PrBadge count={prs} />
      </td>
      <td data-label="Sport"><SportBadge sport={a.sport} /></td>
      <td data-label="Distance" className="num">{a.distanceM ? formatDistance(a.distanceM, units) : NO_VALUE}</td>
      <td data-label="Time" className="num">{formatDuration(duration)}</td>
      <td data-label={rateLabel(a.sport)} className="num">{formatRate(a.sport, a.avgSpeedMps, units)}</td>
      <td data-label="Elevation" className="num">{a.ascentM !== null ? `↑ ${formatElevation(a.ascentM, units)}` : NO_VALUE}</td>
      <td data-label="Avg HR" className="num">{a.avgHrBpm !== null ? `${Math.round(a.avgHrBpm)} bpm` : NO_VALUE}</td>
    </tr>
  );
}

/**
 * Debounced: Chrome's date input emits a valid value on every year digit typed (0002, 0020, 0202,
 * 2024), and each would otherwise fire a query.
 */
function DateFilter({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value || !(draft === '' || /^\d{4}-\d{2}-\d{2}$/.test(draft))) return;
    const t = setTimeout(() => onChange(draft), 500);
    return () => clearTimeout(t);
  }, [draft, value, onChange]);
  return (
    <label>
      <span>{label}</span>
      <input type="date" value={draft} max="9999-12-31" onChange={(e) => setDraft(e.target.value)} />
    </label>
  );
}

/**
 * The date inputs mean the viewer's local days; a bare YYYY-MM-DD would be read by the server as a
 * UTC day and drop an early-morning run east of Greenwich. So send exact instants.
 */
function localDayStart(d: string): string | undefined {
  if (!d) return undefined;
  const t = new Date(`${d}T00:00:00`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}
function localDayEnd(d: string): string | undefined {
  if (!d) return undefined;
  const t = new Date(`${d}T00:00:00`);
  if (Number.isNaN(t.getTime())) return undefined;
  t.setDate(t.getDate() + 1); // the server's `to` is exclusive: the next local midnight
  return t.toISOString();
}

function DropIcon() {
  return (
    <svg className="empty-icon" viewBox="0 0 64 64" width="72" height="72" aria-hidden="true">
      <rect x="6" y="10" width="52" height="44" rx="10" fill="none" stroke="currentColor" strokeWidth="2.5" strokeDasharray="6 5" />
      <path d="M32 22v18m0 0l-7-7m7 7l7-7" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
