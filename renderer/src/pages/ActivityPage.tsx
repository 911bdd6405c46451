import { useMemo, useState } from 'react';
import { CHART_MAX_POINTS, STREAM_CHANNELS } from '../../../shared/activity.js';
import type { ActivityDetailDto, ActivityPatchDto, StreamsDto } from '../../../shared/api.js';
import type { TileLayerDto } from '../../../shared/map-layers.js';
import { ActivityCharts } from '../components/ActivityCharts';
import { ActivityHeader } from '../components/ActivityHeader';
import { ActivityMap, type TrackColoring } from '../components/ActivityMap';
import { ActivityMeta } from '../components/ActivityMeta';
import { createCursorStore } from '../components/activity/cursor-store';
import { SelectionBar } from '../components/activity/SelectionBar';
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
import { colorRuns, gradientPct, scaleFor, type TrackColorBy } from '../lib/chart-colors';
import { buildChartSeries, deriveSpeed, developerPower, trackSegments } from '../lib/chart-data';
import { lapRanges, rangeForTimes, selectionStats, type IndexRange } from '../lib/chart-selection';
import { withPoolLengths } from '../lib/pool-swim-chart';
import { PoolLengthsTable } from '../components/swim/PoolLengthsTable';
import { formatRate, sportInfo } from '../lib/sports';
import { formatDuration } from '../units';
import { ActivityRoutePanel } from '../components/routes/ActivityRoutePanel';
import { ActivityGearPanel } from '../components/gear/ActivityGearPanel';

/** Server-side downsampling target: plenty for a 1000-px-wide chart and a smooth polyline. */
/** The chart the server keeps ready (shared/activity.ts). */
const MAX_POINTS = CHART_MAX_POINTS;

type Selection = { range: IndexRange; lap: number | null };

