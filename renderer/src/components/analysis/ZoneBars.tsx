/**
 * Time in zones for heart rate, power and pace: one stacked bar per kind plus a legend with each
 * zone's range and time, using the thresholds that were valid on the activity's date.
 */
import type { ActivityZonesDto, ZoneDistributionDto, ZoneKind } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { formatThreshold, kindInfo } from '../../lib/analysis-thresholds';
import { formatShare, zoneSegments } from '../../lib/analysis-zones';

const TITLES: Record<ZoneKind, string> = { hr: 'Heart rate zones', power: 'Power zones', pace: 'Pace zones' };

export function ZoneBars({ zones, sport }: { zones: ActivityZonesDto; sport: string }) {
  const kinds = (['power', 'hr', 'pace'] as ZoneKind[]).filter((k) => zones[k] && zones[k]!.zones.length > 0);
  if (!kinds.length)
    return (
      <p className="muted" data-testid="zones-empty">
        No zones: set an FTP, threshold heart rate or threshold pace in <a href="#/settings/thresholds">Settings → Thresholds</a>.
      </p>
    );
  return (
    <div className="zone-list">
      {kinds.map((k) => (
        <ZoneBar key={k} d={zones[k]!} sport={sport} />
      ))}
    </div>
  );
}

function ZoneBar({ d, sport }: { d: ZoneDistributionDto; sport: string }) {
  const { units } = useUnits();
  const segs = zoneSegments(d, sport, units);
  const basis = `${kindInfo(d.basis.kind).label} ${formatThreshold(d.basis.kind, d.basis.value, units, sport)}${d.basis.validFrom ? ` (since ${d.basis.validFrom})` : ''}`;
  return (
    <figure className="zone-block" data-testid={`zones-${d.kind}`}>
      <figcaption>
        <strong>{TITLES[d.kind]}</strong> <span className="muted small">based on {basis}</span>
      </figcaption>
      <div className="zone-bar" role="img" aria-label={segs.map((s) => `Z${s.index} ${formatShare(s.share)}`).join(', ')}>
        {segs
          .filter((s) => s.share > 0)
          .map((s) => (
            <span key={s.index} className="zone-seg" data-testid="zone-seg" style={{ flexGrow: s.share, background: s.color }} title={`Z${s.index} ${s.name}: ${s.time} (${formatShare(s.share)})`}>
              {s.share >= 0.07 ? `Z${s.index}` : ''}
            </span>
          ))}
      </div>
      <table className="zone-table">
        <tbody>
          {segs.map((s) => (
            <tr key={s.index}>
              <th scope="row">
                <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />Z{s.index} <span className="muted">{s.name}</span>
              </th>
              <td className="muted">{s.range}</td>
              <td className="num">{s.time}</td>
              <td className="num zone-share">
                <span className="zone-mini" style={{ width: `${Math.round(s.share * 100)}%`, background: s.color }} aria-hidden="true" />
                {formatShare(s.share)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
