/** The activity's fastest time over each standard distance, with its pace, where it started, and PR marks. */
import type { ActivityPrDto, BestEffortDto } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { effortLabel, formatRateValue, rateValue } from '../../lib/analysis-format';
import { rateLabel } from '../../lib/sports';
import { formatDuration } from '../../units';

export function BestEffortsTable({ efforts, prs, sport }: { efforts: BestEffortDto[]; prs: ActivityPrDto[]; sport: string }) {
  const { units } = useUnits();
  if (!efforts.length) return <p className="muted">No best efforts: the activity is shorter than the shortest standard distance or has no distance stream.</p>;
  const sorted = [...efforts].sort((a, b) => a.distanceM - b.distanceM);
  return (
    <div className="table-scroll">
      <table className="lap-table effort-table" data-testid="best-efforts">
        <thead>
          <tr>
            <th scope="col">Distance</th>
            <th scope="col" className="num">Time</th>
            <th scope="col" className="num">{rateLabel(sport)}</th>
            <th scope="col" className="num">Starts at</th>
            <th scope="col"><span className="visually-hidden">Record</span></th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => {
            const mine = prs.filter((p) => p.kind === 'distance' && Math.abs(p.key - e.distanceM) < 1);
            const all = mine.some((p) => p.scope === 'all');
            const year = mine.find((p) => p.scope === 'year');
            return (
              <tr key={e.distanceM} data-testid="best-effort-row">
                <th scope="row">{effortLabel(e.distanceM)}</th>
                <td className="num">{formatDuration(e.timeS)}</td>
                <td className="num">{formatRateValue(sport, e.timeS > 0 ? rateValue(sport, e.distanceM / e.timeS, units) : null, units)}</td>
                <td className="num muted">{formatDuration(e.startOffsetS)}</td>
                <td>
                  {all ? <span className="pr-chip" data-testid="pr-chip">PR</span> : year ? <span className="pr-chip pr-chip-year">{year.year} best</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
