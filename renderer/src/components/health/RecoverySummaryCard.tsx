/**
 * A self-loading "today's recovery" card for any page (the activity list as a dashboard): the
 * latest resting HR, HRV, sleep, Body Battery and stress against the personal baseline, linking
 * to the Health page. Renders nothing until there is wellness data, so it never clutters a new install.
 */
import { useAsync } from '../../hooks/use-async';
import { rangeDates } from '../../lib/health-baseline';
import { healthApi } from '../../lib/health-client';
import { RecoveryCards } from './RecoveryCards';
import './health.css';

export function RecoverySummaryCard() {
  const r = rangeDates('7d', Date.now());
  const daily = useAsync((signal) => healthApi.daily(r.fetchFrom, r.to, signal), [r.fetchFrom, r.to]);
  if (!daily.data || !daily.data.days.length) return null;
  return (
    <div className="card" data-testid="recovery-summary-card">
      <div className="page-head">
        <h2 className="card-title">Today's recovery</h2>
        <a href="#/health" className="btn btn-small btn-ghost">Health →</a>
      </div>
      <RecoveryCards days={daily.data.days} from={r.from} to={r.to} fetchFrom={r.fetchFrom} />
    </div>
  );
}
