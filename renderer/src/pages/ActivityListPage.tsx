import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ActivityListItemDto, ActivitySortKey } from '../../../shared/activity-list-api.js';
import { FilePickerButton } from '../components/FilePickerButton';
import { PrBadge } from '../components/analysis/PrBadge';
import { BulkBar } from '../components/list/BulkBar';
import { ListFilters } from '../components/list/ListFilters';
import { SortableTh } from '../components/list/SortableTh';
import '../components/list/list.css';
import { SportBadge } from '../components/SportBadge';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useImports } from '../hooks/use-import';
import { href, navigate } from '../hooks/use-route';
import { useUnits } from '../hooks/use-units';
import { activityListApi } from '../lib/activity-list-client';
import { apiFilters, defaultOrder, FILTER_KEYS, isFiltered, readListState, type ListState } from '../lib/activity-list-query';
import { formatActivityDate, formatActivityTime } from '../lib/dates';
import { gearApi } from '../lib/gear-client';
import { routesApi } from '../lib/routes-client';
import { formatRate, rateLabel } from '../lib/sports';
import { formatDistance, formatDuration, formatElevation, NO_VALUE } from '../units';

const PAGE_SIZE = 25;

export function ActivityListPage({ query }: { query: URLSearchParams }) {
  const { units } = useUnits();
  const { completed } = useImports();
  const s = useMemo(() => readListState(query), [query]);
  const filtered = isFiltered(s);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [edits, setEdits] = useState(0);
  const key = JSON.stringify(apiFilters(s, units));

  const list = useAsync(
    (signal) => activityListApi.list({ limit: PAGE_SIZE, offset: (s.page - 1) * PAGE_SIZE, ...apiFilters(s, units) }, signal),
    [key, s.page, completed, edits],
  );
  // Filter choices; a failure only hides the filter.
  const gear = useAsync((signal) => gearApi.list(signal).catch(() => []), [edits]);
  const routes = useAsync((signal) => routesApi.routes(signal).catch(() => []), [completed]);

  // A selection belongs to one result set: a new search or page starts empty.
  useEffect(() => setSelected(new Set()), [key, s.page]);

  const setQuery = useCallback(
    (patch: Partial<Record<keyof ListState, string | number | undefined>>) => {
      const next: Record<string, string | number | undefined> = { ...s, page: undefined, ...patch };
      // Defaults stay out of the URL.
      if (next.sort === 'date') next.sort = undefined;
      if (next.order === defaultOrder((next.sort as ActivitySortKey | undefined) ?? 'date')) next.order = undefined;
      if (next.page === 1) next.page = undefined;
      navigate(href('/activities', next), { replace: true });
    },
    [s],
  );
  const onSort = (k: ActivitySortKey) => setQuery({ sort: k, order: s.sort === k ? (s.order === 'asc' ? 'desc' : 'asc') : defaultOrder(k) });
  const clearFilters = () => setQuery(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])));

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const allSelected = items.length > 0 && items.every((a) => selected.has(a.id));
  const toggle = (id: string) =>
    setSelected((cur) => {
      const next = new Set(cur);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const sortProps = { sort: s.sort, order: s.order, onSort };

  return (
    <section className="page">
      {/* Issue 17: a dozen filter fields and sort buttons come before the list; one key press skips them. */}
      <a
        className="skip-link"
        href="#/activities"
        onClick={(e) => {
          e.preventDefault();
          document.querySelector<HTMLAnchorElement>('[data-testid=activity-row] .name-cell a')?.focus();
        }}
        data-testid="skip-to-list"
      >
        Skip the filters to the activities
      </a>
      <div className="page-head">
        <div>
          <h1>Activities</h1>
          {list.data && <p className="muted" data-testid="list-total">{total === 1 ? '1 activity' : `${total.toLocaleString()} activities`}{filtered ? ' match the filters' : ''}</p>}
        </div>
        <FilePickerButton label="Import files" />
      </div>

      <ListFilters s={s} units={units} gear={gear.data ?? []} routes={routes.data ?? []} filtered={filtered} onChange={setQuery} onClear={clearFilters} />

      {notice && (
        <p className="notice" role="status" data-testid="list-notice">
          {notice} <button type="button" className="btn btn-ghost btn-small" onClick={() => setNotice(null)}>Dismiss</button>
        </p>
      )}
      {selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          gear={gear.data ?? []}
          onClear={() => setSelected(new Set())}
          onDone={(m) => {
            setNotice(m);
            setSelected(new Set());
            setEdits((n) => n + 1);
          }}
        />
      )}

      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'loading' && !list.data && <Loading label="Loading activities…" />}
      {list.data && items.length === 0 && (
        filtered ? (
          <EmptyState title="No activities match these filters" action={<button type="button" className="btn" onClick={clearFilters}>Show all activities</button>} />
        ) : (
          <EmptyState icon={<DropIcon />} title="Your vault is empty" action={<FilePickerButton label="Choose files…" />}>
            <p>Drag FIT, GPX or TCX files anywhere onto this window to import them, or <a href="#/import">import a whole folder</a> — your watch's <code>GARMIN/Activity</code> folder works too.</p>
          </EmptyState>
        )
      )}
      {items.length > 0 && (
        <div className={list.status === 'loading' ? 'table-wrap is-stale' : 'table-wrap'}>
          <table className="activity-table">
            <thead>
              <tr>
                <th scope="col" className="select-cell">
                  <input
                    type="checkbox"
                    aria-label={allSelected ? 'Unselect all activities on this page' : 'Select all activities on this page'}
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((a) => a.id)))}
                    data-testid="select-all"
                  />
                </th>
                <SortableTh label="Date" k="date" {...sortProps} />
                <SortableTh label="Name" k="name" {...sortProps} />
                <SortableTh label="Sport" k="sport" {...sortProps} />
                <SortableTh label="Distance" k="distance" num {...sortProps} />
                <SortableTh label="Time" k="duration" num {...sortProps} />
                <SortableTh label="Pace / speed" k="speed" num {...sortProps} />
                <SortableTh label="Elevation" k="elevation" num {...sortProps} />
                <SortableTh label="Avg HR" k="hr" num {...sortProps} />
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <ActivityRow key={a.id} a={a} units={units} selected={selected.has(a.id)} onToggle={() => toggle(a.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && total > PAGE_SIZE && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="btn" disabled={s.page <= 1} onClick={() => setQuery({ page: s.page - 1 })}>
            ← Previous
          </button>
          <span className="muted">
            {(s.page - 1) * PAGE_SIZE + 1}–{Math.min(total, s.page * PAGE_SIZE)} of {total.toLocaleString()} · page {s.page} of {pages}
          </span>
          <button type="button" className="btn" disabled={s.page >= pages} onClick={() => setQuery({ page: s.page + 1 })}>
            Next →
          </button>
        </nav>
      )}
    </section>
  );
}

