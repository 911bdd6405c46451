import { ErrorBox, EmptyState, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useUnits } from '../hooks/use-units';
import { formatDate } from '../lib/dates';
import { routesApi } from '../lib/routes-client';
import { sportInfo } from '../lib/sports';
import { formatDistance, formatDuration } from '../units';

/** Every route the server found by itself, most used first. */
export function RoutesPage() {
  const routes = useAsync((signal) => routesApi.routes(signal), []);
  const { units } = useUnits();
  if (routes.status === 'error' && !routes.data) return <ErrorBox error={routes.error} onRetry={routes.reload} />;
  if (!routes.data) return <Loading label="Loading routes…" />;
  const list = routes.data;
  return (
    <article className="page routes-page">
      <header className="page-head">
        <h1>Routes</h1>
        <p className="muted">Activities that follow the same path are grouped as they are imported.</p>
      </header>
      {list.length === 0 ? (
        <EmptyState title="No routes yet">Import activities with GPS; repeated paths appear here.</EmptyState>
      ) : (
        <div className="card">
          <table className="table" data-testid="routes-table">
            <thead>
              <tr>
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
              {list.map((r) => (
                <tr key={r.id} data-testid="route-row">
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
        </div>
      )}
    </article>
  );
}
