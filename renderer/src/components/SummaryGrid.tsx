import type { SummaryFields } from '../../../shared/activity.js';
import { useUnits } from '../hooks/use-units';
import { formatRate, sportInfo } from '../lib/sports';
import { formatDistance, formatDuration, formatElevation, formatSpeed } from '../units';

interface Stat {
  label: string;
  value: string;
  primary?: boolean;
}

/** Every summary field the activity has, headline figures first. Unknown (null) fields are left out. */
export function SummaryGrid({ s, sport }: { s: SummaryFields; sport: string }) {
  const { units } = useUnits();
  const foot = sport === 'running' || sport === 'walking' || sport === 'hiking';
  // A multisport event's one speed, cadence or best pace over swim + bike + run means nothing:
  // those figures are shown per leg (MultisportLegs).
  const mixed = sport === 'multisport';
  const stats: (Stat | null)[] = [
    s.distanceM !== null ? { label: 'Distance', value: formatDistance(s.distanceM, units), primary: true } : null,
    s.movingTimeS !== null ? { label: 'Moving time', value: formatDuration(s.movingTimeS), primary: true } : null,
    s.avgSpeedMps !== null && !mixed ? { label: sportInfo(sport).rate === 'speed' ? 'Avg speed' : 'Avg pace', value: formatRate(sport, s.avgSpeedMps, units), primary: true } : null,
    s.avgHrBpm !== null ? { label: 'Avg heart rate', value: `${Math.round(s.avgHrBpm)} bpm`, primary: true } : null,
    s.ascentM !== null ? { label: 'Ascent', value: formatElevation(s.ascentM, units), primary: true } : null,
    s.elapsedTimeS !== null ? { label: 'Elapsed time', value: formatDuration(s.elapsedTimeS) } : null,
    s.timerTimeS !== null ? { label: 'Timer time', value: formatDuration(s.timerTimeS) } : null,
    s.maxSpeedMps !== null && !mixed
      ? sportInfo(sport).rate === 'speed'
        ? { label: 'Max speed', value: formatSpeed(s.maxSpeedMps, units) }
        : { label: 'Best pace', value: formatRate(sport, s.maxSpeedMps, units) }
      : null,
    s.descentM !== null ? { label: 'Descent', value: formatElevation(s.descentM, units) } : null,
    s.maxHrBpm !== null ? { label: 'Max heart rate', value: `${Math.round(s.maxHrBpm)} bpm` } : null,
    s.avgCadenceRpm !== null && !mixed ? { label: 'Avg cadence', value: foot ? `${Math.round(s.avgCadenceRpm * 2)} spm` : `${Math.round(s.avgCadenceRpm)} ${sport === 'swimming' ? 'strokes/min' : 'rpm'}` } : null,
    s.avgPowerW !== null ? { label: 'Avg power', value: `${Math.round(s.avgPowerW)} W` } : null,
    s.maxPowerW !== null ? { label: 'Max power', value: `${Math.round(s.maxPowerW)} W` } : null,
    s.caloriesKcal !== null ? { label: 'Calories', value: `${Math.round(s.caloriesKcal).toLocaleString()} kcal` } : null,
  ];
  const shown = stats.filter((x): x is Stat => x !== null);
  if (!shown.length) return <p className="muted">No summary figures recorded.</p>;
  return (
    <dl className="summary-grid" data-testid="summary">
      {shown.map((st) => (
        <div key={st.label} className={st.primary ? 'stat stat-primary' : 'stat'}>
          <dt>{st.label}</dt>
          <dd>{st.value}</dd>
        </div>
      ))}
    </dl>
  );
}
