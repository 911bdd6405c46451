/** The newest activities as cards with a mini map, linking to each activity. */
import type { ActivitySummaryDto } from '../../../../shared/api.js';
import { useUnits } from '../../hooks/use-units';
import { formatActivityDate } from '../../lib/dates';
import { sportInfo } from '../../lib/sports';
import { formatDistance, formatDuration } from '../../units';
import { MiniMap } from './MiniMap';

export function LatestActivities({ items }: { items: ActivitySummaryDto[] }) {
  const { units } = useUnits();
  return (
    <section className="card dash-card dash-wide" aria-labelledby="dash-latest" data-testid="dash-latest">
      <h2 className="card-title" id="dash-latest">
        Latest activities <a className="small" href="#/activities">All activities</a>
      </h2>
      {!items.length ? (
        <p className="muted small">No activities yet. <a href="#/import">Import some</a>.</p>
      ) : (
        <ul className="dash-activities">
          {items.map((a) => (
            <li key={a.id}>
              <a href={`#/activities/${encodeURIComponent(a.id)}`} className="dash-activity" data-testid="dash-activity">
                {a.hasGps ? <MiniMap activityId={a.id} sport={a.sport} label={a.name} /> : <span className="mini-map mini-map-none" aria-hidden="true">{sportInfo(a.sport).label}</span>}
                <span className="dash-activity-text">
                  <strong>{a.name}</strong>
                  <span className="muted small">
                    {formatActivityDate(a)} · {sportInfo(a.sport).label}
                  </span>
                  <span className="small">
                    {a.distanceM ? `${formatDistance(a.distanceM, units)} · ` : ''}
                    {formatDuration(a.timerTimeS ?? a.elapsedTimeS)}
                  </span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
