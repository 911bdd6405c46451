import { useState } from 'react';
import type { ActivityDetailDto } from '../../../../shared/api.js';
import { formatDuration } from '../../units';
import { SegmentCreator } from '../segments/SegmentCreator';

/**
 * The activity page's route and segment card: "same route as N others, your rank k", the
 * activity's segment efforts with PR badges, and a new segment picked by clicking its start and
 * end on a map (SegmentCreator; sliders fine-tune), loaded only when the athlete opens it.
 */
export function ActivityRoutePanel({ a }: { a: ActivityDetailDto }) {
  const [open, setOpen] = useState(false);
  if (!a.hasGps) return null;
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
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-testid="segment-create">
        <summary>Create a segment from this activity</summary>
        {open && <SegmentCreator activityId={a.id} durationS={a.timerTimeS ?? a.elapsedTimeS ?? 0} />}
      </details>
    </section>
  );
}
