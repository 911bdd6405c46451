/**
 * Health next to training (issue 7): today's recovery signals, insights, each metric over
 * 7 d / 30 d / 1 y with its personal baseline band, sleep stages per night, and the training vs
 * recovery overlay (CTL/ATL/TSB with HRV, resting HR and sleep).
 */
import { DAILY_METRICS, type HealthDailyDto, type SleepSessionDto } from '../../../shared/health.js';
import { InsightsList } from '../components/health/InsightsList';
import { IntradayChart } from '../components/health/IntradayChart';
import { MetricBandChart } from '../components/health/MetricBandChart';
import { RecoveryCards } from '../components/health/RecoveryCards';
import { nightRows, SleepStagesChart } from '../components/health/SleepStagesChart';
import { TrainingRecoveryChart, trainingRecoveryRows } from '../components/health/TrainingRecoveryChart';
import '../components/health/health.css';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { BASELINE_DAYS, withBaseline } from '../lib/health-baseline';
import { healthApi } from '../lib/health-client';
import { DateRangePicker } from '../components/range/DateRangePicker';
import { useDayRange } from '../components/range/use-day-range';
import { addDays, splitRange, type DayRange } from '../lib/date-range';

/** The health API serves at most 401 days per request (shared/health-schemas.ts): longer ranges are fetched in pieces. */
const CHUNK_DAYS = 400;

async function dailyIn(r: DayRange, signal: AbortSignal): Promise<HealthDailyDto> {
  const parts = await Promise.all(splitRange(r, CHUNK_DAYS).map((p) => healthApi.daily(p.from, p.to, signal)));
  return { from: r.from, to: r.to, days: parts.flatMap((p) => p.days) };
}

async function sleepIn(r: DayRange, signal: AbortSignal): Promise<SleepSessionDto[]> {
  const parts = await Promise.all(splitRange(r, CHUNK_DAYS).map((p) => healthApi.sleep(p.from, p.to, signal)));
  return parts.flatMap((p) => p.items);
}

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

/**
 * Issue 17: opens on the 4 weeks up to the latest health data (2017 HRV is shown as 2017, not as an
 * empty "last 30 days"), with `from`/`to` in the URL and the shared range picker.
 */
export function HealthPage({ query }: { query: URLSearchParams }) {
  const dr = useDayRange({ path: '/health', query, extentOf: (e) => e.health, defaultPreset: '4w' });
  const from = dr.range?.from ?? '';
  const to = dr.range?.to ?? '';
  // The baseline needs 30 days before `from`.
  const fetchFrom = from ? addDays(from, -BASELINE_DAYS) : '';
  const data = useAsync(
    async (signal) => {
      if (!from) return new Promise<never>(() => {});
      const [daily, sleep, fitness] = await Promise.all([
        dailyIn({ from: fetchFrom, to }, signal),
        sleepIn({ from, to }, signal),
        healthApi.fitness(from, to, signal).catch(() => null),
      ]);
      return { daily, sleep, fitness };
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
      </div>
      {dr.range && <DateRangePicker range={dr.range} anchor={dr.anchor} today={dr.today} extent={dr.extent} onChange={dr.setRange} dataLabel="health data" />}
      {data.status === 'error' && <ErrorBox error={data.error} onRetry={data.reload} />}
      {!data.data && data.status === 'loading' && <Loading label="Loading health data…" />}
      {data.data && (
        <>
          <div className="card">
            <h2 className="card-title">{to >= dr.today ? "Today's recovery" : `Recovery up to ${to}`}</h2>
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
            <IntradayChart key={to} initialDate={to} />
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
