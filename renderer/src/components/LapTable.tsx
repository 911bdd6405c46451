import type { Lap, Session } from '../../../shared/activity.js';
import { useUnits } from '../hooks/use-units';
import { formatRate, rateLabel } from '../lib/sports';
import { formatDistance, formatDuration, formatElevation, NO_VALUE } from '../units';

interface Column {
  key: string;
  label: string;
  show: (laps: Lap[]) => boolean;
  cell: (l: Lap) => string;
}

const has = (k: keyof Lap) => (laps: Lap[]) => laps.some((l) => l[k] !== null && l[k] !== undefined);
const round = (v: number | null, suffix = '') => (v === null ? NO_VALUE : `${Math.round(v)}${suffix}`);

/** Columns appear only when at least one lap has the value, so an indoor lap table stays narrow. */
export function LapTable({ laps, sport, sessions, selected = null, onSelect }: { laps: Lap[]; sport: string; sessions?: Session[]; selected?: number | null; onSelect?: (index: number | null) => void }) {
  const { units } = useUnits();
  // Multisport: a lap reads in its own leg's sport (a run lap in min/km, not km/h).
  const sportOf = (l: Lap) => sessions?.find((s) => l.index >= s.firstLapIndex && l.index < s.firstLapIndex + s.numLaps)?.sport ?? sport;
  const isRest = (l: Lap) => sportOf(l) === 'swimming' && l.distanceM === 0;
  const cadenceX = sport === 'running' || sport === 'walking' || sport === 'hiking' ? 2 : 1;
  const all: Column[] = [
    { key: 'start', label: 'Start', show: () => true, cell: (l) => formatDuration(l.startOffsetS) },
    { key: 'time', label: 'Time', show: (ls) => has('timerTimeS')(ls) || has('elapsedTimeS')(ls), cell: (l) => formatDuration(l.timerTimeS ?? l.elapsedTimeS) },
    // A 0 m lap of a swim is a rest (the watch closes a lap when the swimmer stops): said so.
    { key: 'dist', label: 'Distance', show: has('distanceM'), cell: (l) => (isRest(l) ? 'Rest' : formatDistance(l.distanceM, units)) },
    { key: 'rate', label: sport === 'multisport' ? 'Pace / speed' : rateLabel(sport), show: has('avgSpeedMps'), cell: (l) => (isRest(l) ? NO_VALUE : formatRate(sportOf(l), l.avgSpeedMps, units)) },
    { key: 'hr', label: 'Avg HR', show: has('avgHrBpm'), cell: (l) => round(l.avgHrBpm) },
    { key: 'maxhr', label: 'Max HR', show: has('maxHrBpm'), cell: (l) => round(l.maxHrBpm) },
    { key: 'asc', label: 'Ascent', show: has('ascentM'), cell: (l) => formatElevation(l.ascentM, units) },
    { key: 'desc', label: 'Descent', show: has('descentM'), cell: (l) => formatElevation(l.descentM, units) },
    { key: 'cad', label: cadenceX === 2 ? 'Cadence (spm)' : 'Cadence', show: has('avgCadenceRpm'), cell: (l) => round(l.avgCadenceRpm === null ? null : l.avgCadenceRpm * cadenceX) },
    { key: 'pow', label: 'Avg power', show: has('avgPowerW'), cell: (l) => round(l.avgPowerW, ' W') },
    { key: 'kcal', label: 'Calories', show: has('caloriesKcal'), cell: (l) => round(l.caloriesKcal) },
    { key: 'trigger', label: 'Trigger', show: has('trigger'), cell: (l) => (l.trigger ?? NO_VALUE).replace(/_/g, ' ') },
  ];
  const columns = all.filter((c) => c.show(laps));

  return (
    <div className="table-scroll">
      <table className="lap-table" data-testid="lap-table">
        <thead>
          <tr>
            <th scope="col">Lap</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.key === 'trigger' ? undefined : 'num'}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {laps.map((l) => (
            <tr
              key={l.index}
              data-testid="lap-row"
              className={selected === l.index ? 'lap-row is-selected' : onSelect ? 'lap-row is-clickable' : 'lap-row'}
              onClick={onSelect ? () => onSelect(selected === l.index ? null : l.index) : undefined}
            >
              <th scope="row">
                {onSelect ? (
                  // The row is clickable for the mouse; this button is the keyboard's way to the same action.
                  <button type="button" className="lap-btn" aria-pressed={selected === l.index} aria-label={`Lap ${l.index + 1}: show on map and charts`} onClick={(e) => { e.stopPropagation(); onSelect(selected === l.index ? null : l.index); }}>
                    {l.index + 1}
                  </button>
                ) : (
                  l.index + 1
                )}
              </th>
              {columns.map((c) => (
                <td key={c.key} className={c.key === 'trigger' ? 'muted' : 'num'}>{c.cell(l)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
