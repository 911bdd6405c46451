import { useMemo, useState } from 'react';
import type { ActivityDetailDto, StreamsDto } from '../../../../shared/api.js';
import { ActivityMap } from '../ActivityMap';
import { useConfig } from '../../hooks/use-config';
import { navigate } from '../../hooks/use-route';
import { api } from '../../lib/api-client';
import { routesApi } from '../../lib/routes-client';
import { formatDuration } from '../../units';

/** The [lat, lon] points of the stream between two times: the stretch shown while choosing. */
function stretch(s: StreamsDto | null, fromS: number, toS: number): [number, number][] {
  if (!s) return [];
  const lat = s.channels.latDeg ?? [];
  const lon = s.channels.lonDeg ?? [];
  const out: [number, number][] = [];
  s.timeS.forEach((t, i) => {
    const a = lat[i];
    const b = lon[i];
    if (t >= fromS && t <= toS && a !== null && a !== undefined && b !== null && b !== undefined) out.push([a, b]);
  });
  return out;
}

/**
 * The activity page's route and segment card: "same route as N others, your rank k", the
 * activity's segment efforts with PR badges, and a new segment from a stretch chosen with two
 * sliders over the activity's duration, drawn on a map as it is chosen.
 */
export function ActivityRoutePanel({ a }: { a: ActivityDetailDto }) {
  const duration = a.timerTimeS ?? a.elapsedTimeS ?? 0;
  const [range, setRange] = useState<[number, number]>([0, Math.round(duration)]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [track, setTrack] = useState<StreamsDto | null>(null);
  const { config } = useConfig();
  const chosen = useMemo(() => stretch(track, range[0], range[1]), [track, range]);
  if (!a.hasGps) return null;
  const onOpen = () => {
    if (!track) api.streams(a.id, ['latDeg', 'lonDeg'], 1500).then(setTrack, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const create = async () => {
    setError(null);
    try {
      const s = await routesApi.createSegment({ activityId: a.id, startOffsetS: range[0], endOffsetS: range[1], name: name.trim() || undefined });
      navigate(`#/segments/${encodeURIComponent(s.id)}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card" aria-labelledby="route-h" data-testid="activity-route-panel">
      <h2 id="route-h" className="card-title">Route and segments</h2>
      {a.route ? (
        <p data-testid="route-info">
          Same route as <a href={`#/routes/${encodeURIComponent(a.route.routeId)}`}>{a.route.others} other{a.route.others === 1 ? '' : 's'}</a> ({a.route.name}), your rank {a.route.rank}.
        </p>
      ) : (
        <p className="muted">Not on a known route yet.</p>
      )}
      {a.segmentEfforts && a.segmentEfforts.length > 0 && (
        <table className="table" data-testid="segment-efforts">
          <thead><tr><th scope="col">Segment</th><th scope="col" className="num">Time</th><th scope="col" className="num">Rank</th></tr></thead>
          <tbody>
            {a.segmentEfforts.map((e) => (
              <tr key={`${e.segmentId}-${e.startOffsetS}`}>
                <td><a href={`#/segments/${encodeURIComponent(e.segmentId)}`}>{e.segmentName}</a>{e.direction === 'reverse' ? ' (reverse)' : ''}</td>
                <td className="num">{formatDuration(e.elapsedS)}{e.isPr && <span className="badge pr-badge"> PR</span>}</td>
                <td className="num">{e.rank}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && onOpen()} data-testid="segment-create">
        <summary>Create a segment from this activity</summary>
        <div className="inline-form">
          <label>From {formatDuration(range[0])}
            <input type="range" min={0} max={Math.round(duration)} value={range[0]} onChange={(e) => setRange([Math.min(Number(e.target.value), range[1] - 1), range[1]])} aria-label="Segment start" />
          </label>
          <label>To {formatDuration(range[1])}
            <input type="range" min={0} max={Math.round(duration)} value={range[1]} onChange={(e) => setRange([range[0], Math.max(Number(e.target.value), range[0] + 1)])} aria-label="Segment end" />
          </label>
          <label>Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="optional" /></label>
          <button className="btn" type="button" onClick={() => void create()} data-testid="segment-create-button">Create segment</button>
        </div>
        {chosen.length > 1 && (
          <div className="segment-preview" style={{ height: 260 }}>
            <ActivityMap segments={[chosen]} tileUrl={config?.tileUrl || null} tileAttribution={config?.tileAttribution ?? null} color="#7048e8" />
          </div>
        )}
        {error && <p className="error" role="alert">{error}</p>}
      </details>
    </section>
  );
}
