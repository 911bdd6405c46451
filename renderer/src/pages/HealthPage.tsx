/**
 * Health next to training (issue 7): today's recovery signals, insights, each metric over
 * 7 d / 30 d / 1 y with its personal baseline band, sleep stages per night, and the training vs
 * recovery overlay (CTL/ATL/TSB with HRV, resting HR and sleep).
 */
import { useState } from 'react';
import { DAILY_METRICS } from '../../../shared/health.js';
import { InsightsList } from '../components/health/InsightsList';
import { IntradayChart } from '../components/health/IntradayChart';
import { MetricBandChart } from '../components/health/MetricBandChart';
import { RecoveryCards } from '../components/health/RecoveryCards';
import { nightRows, SleepStagesChart } from '../components/health/SleepStagesChart';
import { TrainingRecoveryChart, trainingRecoveryRows } from '../components/health/TrainingRecoveryChart';
import '../components/health/health.css';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { rangeDates, withBaseline, type RangeKey } from '../lib/health-baseline';
import { healthApi } from '../lib/health-client';

const CHARTED: { metric: string; color: string }[] = [
  { metric: 'restingHrBpm', color: '#862e9c' },
  { metric: 'hrvMs', color: '#2f9e44' },
  { metric: 'hrvSdnnMs', color: '#2f9e44' },
  { metric: 'sleepS', color: '#364fc7' },
  { metric: 'steps', color: '#1c7ed6' },
  { metric: 'avgStress', color: '#e8590c' },
  { metric: 'bodyBatteryHigh', color: '#0ca678' },
  { metric: 'spo2AvgPct', color: '#c92a2a' },
  { metric: 'respirationBrpm', color: '#1098ad' },
  { metric: 'weightKg', color: '#495057' },
  { metric: 'vo2maxMlKgMin', color: '#f08c00' },
];

export function HealthPage() {
  const [range, setRange] = useState<RangeKey>('30d');
  const { from, to, fetchFrom } = rangeDates(range, Date.now());
  // The baseline needs 30 days before `from`; the API serves at most 400 days per request.
  const data = useAsync(
    async (signal) => {
      const [daily, sleep, fitness] = await Promise.all([
        healthApi.daily(fetchFrom, to, signal),
        healthApi.sleep(from, to, signal),
        healthApi.fitness(from, to, signal).catch(() => null),
      ]);
      return { daily, sleep: sleep.items, fitness };
    },
    [fetchFrom, from, to],
  );
  const insights = useAsync((signal) => healthApi.insights(signal), []);

  return (
    <section className="page" data-testid="health-page">
      <div className="page-head">
        <div>
          <h1>Health</h1>
          <p className="muted small">Recovery next to training: Garmin wellness, Apple Health (Health Auto Export) and HRV apps in one place.</p>
        </div>
        <div className="segmented" role="group" aria-label="Range">
          {(['7d', '30d', '1y'] as const).map((r) => (
            <button key={r} type="button" aria-pressed={range === r} onClick={() => setRange(r)}>
              {r === '1y' ? '1 year' : r === '7d' ? '7 days' : '30 days'}
            </button>
          ))}
        </div>
      </div>
      {data.status === 'error' && <ErrorBox error={data.error} onRetry={data.reload} />}
      {!data.data && data.status === 'loading' && <Loading label="Loading health data…" />}
      {data.data && (
        <>
          <div className="card">
            <h2 className="card-title">Today's recovery</h2>
            <RecoveryCards days={data.data.daily.days} from={from} to={to} fetchFrom={fetchFrom} />
          </div>
          <div className="card">
            <h2 className="card-title">Insights</h2>
            {insights.data ? <InsightsList items={insights.data.items} onChange={insights.reload} /> : insights.status === 'error' ? <ErrorBox error={insights.error} onRetry={insights.reload} /> : <Loading />}
          </div>
          <div className="card">
            <h2 className="card-title">Training vs recovery</h2>
            <TrainingRecoveryChart rows={trainingRecoveryRows(data.data.daily.days, data.data.fitness, from, to)} hasFitness={data.data.fitness !== null} />
          </div>
          <div className="card">
            <h2 className="card-title">Sleep stages</h2>
            <SleepStagesChart rows={nightRows(data.data.sleep, (d) => data.data!.daily.days.find((x) => x.date === d)?.metrics.sleepS)} />
          </div>
          <div className="card">
            <h2 className="card-title">Through the day</h2>
            <IntradayChart initialDate={to} />
          </div>
          <div className="health-grid">
            {CHARTED.filter((c) => data.data!.daily.days.some((d) => c.metric in d.metrics)).map((c) => (
              <div className="card" key={c.metric}>
                <MetricBandChart metric={c.metric} label={DAILY_METRICS[c.metric]?.label ?? c.metric} color={c.color} points={withBaseline(data.data!.daily.days, c.metric, from, to, fetchFrom)} />
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
