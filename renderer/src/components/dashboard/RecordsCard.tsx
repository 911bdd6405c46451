/** Recent all-time records that still stand, across the athlete's main sports. */
import type { RecordRowDto } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { durationLabel, effortLabel, formatWatts } from '../../lib/analysis-format';
import { formatRate, sportInfo } from '../../lib/sports';
import { formatDuration } from '../../units';

type Row = RecordRowDto & { sport: string };

export function RecordsCard({ items }: { items: Row[] }) {
  const { units } = useUnits();
  const what = (r: Row) => (r.kind === 'distance' ? effortLabel(r.key) : `${durationLabel(r.key)} ${r.kind === 'power' ? 'power' : 'pace'}`);
  const value = (r: Row) => (r.kind === 'distance' ? formatDuration(r.valueS) : r.kind === 'power' ? formatWatts(r.valueW) : formatRate(r.sport, r.valueMps, units));
  return (
    <section className="card dash-card" aria-labelledby="dash-records" data-testid="dash-records">
      <h2 className="card-title" id="dash-records">
        Records that still stand <a className="small" href="#/records">All records</a>
      </h2>
      {!items.length ? (
        <p className="muted small">No records yet: they appear once activities have distance, pace or power.</p>
      ) : (
        <ul className="dash-list">
          {items.map((r) => (
            <li key={`${r.sport}-${r.kind}-${r.key}`}>
              <a href={`#/activities/${encodeURIComponent(r.activityId)}`}>
                {sportInfo(r.sport).label} {what(r)}
              </a>{' '}
              <strong>{value(r)}</strong> <span className="muted small">{r.date}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