export function ActivityPage({ id }: { id: string }) {
  const detail = useAsync((signal) => api.activity(id, signal), [id]);
  const streams = useAsync((signal) => api.streams(id, [...STREAM_CHANNELS], MAX_POINTS, signal), [id]);
  const { config } = useConfig();
  const { units } = useUnits();
  const a = detail.data;
  const [cursor] = useState(createCursorStore);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [zoom, setZoom] = useState<IndexRange | null>(null);
  const [colorBy, setColorBy] = useState<TrackColorBy>('sport');

  const segments = useMemo(
    () => (streams.data ? trackSegments(streams.data.channels.latDeg, streams.data.channels.lonDeg) : []),
    [streams.data],
  );
  // Pool swims chart speed and distance from the lengths (the record stream has them at lap ends only).
  const swim = (a as AnalysedActivity | null)?.swim ?? null;
  const source: StreamsDto | null = useMemo(() => (streams.data && a ? (swim ? withPoolLengths(streams.data, swim) : streams.data) : null), [streams.data, a, swim]);
  const series = useMemo(() => (source && a ? buildChartSeries(source, a.sport, units) : null), [source, a, units]);
  const devPower = useMemo(() => (source ? developerPower(source.developer)?.values : undefined), [source]);
  const laps = useMemo(() => (a && source ? lapRanges(a.laps, source.timeS[source.timeS.length - 1] ?? 0) : []), [a, source]);

  const layers: TileLayerDto[] = useMemo(() => {
    const fromServer = (config as { tileLayers?: TileLayerDto[] } | null)?.tileLayers;
    if (fromServer?.length) return fromServer;
    return config?.tileUrl ? [{ id: 'street', name: 'Street', url: config.tileUrl, attribution: config.tileAttribution ?? '', maxZoom: 19 }] : [];
  }, [config]);

  // Values the track can be coloured by, per sample (SI), and which of them this activity has.
  const colorValues = useMemo(() => {
    if (!source) return null;
    const ch = source.channels;
    const speed = ch.speedMps ?? (ch.distanceM ? deriveSpeed(source.timeS, ch.distanceM) : undefined);
    return {
      speed,
      hr: ch.hrBpm,
      power: ch.powerW?.some((v) => v !== null) ? ch.powerW : devPower,
      gradient: gradientPct(ch.distanceM, ch.altitudeM),
    } as Record<Exclude<TrackColorBy, 'sport'>, (number | null)[] | undefined>;
  }, [source, devPower]);

  const coloring: TrackColoring | null = useMemo(() => {
    if (!a || !source || !colorValues || colorBy === 'sport') return null;
    const values = colorValues[colorBy];
    const scale = values ? scaleFor(colorBy, values) : null;
    const lat = source.channels.latDeg;
    const lon = source.channels.lonDeg;
    if (!values || !scale || !lat || !lon) return null;
    const [lo, hi] = scale.domain;
    const label = (v: number) =>
      colorBy === 'speed' ? formatRate(a.sport, v, units) : colorBy === 'hr' ? `${Math.round(v)} bpm` : colorBy === 'power' ? `${Math.round(v)} W` : `${v > 0 ? '+' : ''}${Math.round(v)} %`;
    const title = colorBy === 'speed' ? (sportInfo(a.sport).rate === 'speed' ? 'Speed' : 'Pace') : colorBy === 'hr' ? 'Heart rate' : colorBy === 'power' ? 'Power' : 'Gradient';
    return { by: colorBy, runs: colorRuns(lat, lon, values, scale), scale, lowLabel: label(lo), highLabel: label(hi), title };
  }, [a, source, colorValues, colorBy, units]);

  const stats = useMemo(() => (source && selection ? selectionStats(source, selection.range, devPower) : null), [source, selection, devPower]);

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
  const selectLap = (index: number | null) => {
    const lap = laps.find((l) => l.index === index);
    const range = lap && source ? rangeForTimes(source.timeS, lap.fromS, lap.toS) : null;
    setSelection(range && index !== null ? { range, lap: index } : null);
  };
  const selectionLabel = selection
    ? selection.lap !== null
      ? `Lap ${selection.lap + 1}`
      : source
        ? `${formatDuration(source.timeS[selection.range.from]!)}–${formatDuration(source.timeS[selection.range.to]!)}`
        : 'Selection'
    : '';
  const colorOptions: [TrackColorBy, string][] = [
    ['sport', 'Sport colour'],
    ...(colorValues?.speed?.some((v) => v !== null) ? [['speed', sportInfo(a.sport).rate === 'speed' ? 'Speed' : 'Pace'] as [TrackColorBy, string]] : []),
    ...(colorValues?.hr?.some((v) => v !== null) ? [['hr', 'Heart rate'] as [TrackColorBy, string]] : []),
    ...(colorValues?.power?.some((v) => v !== null) ? [['power', 'Power'] as [TrackColorBy, string]] : []),
    ...(colorValues?.gradient?.some((v) => v !== null) ? [['gradient', 'Gradient'] as [TrackColorBy, string]] : []),
  ];

  const lapsCard = (
    <section className="card laps-card" aria-labelledby="laps-h">
      <h2 id="laps-h" className="card-title">
        Laps <span className="muted count">{a.laps.length}</span>
        {a.laps.length > 1 && <span className="muted small card-hint">select a lap to see it on the map and charts</span>}
      </h2>
      {a.laps.length ? (
        <LapTable laps={a.laps} sport={a.sport} sessions={a.sessions} selected={selection?.lap ?? null} onSelect={source && a.laps.length > 1 ? selectLap : undefined} />
      ) : (
        <p className="muted">No laps recorded.</p>
      )}
    </section>
  );

  return (
    <article className="page activity-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/activities">← Activities</a>
      </nav>
      <ActivityHeader a={a} onSave={onSave} onDeleted={() => navigate('#/activities', { replace: true })} />
      <PrBanner prs={(a as AnalysedActivity).newPrs ?? []} sport={a.sport} />

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

      <div className={showMap ? 'activity-layout' : 'activity-layout no-map'}>
        {showMap && (
          <div className="activity-side">
            <section className="card map-card" aria-label="Map">
              {streams.status === 'error' ? (
                <ErrorBox error={streams.error} onRetry={streams.reload} />
              ) : segments.length > 0 || streams.status === 'loading' ? (
                <ActivityMap
                  segments={segments}
                  layers={layers}
                  color={sportInfo(a.sport).color}
                  lat={source?.channels.latDeg}
                  lon={source?.channels.lonDeg}
                  cursor={cursor}
                  highlight={selection?.range ?? null}
                  coloring={coloring}
                  toolbar={
                    colorOptions.length > 1 ? (
                      <label className="map-control">
                        <span>Colour</span>
                        <select value={colorBy} onChange={(e) => setColorBy(e.target.value as TrackColorBy)} data-testid="map-color-by">
                          {colorOptions.map(([v, l]) => (
                            <option key={v} value={v}>{l}</option>
                          ))}
                        </select>
                      </label>
                    ) : null
                  }
                />
              ) : (
                <p className="muted pad">No GPS positions in the recorded samples.</p>
              )}
            </section>
            {lapsCard}
          </div>
        )}
        <section className="card charts-card" aria-labelledby="charts-h">
          <div className="charts-head">
            <h2 id="charts-h" className="card-title">Charts</h2>
            {zoom && (
              <button type="button" className="btn btn-small" onClick={() => setZoom(null)} data-testid="reset-zoom">
                Reset zoom
              </button>
            )}
          </div>
          {selection && stats && (
            <SelectionBar
              label={selectionLabel}
              stats={stats}
              sport={a.sport}
              zoomed={!!zoom && zoom.from === selection.range.from && zoom.to === selection.range.to}
              onZoom={() => setZoom(selection.range)}
              onClear={() => setSelection(null)}
            />
          )}
          {streams.status === 'error' && <ErrorBox error={streams.error} onRetry={streams.reload} />}
          {streams.status === 'loading' && <Loading label="Loading samples…" />}
          {series && <ActivityCharts series={series} cursor={cursor} selection={selection?.range ?? null} onSelect={(r) => setSelection(r ? { range: r, lap: null } : null)} zoom={zoom} />}
        </section>
        {!showMap && lapsCard}
      </div>

      <div className="activity-extras">
        <ActivityGearPanel activityId={a.id} />
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
      </div>

      <ActivityAnalysis a={a as AnalysedActivity} />
      <ActivityRoutePanel a={a} />

      {swim && <PoolLengthsTable swim={swim} />}

      <ActivityMeta a={a} />
    </article>
  );
}
