import { useEffect, useState } from 'react';
import { DebouncedInput } from '../components/list/DebouncedInput';
import { MiniMap } from '../components/routes/MiniMap';
import '../components/routes/routes.css';
import { ErrorBox, EmptyState, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useUnits } from '../hooks/use-units';
import { formatDate } from '../lib/dates';
import { routePage, routePreviews, type RouteFilter } from '../lib/route-list-client';
import { distanceToM } from '../lib/activity-list-query';
import { SPORT_CHOICES, sportInfo } from '../lib/sports';
import { distanceUnit, formatDistance, formatDuration } from '../units';

const PAGE = 50;

/**
 * The routes the server found by itself, most used first. Routes of a single activity are hidden
 * by default (92 of 99 after the corpus: every one-off ride is a "route"); a toggle shows them.
 * Issue 17: search, sport, distance and the one-activity filter run on the server (GET /routes
 * with q, sport, minActivities, min/maxDistanceM), a page of 50 at a time, so the list works the
 * same with 99 routes or 10,000.
 */
export function RoutesPage() {
  const { units } = useUnits();
  const [q, setQ] = useState('');
  const [sport, setSport] = useState('');
  const [dmin, setDmin] = useState('');
  const [dmax, setDmax] = useState('');
  const [showSingles, setShowSingles] = useState(false);
  const [page, setPage] = useState(0);
  const [previews, setPreviews] = useState<Map<string, [number, number][]>>(new Map());

  const filter: RouteFilter = { q, sport, minDistanceM: distanceToM(dmin, units), maxDistanceM: distanceToM(dmax, units) };
  const key = JSON.stringify(filter);
  useEffect(() => setPage(0), [key, showSingles]);
  // The page; the count with one-activity routes (how many the toggle hides); whether any route exists.
  const res = useAsync(
    async (signal) => {
      const [pg, withSingles] = await Promise.all([
        routePage({ ...filter, minActivities: showSingles ? undefined : 2 }, PAGE, page * PAGE, signal),
        showSingles ? null : routePage(filter, 1, 0, signal),
      ]);
      return { ...pg, singles: withSingles ? withSingles.total - pg.total : 0 };
    },
    [key, showSingles, page],
  );
  const any = useAsync((signal) => routePage({}, 1, 0, signal).then((p) => p.total), []);

  const visible = res.data?.items ?? [];
  const shownTotal = res.data?.total ?? 0;
  const singles = res.data?.singles ?? 0;
  const pages = Math.max(1, Math.ceil(shownTotal / PAGE));
  const current = Math.min(page, pages - 1);
  const visibleKey = visible.map((r) => r.id).join(',');
  useEffect(() => {
    const missing = visibleKey.split(',').filter((id) => id && !previews.has(id));
    if (!missing.length) return;
    const ctrl = new AbortController();
    routePreviews(missing, ctrl.signal).then(
      (m) => setPreviews((cur) => new Map([...cur, ...m])),
      () => {}, // mini maps are decoration: the list works without them
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visibleKey]);

  if (any.status === 'error' && any.data === undefined) return <ErrorBox error={any.error} onRetry={any.reload} />;
  if (any.data === undefined) return <Loading label="Loading routes…" />;
  const total = any.data;
  const sports = sport && !SPORT_CHOICES.includes(sport) ? [sport, ...SPORT_CHOICES] : SPORT_CHOICES;
  const du = distanceUnit(units);
  return (
    <article className="page routes-page">
      <header className="page-head">
        <div>
          <h1>Routes</h1>
          <p className="muted" data-testid="routes-summary">
            {total === 0
              ? 'Activities that follow the same path are grouped as they are imported.'
              : res.data
                ? `${shownTotal} of ${total} routes shown${!showSingles && singles ? ` · ${singles} with a single activity hidden` : ''}`
                : ' '}
          </p>
        </div>
      </header>
      {total === 0 ? (
        <EmptyState title="No routes yet">Import activities with GPS; repeated paths appear here.</EmptyState>
      ) : (
        <>
          <form className="filters routes-filters" role="search" aria-label="Search and filter routes" onSubmit={(e) => e.preventDefault()}>
            <label className="list-search">
              <span>Search</span>
              <DebouncedInput type="search" value={q} onCommit={setQ} delayMs={300} placeholder="Route name" maxLength={100} data-testid="routes-search" />
            </label>
            <label>
              <span>Sport</span>
              <select value={sport} onChange={(e) => setSport(e.target.value)}>
                <option value="">All sports</option>
                {sports.map((s) => (
                  <option key={s} value={s}>{sportInfo(s).label}</option>
                ))}
              </select>
            </label>
            <fieldset className="range-filter">
              <legend>Distance ({du})</legend>
              <input inputMode="decimal" aria-label={`Shortest distance in ${du}`} placeholder="min" value={dmin} onChange={(e) => setDmin(e.target.value)} />
              <span aria-hidden="true">–</span>
              <input inputMode="decimal" aria-label={`Longest distance in ${du}`} placeholder="max" value={dmax} onChange={(e) => setDmax(e.target.value)} />
            </fieldset>
            <label className="check-label">
              <input type="checkbox" checked={showSingles} onChange={(e) => setShowSingles(e.target.checked)} data-testid="routes-show-singles" />
              <span>Show routes with one activity ({singles})</span>
            </label>
          </form>
          {res.status === 'error' && <ErrorBox error={res.error} onRetry={res.reload} />}
          {!res.data && res.status === 'loading' && <Loading label="Loading routes…" />}
          {res.data && shownTotal === 0 ? (
            <EmptyState title="No routes match">
              {!showSingles && singles > 0 ? 'Routes with a single activity are hidden; tick “Show routes with one activity” to include them.' : 'Try another name or distance.'}
            </EmptyState>
          ) : res.data ? (
            <div className={res.status === 'loading' ? 'card is-stale' : 'card'}>
              <table className="table routes-table" data-testid="routes-table">
                <thead>
                  <tr>
                    <th scope="col"><span className="visually-hidden">Map</span></th>
                    <th scope="col">Route</th>
                    <th scope="col">Sport</th>
                    <th scope="col" className="num">Distance</th>
                    <th scope="col" className="num">Activities</th>
                    <th scope="col" className="num">Best</th>
                    <th scope="col" className="num">Last</th>
                    <th scope="col">Last done</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((r) => (
                    <tr key={r.id} data-testid="route-row">
                      <td className="mini-map-cell">
                        <a href={`#/routes/${encodeURIComponent(r.id)}`} tabIndex={-1} aria-hidden="true">
                          <MiniMap points={previews.get(r.id) ?? []} label={`Map of ${r.name}`} />
                        </a>
                      </td>
                      <td>
                        <a href={`#/routes/${encodeURIComponent(r.id)}`}>{r.name}</a>
                        {r.reverseOf && <span className="muted small"> · reverse</span>}
                      </td>
                      <td>{sportInfo(r.sport).label}</td>
                      <td className="num">{formatDistance(r.distanceM, units)}</td>
                      <td className="num" data-testid="route-count">{r.activityCount}</td>
                      <td className="num">{formatDuration(r.bestTimeS)}</td>
                      <td className="num">{formatDuration(r.lastTimeS)}</td>
                      <td>{r.lastStartTime ? formatDate(r.lastStartTime) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {shownTotal > PAGE && (
                <nav className="pager" aria-label="Pages of routes">
                  <button type="button" className="btn" disabled={current === 0} onClick={() => setPage(current - 1)}>← Previous</button>
                  <span className="muted small" data-testid="routes-range">
                    {current * PAGE + 1}–{Math.min((current + 1) * PAGE, shownTotal)} of {shownTotal}
                  </span>
                  <button type="button" className="btn" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>Next →</button>
                </nav>
              )}
            </div>
          ) : null}
        </>
      )}
    </article>
  );
}
