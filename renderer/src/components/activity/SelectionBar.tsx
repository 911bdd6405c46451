/** Stats of the selected stretch (a drag on the charts, or a lap) with zoom and clear. */
import type { SelectionStats } from '../../lib/chart-selection';
import { useUnits } from '../../hooks/use-units';
import { formatRate, sportInfo } from '../../lib/sports';
import { formatDistance, formatDuration, formatElevation } from '../../units';

interface Props {
  label: string;
  stats: SelectionStats;
  sport: string;
  zoomed: boolean;
  onZoom: () => void;
  onClear: () => void;
}

export function SelectionBar({ label, stats, sport, zoomed, onZoom, onClear }: Props) {
  const { units } = useUnits();
  const rateName = sportInfo(sport).rate === 'speed' ? 'Avg speed' : 'Avg pace';
  // [key, label, text, SI value (data-value, for tests and tools)]
  type Item = [string, string, string, number];
  const items: Item[] = [
    ['time', 'Time', formatDuration(stats.durationS), stats.durationS],
    ...(stats.distanceM !== null ? [['distance', 'Distance', formatDistance(stats.distanceM, units), stats.distanceM] as Item] : []),
    ...(stats.avgSpeedMps !== null ? [['rate', rateName, formatRate(sport, stats.avgSpeedMps, units), stats.avgSpeedMps] as Item] : []),
    ...(stats.avgPowerW !== null ? [['power', 'Avg power', `${Math.round(stats.avgPowerW)} W`, stats.avgPowerW] as Item] : []),
    ...(stats.avgHrBpm !== null ? [['hr', 'Avg HR', `${Math.round(stats.avgHrBpm)} bpm`, stats.avgHrBpm] as Item] : []),
    ...(stats.ascentM !== null ? [['ascent', 'Ascent', formatElevation(stats.ascentM, units), stats.ascentM] as Item] : []),
  ];
  return (
    <section className="selection-bar" aria-label={`Selection: ${label}`} data-testid="selection-bar" aria-live="polite">
      <strong className="selection-label">{label}</strong>
      <dl className="selection-stats">
        {items.map(([key, name, value, raw]) => (
          <div key={key} data-stat={key} data-value={raw}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="selection-actions">
        {!zoomed && (
          <button type="button" className="btn btn-small" onClick={onZoom} data-testid="zoom-selection">
            Zoom in
          </button>
        )}
        <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
          Clear
        </button>
      </div>
    </section>
  );
}