function ActivityRow({ a, units, selected, onToggle }: { a: ActivityListItemDto; units: 'metric' | 'imperial'; selected: boolean; onToggle: () => void }) {
  const link = href(`/activities/${encodeURIComponent(a.id)}`);
  // Some devices write a moving time of 0 (no auto-pause data); fall back to the first real duration.
  const duration = [a.movingTimeS, a.timerTimeS, a.elapsedTimeS].find((v) => v !== null && v > 0) ?? null;
  const label = a.name || 'Untitled activity';
  return (
    <tr
      data-testid="activity-row"
      data-id={a.id}
      className={selected ? 'activity-row is-selected' : 'activity-row'}
      onClick={(e) => {
        // The name cell holds the real link (keyboard, middle-click); the checkbox selects; the rest of the row is a convenience.
        if ((e.target as HTMLElement).closest('a, input, label')) return;
        navigate(link);
      }}
    >
      <td className="select-cell" data-label="Select">
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select ${label}`} data-testid="row-select" />
      </td>
      <td data-label="Date">
        <span className="date">{formatActivityDate(a)}</span>
        <span className="time muted">{formatActivityTime(a)}</span>
      </td>
      <td data-label="Name" className="name-cell">
        <a href={link}>{label}</a>
        <PrBadge count={a.currentRecords} title={`Holds ${a.currentRecords} all-time record${a.currentRecords === 1 ? '' : 's'} today`} />
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

function DropIcon() {
  return (
    <svg className="empty-icon" viewBox="0 0 64 64" width="72" height="72" aria-hidden="true">
      <rect x="6" y="10" width="52" height="44" rx="10" fill="none" stroke="currentColor" strokeWidth="2.5" strokeDasharray="6 5" />
      <path d="M32 22v18m0 0l-7-7m7 7l7-7" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
