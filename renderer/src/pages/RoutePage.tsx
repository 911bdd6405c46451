import { useState } from 'react';
import { ActivityMap } from '../components/ActivityMap';
import { RouteActions } from '../components/routes/RouteActions';
import { RouteTrendChart } from '../components/routes/RouteTrendChart';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useMapLayers } from '../lib/use-map-layers';
import { useUnits } from '../hooks/use-units';
import { formatDate } from '../lib/dates';
import { routesApi } from '../lib/routes-client';
import { formatDistance, formatDuration } from '../units';

/** One route: map, trend of times and heart rate, every activity ranked, and curation. */
export function RoutePage({ id }: { id: string }) {
  const route = useAsync((signal) => routesApi.route(id, signal), [id]);
  const layers = useMapLayers();
  const { units } = useUnits();
  const [selected, setSelected] = useState<string[]>([]);
  if (route.status === 'error' && !route.data) return <ErrorBox error={route.error} onRetry={route.reload} />;
  const r = route.data;
  if (!r) return <Loading label="Loading route…" />;
  const toggle = (a: string) => setSelected((s) => (s.includes(a) ? s.filter((x) => x !== a) : [...s, a]));
  return (
    <article className="page route-page">
      <nav className="crumbs" aria-label="Breadcrumb"><a href="#/routes">← Routes</a></nav>
      <h1 data-testid="route-name">{r.name}</h1>
      <p className="muted">
        {formatDistance(r.distanceM, units)} · {r.activityCount} activities · best {formatDuration(r.bestTimeS)} · last {formatDuration(r.lastTimeS)}
        {r.reverseOf && <> · <a href={`#/routes/${encodeURIComponent(r.reverseOf)}`}>reverse of another route</a></>}
      </p>
      <div className="activity-layout">
        <section className="card map-card" aria-label="Map">
          <ActivityMap segments={[r.track]} layers={layers} />
        </section>
        <section className="card charts-card" aria-labelledby="trend-h">
          <h2 id="trend-h" className="card-title">Trend</h2>
          <RouteTrendChart activities={r.activities} />
        </section>
      </div>
      <section className="card" aria-labelledby="acts-h">
        <h2 id="acts-h" className="card-title">Activities</h2>
        <table className="table">
          <thead>
            <tr><th scope="col"><span className="sr-only">Select</span></th><th scope="col">Date</th><th scope="col">Name</th><th scope="col" className="num">Time</th><th scope="col" className="num">Avg HR</th><th scope="col" className="num">Rank</th></tr>
          </thead>
          <tbody>
            {[...r.activities].reverse().map((a) => (
              <tr key={a.activityId}>
                <td><input type="checkbox" checked={selected.includes(a.activityId)} onChange={() => toggle(a.activityId)} aria-label={`select ${a.name}`} /></td>
                <td>{formatDate(a.startTime)}</td>
                <td><a href={`#/activities/${encodeURIComponent(a.activityId)}`}>{a.name}</a></td>
                <td className="num">{formatDuration(a.timeS)}{a.rank === 1 && <span className="badge pr-badge"> PR</span>}</td>
                <td className="num">{a.avgHrBpm === null ? '—' : Math.round(a.avgHrBpm)}</td>
                <td className="num">{a.rank}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <RouteActions route={r} selected={selected} onChanged={(d) => { setSelected([]); route.set(d); }} />
      </section>
    </article>
  );
}
