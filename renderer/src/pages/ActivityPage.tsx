import { useMemo } from 'react';
import { STREAM_CHANNELS } from '../../../shared/activity.js';
import type { ActivityDetailDto, ActivityPatchDto } from '../../../shared/api.js';
import { ActivityCharts } from '../components/ActivityCharts';
import { ActivityHeader } from '../components/ActivityHeader';
import { ActivityMap } from '../components/ActivityMap';
import { ActivityMeta } from '../components/ActivityMeta';
import { ActivityAnalysis, type AnalysedActivity } from '../components/analysis/ActivityAnalysis';
import { PrBanner } from '../components/analysis/PrBadge';
import { RecordsEligibility } from '../components/analysis/RecordsEligibility';
import { LapTable } from '../components/LapTable';
import { ErrorBox, Loading, EmptyState } from '../components/States';
import { SummaryGrid } from '../components/SummaryGrid';
import { useAsync } from '../hooks/use-async';
import { useConfig } from '../hooks/use-config';
import { navigate } from '../hooks/use-route';
import { useUnits } from '../hooks/use-units';
import { api, ApiRequestError } from '../lib/api-client';
import { buildChartSeries, trackSegments } from '../lib/chart-data';
import { withPoolLengths } from '../lib/pool-swim-chart';
import { PoolLengthsTable } from '../components/swim/PoolLengthsTable';
import { sportInfo } from '../lib/sports';
import { ActivityRoutePanel } from '../components/routes/ActivityRoutePanel';
import { ActivityGearPanel } from '../components/gear/ActivityGearPanel';

/** Server-side downsampling target: plenty for a 1000-px-wide chart and a smooth polyline. */
const MAX_POINTS = 1500;

export function ActivityPage({ id }: { id: string }) {
  const detail = useAsync((signal) => api.activity(id, signal), [id]);
  const streams = useAsync((signal) => api.streams(id, [...STREAM_CHANNELS], MAX_POINTS, signal), [id]);
  const { config } = useConfig();
  const { units } = useUnits();
  const a = detail.data;

  const segments = useMemo(
    () => (streams.data ? trackSegments(streams.data.channels.latDeg, streams.data.channels.lonDeg) : []),
    [streams.data],
  );
  // Pool swims chart speed and distance from the lengths (the record stream has them at lap ends only).
  const swim = (a as AnalysedActivity | null)?.swim ?? null;
  const series = useMemo(
    () => (streams.data && a ? buildChartSeries(swim ? withPoolLengths(streams.data, swim) : streams.data, a.sport, units) : null),
    [streams.data, a, swim, units],
  );

  if (detail.status === 'error' && !a) {
    if (detail.error instanceof ApiRequestError && detail.error.status === 404)
      return <EmptyState title="Activity not found" action={<a className="btn" href="#/activities">Back to activities</a>}>It may have been deleted.</EmptyState>;
    return <ErrorBox error={detail.error} onRetry={detail.reload} />;
  }
  if (!a) return <Loading label="Loading activity…" />;

  const onSave = async (patch: ActivityPatchDto) => {
    const updated = await api.patchActivity(a.id, patch);
    // Merge rather than replace: the PATCH answer may be a summary without laps/sessions.
    detail.set({ ...a, ...patch, ...((updated ?? {}) as Partial<ActivityDetailDto>) } as ActivityDetailDto);
  };

  const showMap = a.hasGps;

  return (
    <article className="page activity-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/activities">← Activities</a>
      </nav>
      <ActivityHeader a={a} onSave={onSave} onDeleted={() => navigate('#/activities', { replace: true })} />
      <PrBanner prs={(a as AnalysedActivity).newPrs ?? []} sport={a.sport} />
      <RecordsEligibility
        activityId={a.id}
        startTime={a.startTime}
        analysis={a as AnalysedActivity}
        onStartTime={async (startTime) => {
          await onSave({ startTime });
          detail.reload();
        }}
        onChanged={detail.reload}
      />

      {a.warnings.length > 0 && (
        <div className="banner banner-warn" role="note" data-testid="activity-warnings">
          <strong>{a.warnings.length === 1 ? 'The importer noted a problem with this file:' : `The importer noted ${a.warnings.length} problems with this file:`}</strong>
          <ul>
            {a.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      <SummaryGrid s={a} sport={a.sport} />
      <ActivityGearPanel activityId={a.id} />

      <div className={showMap ? 'activity-layout' : 'activity-layout no-map'}>
        {showMap && (
          <section className="card map-card" aria-label="Map">
            {streams.status === 'error' ? (
              <ErrorBox error={streams.error} onRetry={streams.reload} />
            ) : segments.length > 0 || streams.status === 'loading' ? (
              <ActivityMap segments={segments} tileUrl={config?.tileUrl || null} tileAttribution={config?.tileAttribution ?? null} color={sportInfo(a.sport).color} />
            ) : (
              <p className="muted pad">No GPS positions in the recorded samples.</p>
            )}
          </section>
        )}
        <section className="card charts-card" aria-labelledby="charts-h">
          <h2 id="charts-h" className="card-title">Charts</h2>
          {streams.status === 'error' && <ErrorBox error={streams.error} onRetry={streams.reload} />}
          {streams.status === 'loading' && <Loading label="Loading samples…" />}
          {series && <ActivityCharts series={series} />}
        </section>
      </div>

      <ActivityAnalysis a={a as AnalysedActivity} />
      <ActivityRoutePanel a={a} />

      {swim && <PoolLengthsTable swim={swim} />}

      <section className="card" aria-labelledby="laps-h">
        <h2 id="laps-h" className="card-title">Laps <span className="muted count">{a.laps.length}</span></h2>
        {a.laps.length ? <LapTable laps={a.laps} sport={a.sport} sessions={a.sessions} /> : <p className="muted">No laps recorded.</p>}
      </section>

      <ActivityMeta a={a} />
    </article>
  );
}
