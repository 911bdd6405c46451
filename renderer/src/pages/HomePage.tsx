/**
 * Home dashboard (issue 17): this week against last week and the year so far per sport, the plan
 * of the year (goals per sport against a pro-rata line, GET/PUT /api/v1/goals), current
 * fitness/fatigue/form, the latest activities with mini maps, records that still stand, recovery
 * against the personal baseline, and insights. Built from the existing read endpoints (totals,
 * fitness, activities, streams, records, health) so it adds no server work; when the athlete's
 * last activity is old, everything is shown as of that week, with a note saying so.
 */
import type { RecordRowDto } from '../../../shared/analysis-api.js';
import { WeekCard, YearCard } from '../components/dashboard/TotalsCards';
import { GoalsCard } from '../components/dashboard/GoalsCard';
import { LatestActivities } from '../components/dashboard/LatestActivities';
import { RecordsCard } from '../components/dashboard/RecordsCard';
import { dashboardDay, standingRecords } from '../components/dashboard/dashboard-data';
import '../components/dashboard/dashboard.css';
import { InsightsList } from '../components/health/InsightsList';
import { RecoveryCards } from '../components/health/RecoveryCards';
import '../components/health/health.css';
import { fetchExtents } from '../components/range/extents-client';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { api } from '../lib/api-client';
import { analysisApi } from '../lib/analysis-client';
import { formatLoad } from '../lib/analysis-format';
import { formZone } from '../lib/analysis-fitness';
import { addDays, formatRange } from '../lib/date-range';
import { BASELINE_DAYS } from '../lib/health-baseline';
import { healthApi } from '../lib/health-client';

const LATEST = 6;
const RECORDS = 6;
/** Sports whose records are looked at: the athlete's three with the most time this year and last. */
const RECORD_SPORTS = 3;

export function HomePage() {
  const ext = useAsync((signal) => fetchExtents(signal), []);
  const e = ext.data;
  const day = e ? dashboardDay(e.today, e.activities?.last) : null;

  const main = useAsync(
    async (signal) => {
      if (!e || !day) return new Promise<never>(() => {});
      const [weeks, years, fitness, latest] = await Promise.all([
        analysisApi.totals('week', undefined, signal),
        analysisApi.totals('year', undefined, signal),
        analysisApi.fitness(addDays(day, -1), day, signal),
        api.listActivities({ limit: LATEST, offset: 0, to: e.activities ? addDays(e.today, 1) : undefined }, signal),
      ]);
      return { weeks: weeks.items, years: years.items, fitness: fitness.items[fitness.items.length - 1] ?? null, latest: latest.items };
    },
    [day],
  );

  const records = useAsync(
    async (signal) => {
      if (!main.data || !day) return new Promise<never>(() => {});
      const y = Number(day.slice(0, 4));
      const sports = [...new Set(main.data.years.filter((r) => r.sport !== 'all' && Number(r.periodStart.slice(0, 4)) >= y - 1).sort((a, b) => b.movingTimeS - a.movingTimeS).map((r) => r.sport))].slice(0, RECORD_SPORTS);
      const all = await Promise.all(sports.map(async (sport) => (await analysisApi.records(sport, signal)).items.map((r): RecordRowDto & { sport: string } => ({ ...r, sport }))));
      return standingRecords(all.flat(), RECORDS);
    },
    [main.data, day],
  );

  const health = useAsync(
    async (signal) => {
      if (!e) return new Promise<never>(() => {});
      if (!e.health) return null;
      const to = e.health.last < e.today ? e.health.last : e.today;
      const from = addDays(to, -6);
      const fetchFrom = addDays(from, -BASELINE_DAYS);
      const daily = await healthApi.daily(fetchFrom, to, signal);
      return { days: daily.days, from, to, fetchFrom };
    },
    [e],
  );
  // Insights come from training too (load ramp, new records), not only from health data.
  const insights = useAsync((signal) => healthApi.insights(signal), []);

  if (ext.status === 'error') return <ErrorBox error={ext.error} onRetry={ext.reload} />;
  if (!e || !day) return <Loading label="Loading your dashboard…" />;
  if (!e.activities && !e.health) {
    return (
      <section className="page" data-testid="home-page">
        <div className="page-head">
          <h1>Home</h1>
        </div>
        <EmptyState title="Welcome to MileVault" action={<a className="btn" href="#/import">Import activities</a>}>
          <p>Drop FIT, GPX or TCX files, or a whole Strava or Garmin export, and this page fills with your week, fitness, records and recovery.</p>
        </EmptyState>
      </section>
    );
  }
  const old = day !== e.today;
  const f = main.data?.fitness;

  return (
    <section className="page" data-testid="home-page">
      <div className="page-head">
        <div>
          <h1>Home</h1>
          {e.activities && (
            <p className={old ? 'dash-old' : 'muted'} data-testid="dash-last-activity">
              Last activity {formatRange({ from: e.activities.last, to: e.activities.last })}
              {old ? ': showing that week.' : '.'}
            </p>
          )}
        </div>
      </div>
      {main.status === 'error' && <ErrorBox error={main.error} onRetry={main.reload} />}
      {!main.data && main.status === 'loading' && <Loading label="Loading…" />}
      {main.data && (
        <div className="dash-grid">
          <WeekCard rows={main.data.weeks} day={day} />
          <section className="card dash-card" aria-labelledby="dash-fitness" data-testid="dash-fitness">
            <h2 className="card-title" id="dash-fitness">
              Fitness on {f?.date ?? day} <a className="small" href="#/fitness">Fitness</a>
            </h2>
            {f && (f.ctl ?? 0) > 0.5 ? (
              <dl className="dash-stats">
                <div><dt>Fitness (CTL)</dt><dd>{formatLoad(f.ctl)}</dd></div>
                <div><dt>Fatigue (ATL)</dt><dd>{formatLoad(f.atl)}</dd></div>
                <div><dt>Form (TSB)</dt><dd>{formatLoad(f.tsb, true)} {f.tsb !== null && <span className="muted small">{formZone(f.tsb).label}</span>}</dd></div>
              </dl>
            ) : (
              <p className="muted small">No training load yet: activities need power, heart rate or pace, and a threshold (<a href="#/settings/thresholds">estimate them</a>).</p>
            )}
          </section>
          <YearCard rows={main.data.years} day={day} />
          <GoalsCard rows={main.data.years} year={Number(day.slice(0, 4))} today={e.today} />
          <LatestActivities items={main.data.latest} />
          <RecordsCard items={records.data ?? []} />
          <section className="card dash-card" aria-labelledby="dash-recovery" data-testid="dash-recovery">
            <h2 className="card-title" id="dash-recovery">
              Recovery{health.data ? ` up to ${health.data.to}` : ''} <a className="small" href="#/health">Health</a>
            </h2>
            {health.data ? (
              <RecoveryCards days={health.data.days} from={health.data.from} to={health.data.to} fetchFrom={health.data.fetchFrom} />
            ) : health.status === 'loading' ? (
              <Loading />
            ) : (
              <p className="muted small">No recovery data yet: import Garmin wellness files or connect Health Auto Export in Settings.</p>
            )}
          </section>
          <section className="card dash-card" aria-labelledby="dash-insights" data-testid="dash-insights">
            <h2 className="card-title" id="dash-insights">Insights</h2>
            {insights.data ? <InsightsList items={insights.data.items.slice(0, 4)} onChange={insights.reload} /> : insights.status === 'error' ? <ErrorBox error={insights.error} onRetry={insights.reload} /> : <Loading />}
          </section>
        </div>
      )}
    </section>
  );
}
