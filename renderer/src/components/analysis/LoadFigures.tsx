/** Training-load figures of one activity: TSS (or hrTSS/TRIMP), IF, NP, VI, work and GAP where they apply. */
import type { ActivityLoadDto } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { formatLoad, formatWatts } from '../../lib/analysis-format';
import { formatPace } from '../../units';

const SOURCE: Record<NonNullable<ActivityLoadDto['loadSource']>, string> = {
  power: 'from power (TSS)',
  hr: 'from heart rate (hrTSS)',
  pace: 'from pace (rTSS)',
  trimp: 'from heart rate (TRIMP)',
};

export function LoadFigures({ load, sport }: { load: ActivityLoadDto; sport: string }) {
  const { units } = useUnits();
  const foot = sport === 'running' || sport === 'walking' || sport === 'hiking';
  const stats: { label: string; value: string; title?: string; primary?: boolean }[] = [
    { label: 'Load', value: formatLoad(load.load), title: load.loadSource ? SOURCE[load.loadSource] : 'no power, heart rate or threshold to compute it from', primary: true },
  ];
  if (load.tss !== null) stats.push({ label: 'TSS', value: formatLoad(load.tss) });
  if (load.intensityFactor !== null) stats.push({ label: 'Intensity factor', value: load.intensityFactor.toFixed(2) });
  if (load.normalizedPowerW !== null) stats.push({ label: 'Normalized power', value: formatWatts(load.normalizedPowerW) });
  if (load.variabilityIndex !== null) stats.push({ label: 'Variability index', value: load.variabilityIndex.toFixed(2) });
  if (load.workKj !== null) stats.push({ label: 'Work', value: `${Math.round(load.workKj).toLocaleString()} kJ` });
  if (load.hrTss !== null) stats.push({ label: 'hrTSS', value: formatLoad(load.hrTss) });
  if (load.trimp !== null) stats.push({ label: 'TRIMP', value: formatLoad(load.trimp) });
  if (foot && load.gradeAdjustedPaceMps !== null) stats.push({ label: 'Grade-adjusted pace', value: formatPace(load.gradeAdjustedPaceMps, units) });
  return (
    <dl className="summary-grid load-grid" data-testid="load-figures">
      {stats.map((s) => (
        <div key={s.label} className={s.primary ? 'stat stat-primary stat-load' : 'stat'} title={s.title}>
          <dt>{s.label}</dt>
          <dd>
            {s.value}
            {s.primary && load.loadSource && <span className="stat-note"> {SOURCE[load.loadSource]}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
