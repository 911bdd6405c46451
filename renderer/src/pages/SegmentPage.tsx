import { ActivityMap } from '../components/ActivityMap';
import { RouteTrendChart } from '../components/routes/RouteTrendChart';
import { ElevationProfile } from '../components/segments/ElevationProfile';
import { formatGrade, segmentProfile } from '../lib/segment-list-client';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useMapLayers } from '../lib/use-map-layers';
import { navigate } from '../hooks/use-route';
import { useUnits } from '../hooks/use-units';
import { formatDate } from '../lib/dates';
import { routesApi } from '../lib/routes-client';
import { formatDistance, formatDuration, formatElevation } from '../units';

/** A segment: map, personal leaderboard with the PR, and the trend of efforts over time. */
export function SegmentPage({ id }: { id: string }) {
  const seg = useAsync((signal) => routesApi.segment(id, signal), [id]);
  // Altitude is not stored with the segment: the server reads it from one effort (issue 17).
  const profile = useAsync((signal) => segmentProfile(id, signal).then((r) => r.profile, () => null), [id]);
  const layers = useMapLayers();
  const { units } = useUnits();
  if (seg.status === 'error' && !seg.data) return <ErrorBox error={seg.error} onRetry={seg.reload} />;
  const s = seg.data;
  if (!s) return <Loading label="Loading segment…" />;
  const pr = s.efforts.find((e) => e.isPr);
  const trend = [...s.efforts]
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .map((e) => ({ activityId: e.activityId, name: '', startTime: e.startTime, timeS: e.elapsedS, avgHrBpm: null, rank: e.rank, matchCostM: null }));
  const onDelete = async () => {
    if (!window.confirm(`Delete segment “${s.name}”?`)) return;
    await routesApi.deleteSegment(s.id);
    navigate('#/segments', { replace: true });
  };
  return (
    <article className="page segment-page">
      <nav className="crumbs" aria-label="Breadcrumb"><a href="#/segments">← Segments</a></nav>
      <h1>{s.name}</h1>
      <p className="muted">
        {formatDistance(s.distanceM, units)} · {s.efforts.length} efforts{s.bothDirections ? ' · both directions' : ''} · PR {pr ? formatDuration(pr.elapsedS) : '—'}
        {s.sourceActivityId && <> · <a href={`#/activities/${encodeURIComponent(s.sourceActivityId)}`}>source activity</a></>}
      </p>
      {profile.data && (
        <section className="card" aria-labelledby="seg-profile-h">
          <h2 id="seg-profile-h" className="card-title">Elevation</h2>
          <p className="muted" data-testid="segment-grade">
            Average grade {formatGrade(profile.data.avgGradePct)}
            {profile.data.maxGradePct !== null && <> · steepest 100 m {formatGrade(profile.data.maxGradePct)}</>} · ↑ {formatElevation(profile.data.ascentM, units)} · ↓ {formatElevation(profile.data.descentM, units)}
          </p>
          <ElevationProfile points={profile.data.points} units={units} />
        </section>
      )}
      {profile.status !== 'loading' && !profile.data && <p className="muted small">No elevation profile: none of its efforts recorded altitude.</p>}
      <div className="activity-layout">
        <section className="card map-card" aria-label="Map">
          <ActivityMap segments={[s.track]} layers={layers} color="#7048e8" />
        </section>
        <section className="card charts-card" aria-labelledby="seg-trend-h">
          <h2 id="seg-trend-h" className="card-title">Trend</h2>
          <RouteTrendChart activities={trend} />
        </section>
      </div>
      <section className="card" aria-labelledby="lb-h">
        <h2 id="lb-h" className="card-title">Leaderboard</h2>
        <table className="table" data-testid="segment-leaderboard">
          <thead><tr><th scope="col" className="num">#</th><th scope="col">Date</th><th scope="col" className="num">Time</th><th scope="col">Direction</th></tr></thead>
          <tbody>
            {s.efforts.map((e) => (
              <tr key={`${e.activityId}-${e.startOffsetS}`}>
                <td className="num">{e.rank}</td>
                <td><a href={`#/activities/${encodeURIComponent(e.activityId)}`}>{formatDate(e.startTime)}</a></td>
                <td className="num">{formatDuration(e.elapsedS)}{e.isPr && <span className="badge pr-badge"> PR</span>}</td>
                <td>{e.direction}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button className="btn btn-danger" type="button" onClick={() => void onDelete()}>Delete segment</button>
      </section>
    </article>
  );
}
