import { sportInfo } from '../lib/sports';

export function SportBadge({ sport, subSport }: { sport: string; subSport?: string | null }) {
  const info = sportInfo(sport);
  const sub = subSport && subSport !== 'generic' ? subSport.replace(/_/g, ' ') : null;
  return (
    <span className="sport-badge" style={{ '--sport': info.color } as React.CSSProperties} title={sub ? `${info.label} (${sub})` : info.label}>
      <span className="sport-dot" aria-hidden="true" />
      {info.label}
      {sub && <span className="sport-sub">· {sub}</span>}
    </span>
  );
}
