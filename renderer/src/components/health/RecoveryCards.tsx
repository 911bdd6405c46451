/** Today's recovery signals: the latest value of each, with how far it is from the personal baseline. */
import type { HealthDayDto } from '../../../../shared/health.js';
import { formatMetric, latest, withBaseline } from '../../lib/health-baseline';

const SIGNALS: { metric: string; label: string; goodWhenHigh: boolean }[] = [
  { metric: 'restingHrBpm', label: 'Resting HR', goodWhenHigh: false },
  { metric: 'hrvMs', label: 'HRV', goodWhenHigh: true },
  { metric: 'hrvSdnnMs', label: 'HRV (SDNN)', goodWhenHigh: true },
  { metric: 'sleepS', label: 'Sleep', goodWhenHigh: true },
  { metric: 'bodyBatteryHigh', label: 'Body Battery', goodWhenHigh: true },
  { metric: 'avgStress', label: 'Stress', goodWhenHigh: false },
];

export function RecoveryCards({ days, from, to, fetchFrom }: { days: HealthDayDto[]; from: string; to: string; fetchFrom: string }) {
  const cards = SIGNALS.map((s) => ({ ...s, l: latest(withBaseline(days, s.metric, from, to, fetchFrom)) })).filter((c) => c.l !== null);
  if (!cards.length) return <p className="muted small">No recovery data yet. Import a Garmin export or wellness files, or connect Health Auto Export in Settings.</p>;
  return (
    <dl className="health-cards" data-testid="recovery-cards">
      {cards.map(({ metric, label, goodWhenHigh, l }) => {
        const delta = l!.delta;
        const good = delta === null ? null : goodWhenHigh ? delta >= 0 : delta <= 0;
        return (
          <div key={metric} className="stat stat-primary">
            <dt>{label}</dt>
            <dd>
              {formatMetric(metric, l!.point.value)}
              <span className="stat-note">
                {l!.point.date}
                {delta !== null && (
                  <span className={good ? 'health-good' : 'health-bad'}>
                    {' '}· {delta >= 0 ? '+' : '−'}
                    {formatMetric(metric, Math.abs(delta))} vs normal
                  </span>
                )}
              </span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
