/**
 * Records: all-time and per-year bests for every best-effort distance and curve duration of a
 * sport, each linking to its activity, and the progression of the selected one over time.
 *
 * Issue 17: a range of days in the URL (from/to, the shared DateRangePicker). It opens on "All"
 * (first to last activity day: the stored all-time and per-year records); any other range asks
 * the server for the bests of those days (GET /records?from&to), so "my best 5 km in spring 2019"
 * is one click on the picker.
 */
import { useMemo } from 'react';
import { DateRangePicker } from '../components/range/DateRangePicker';
import { useDayRange } from '../components/range/use-day-range';
import { formatRange, presetRange } from '../lib/date-range';
import type { RecordKind } from '../../../shared/analysis-api.js';
import { ProgressionChart } from '../components/analysis/ProgressionChart';
import { RecordCurveChart } from '../components/analysis/RecordCurveChart';
import { RecordsTable } from '../components/analysis/RecordsTable';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { href, navigate } from '../hooks/use-route';
import { analysisApi } from '../lib/analysis-client';
import { kindsPresent, recordTable } from '../lib/analysis-records';
import { sportInfo } from '../lib/sports';

/** Sports with best efforts or curves worth a tab; others are reachable through the URL. */
// Pool swims hold their records per pool length (server/domain/swim/pool-swim.ts poolRecordSport).
const SPORTS = ['running', 'cycling', 'swimming', 'swimming_pool_25m', 'swimming_pool_50m', 'walking', 'hiking', 'rowing'];
const KINDS: RecordKind[] = ['distance', 'power', 'pace', 'hr'];

export function RecordsPage({ query }: { query: URLSearchParams }) {
  const sport = query.get('sport') || 'running';
  const keep = { sport, kind: query.get('kind') ?? undefined, key: query.get('key') ?? undefined };
  const dr = useDayRange({ path: '/records', query, extentOf: (e) => e.activities, defaultPreset: 'all', keep });
  const range = dr.range;
  // The whole history (or more): the stored records, which also carry each year's bests.
  const all = !range || !dr.extent || (range.from <= dr.extent.first && range.to >= dr.extent.last);
  const settled = range !== null;
  const from = all ? '' : range!.from;
  const to = all ? '' : range!.to;
  const res = useAsync((signal) => (settled ? analysisApi.records(sport, signal, from ? { from, to } : undefined) : new Promise<never>(() => {})), [sport, settled, from, to]);
  const items = res.data?.items ?? [];
  const tables = useMemo(() => kindsPresent(items).map((k) => recordTable(items, k)), [items]);

  const qKind = query.get('kind') as RecordKind | null;
  const qKey = Number(query.get('key'));
  const pick = tables.find((t) => t.kind === qKind && t.rows.some((r) => r.key === qKey)) ? { kind: qKind!, key: qKey } : defaultPick(tables, sport);
  const here = range ? { from: range.from, to: range.to } : {};
  const select = (kind: RecordKind, key: number) => navigate(href('/records', { sport, kind, key, ...here }), { replace: true });
  const allLabel = all ? 'All-time' : `Best ${formatRange(range!)}`;
  const sports = SPORTS.includes(sport) ? SPORTS : [sport, ...SPORTS];

  return (
    <section className="page" data-testid="records-page">
      <div className="page-head">
        <div>
          <h1>Records</h1>
          <p className="muted">Your fastest times and best efforts, all-time and per year. Pick a row to see how it progressed.</p>
        </div>
        <div className="segmented" role="group" aria-label="Sport">
          {sports.map((s) => (
            <button key={s} type="button" aria-pressed={s === sport} onClick={() => navigate(href('/records', { sport: s, ...here }), { replace: true })}>
              {sportInfo(s).label}
            </button>
          ))}
        </div>
      </div>

      {range && <DateRangePicker range={range} anchor={dr.anchor} today={dr.today} extent={dr.extent} onChange={(r) => dr.setRange(r)} dataLabel="activity" />}
      {!all && res.data && (
        <p className="muted" data-testid="records-range-note">
          Bests of {formatRange(range!)}: the progression chart still shows every year.{' '}
          {dr.extent && <a href={href('/records', { ...keep, ...presetRange('all', dr.anchor, dr.extent) })}>All-time records</a>}
        </p>
      )}
      {res.status === 'error' && <ErrorBox error={res.error} onRetry={res.reload} />}
      {res.status === 'loading' && !res.data && <Loading label="Loading records…" />}
      {res.data && tables.length === 0 && (
        <EmptyState title={all ? `No ${sportInfo(sport).label.toLowerCase()} records yet` : `No ${sportInfo(sport).label.toLowerCase()} bests ${formatRange(range!)}`} action={<a className="btn" href="#/import">Import activities</a>}>
          <p>Records appear as soon as an activity of this sport has a distance stream, power or heart rate.</p>
        </EmptyState>
      )}
      {pick && (
        <section className="card">
          <ProgressionChart
            key={`${sport}-${pick.kind}-${pick.key}`}
            sport={sport}
            kind={pick.kind}
            recordKey={pick.key}
            yearBests={items.filter((r) => r.kind === pick.kind && r.key === pick.key && r.scope === 'year')}
          />
        </section>
      )}
      {KINDS.map((k) => tables.find((t) => t.kind === k))
        .filter((t) => t !== undefined)
        .map((t) => (
          <RecordsTable
            key={t.kind}
            table={t}
            sport={sport}
            selected={pick?.kind === t.kind ? pick.key : null}
            onSelect={(key) => select(t.kind, key)}
            chart={t.kind === 'distance' ? undefined : <RecordCurveChart table={t} sport={sport} allLabel={allLabel} />}
            allLabel={allLabel}
            onExclude={(r) => void analysisApi.exclude({ activityId: r.activityId, sport, kind: r.kind, key: r.key }).then(res.reload, (e: unknown) => window.alert((e as Error).message))}
          />
        ))}
    </section>
  );
}

/** 5 km for runners and 20-minute power for cyclists are what people look at first. */
function defaultPick(tables: ReturnType<typeof recordTable>[], sport: string): { kind: RecordKind; key: number } | null {
  const prefer: [RecordKind, number][] =
    sportInfo(sport).rate === 'speed'
      ? [['power', 1200], ['distance', 40_000], ['distance', 20_000]]
      : [['distance', 5000], ['distance', 1000], ['power', 1200]];
  for (const [kind, key] of prefer) if (tables.some((t) => t.kind === kind && t.rows.some((r) => r.key === key))) return { kind, key };
  const t = tables[0];
  const r = t?.rows[Math.floor(t.rows.length / 2)];
  return t && r ? { kind: t.kind, key: r.key } : null;
}
