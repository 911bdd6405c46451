import type { GearDto } from '../../../../shared/gear-api.js';
import { useUnits } from '../../hooks/use-units';
import { sportInfo } from '../../lib/sports';
import { formatDistance, formatDuration } from '../../units';

/** Gear with total distance and time (initial distance + linked activities), retired items last. */
export function GearTable({ gear, onEdit, onToggleRetired, onDelete }: { gear: GearDto[]; onEdit: (g: GearDto) => void; onToggleRetired: (g: GearDto) => void; onDelete: (g: GearDto) => void }) {
  const { units } = useUnits();
  return (
    <div className="table-wrap">
      <table className="gear-table" data-testid="gear-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Default for</th>
            <th className="num">Activities</th>
            <th className="num">Distance</th>
            <th className="num">Time</th>
            <th><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {gear.map((g) => (
            <tr key={g.id} className={g.retired ? 'is-retired' : undefined} data-testid="gear-row">
              <td>
                <strong>{g.name}</strong>
                {(g.brand || g.model) && <div className="muted small">{[g.brand, g.model].filter(Boolean).join(' ')}</div>}
                {g.retired && <span className="pill pill-skipped">Retired</span>}
              </td>
              <td>{g.kind}</td>
              <td>{g.defaultForSports.map((s) => sportInfo(s).label).join(', ') || <span className="muted">—</span>}</td>
              <td className="num">{g.activityCount}</td>
              <td className="num">{formatDistance(g.totalDistanceM, units)}</td>
              <td className="num">{formatDuration(g.totalTimeS)}</td>
              <td className="gear-actions">
                <button type="button" className="btn btn-ghost btn-small" onClick={() => onEdit(g)}>Edit</button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => onToggleRetired(g)}>{g.retired ? 'Reactivate' : 'Retire'}</button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => onDelete(g)}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
