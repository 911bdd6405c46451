/**
 * One kind of record (best efforts, power, pace or heart-rate curve) as a table: a row per
 * distance or duration, the all-time best, then each year's best, every value linking to its
 * activity. Clicking a row picks it for the progression chart.
 */
import { useState, type ReactNode } from 'react';
import type { RecordKind, RecordRowDto } from '../../../../shared/analysis-api.js';
import { href } from '../../hooks/use-route';
import { useUnits } from '../../hooks/use-units';
import { durationLabel, effortLabel } from '../../lib/analysis-format';
import { formatRecord, recordValue, type RecordTable } from '../../lib/analysis-records';
import { sportInfo } from '../../lib/sports';
import { formatDuration } from '../../units';

const TITLES: Record<RecordKind, string> = { distance: 'Best efforts', power: 'Power curve', pace: 'Pace curve', hr: 'Heart-rate curve' };
const MAX_YEARS = 6;
/** Curve tables list the durations athletes quote; the full grid is one click away. */
const KEY_DURATIONS = new Set([5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 10800, 18000]);

export function recordKeyLabel(kind: RecordKind, key: number): string {
  return kind === 'distance' ? effortLabel(key) : durationLabel(key);
}

interface Props {
  table: RecordTable;
  sport: string;
  selected: number | null;
  onSelect: (key: number) => void;
  /** Drawn between the title and the table (the curve chart of a curve kind). */
  chart?: ReactNode;
  /** One click leaves this record out of records (issue 13 §3); the page reloads them. */
  onExclude?: (r: RecordRowDto) => void;
  /** Header of the best column ("All-time"; "Best 2019" when the page shows a range). */
  allLabel?: string;
}

export function RecordsTable({ table, sport, selected, onSelect, chart, onExclude, allLabel = 'All-time' }: Props) {
  const [expanded, setExpanded] = useState(false);
  const years = table.years.slice(0, MAX_YEARS);
  const compact = table.kind !== 'distance' && table.rows.filter((r) => KEY_DURATIONS.has(r.key)).length >= 4;
  const rows = compact && !expanded ? table.rows.filter((r) => KEY_DURATIONS.has(r.key) || r.key === selected) : table.rows;
  return (
    <section className="card" aria-labelledby={`rec-${table.kind}`} data-testid={`records-${table.kind}`}>
      <h2 id={`rec-${table.kind}`} className="card-title">
        {table.kind === 'pace' && sportInfo(sport).rate === 'speed' ? 'Speed curve' : TITLES[table.kind]} <span className="muted count">{table.rows.length}</span>
      </h2>
      {chart}
      <div className="table-scroll">
        <table className="lap-table records-table">
          <thead>
            <tr>
              <th scope="col">{table.kind === 'distance' ? 'Distance' : 'Duration'}</th>
              <th scope="col" className="num">{allLabel}</th>
              {years.map((y) => (
                <th key={y} scope="col" className="num">{y}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key}
                data-testid="record-row"
                className={selected === r.key ? 'record-row is-selected' : 'record-row'}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) onSelect(r.key);
                }}
              >
                <th scope="row">
                  <button type="button" className="link-btn" aria-pressed={selected === r.key} onClick={() => onSelect(r.key)} title="Show progression">
                    {recordKeyLabel(table.kind, r.key)}
                  </button>
                </th>
                <td className="num record-all">
                  {r.all ? <RecordCell r={r.all} sport={sport} showDate /> : '—'}
                  {r.all && onExclude && (
                    <button
                      type="button"
                      className="link-btn record-exclude"
                      data-testid="record-exclude"
                      title="Not a real effort: leave it out of records (the next best takes its place)"
                      aria-label={`Exclude the ${recordKeyLabel(table.kind, r.key)} record`}
                      onClick={() => onExclude(r.all!)}
                    >
                      ✕
                    </button>
                  )}
                </td>
                {years.map((y) => {
                  const c = r.byYear.get(y);
                  const isAll = !!c && !!r.all && c.activityId === r.all.activityId && recordValue(c) === recordValue(r.all);
                  return (
                    <td key={y} className={isAll ? 'num record-year is-pr' : 'num record-year'}>
                      {c ? <RecordCell r={c} sport={sport} /> : <span className="muted">—</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {compact && (
        <button type="button" className="btn btn-ghost btn-small records-more" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? 'Show key durations only' : `Show all ${table.rows.length} durations`}
        </button>
      )}
    </section>
  );
}

function RecordCell({ r, sport, showDate }: { r: RecordRowDto; sport: string; showDate?: boolean }) {
  const { units } = useUnits();
  const text = formatRecord(r.kind, r.key, recordValue(r), sport, units);
  // Distance records carry the pace in brackets; the year columns are narrow, so they show the time only.
  const shown = showDate ? text : text.replace(/ \(.*\)$/, '');
  // The exact span it came from (issue 13 §3), as elapsed time in the activity.
  const span = r.startOffsetS != null && r.endOffsetS != null ? ` (${formatDuration(r.startOffsetS)}–${formatDuration(r.endOffsetS)} into the activity)` : '';
  return (
    <a href={href(`/activities/${encodeURIComponent(r.activityId)}`)} title={`${text} on ${r.date}${span}`} data-testid="record-link">
      {shown}
      {showDate && <span className="record-date muted">{r.date}</span>}
      {showDate && span && <span className="record-span muted" data-testid="record-span">{span.slice(2, -1)}</span>}
    </a>
  );
}
