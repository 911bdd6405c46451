/**
 * One date-range control for every time-based page (issue 17): quick presets around the latest
 * data, a free from/to, "jump to" a year or month, and earlier/later steps. It only reports
 * ranges; the page keeps them in the URL (use-day-range.ts).
 */
import { useEffect, useState } from 'react';
import {
  formatRange,
  isDay,
  jumpYears,
  matchPreset,
  MONTH_NAMES,
  monthRange,
  presetLabel,
  presetRange,
  PRESET_KEYS,
  shiftRange,
  yearRange,
  type DayRange,
  type Extent,
  type PresetKey,
} from '../../lib/date-range';
import './range.css';

export interface DateRangePickerProps {
  range: DayRange;
  /** The day presets end on (today, or the last day with data when that is old). */
  anchor: string;
  today: string;
  extent: Extent | null;
  onChange: (r: DayRange) => void;
  presets?: readonly PresetKey[];
  /** What the data is, for the "latest data" note ("activity", "health data"). */
  dataLabel?: string;
}

export function DateRangePicker({ range, anchor, today, extent, onChange, presets = PRESET_KEYS, dataLabel = 'data' }: DateRangePickerProps) {
  const active = matchPreset(range, anchor, extent);
  const years = jumpYears(extent, today);
  const fy = Number(range.from.slice(0, 4));
  const fm = Number(range.from.slice(5, 7));
  const wholeYear = range.from === yearRange(fy).from && range.to === yearRange(fy).to;
  const wholeMonth = range.from === monthRange(fy, fm).from && range.to === monthRange(fy, fm).to;
  const jumpYear = wholeYear || wholeMonth ? String(fy) : '';
  const jumpMonth = wholeMonth ? String(fm) : '';

  return (
    <div className="range-picker" data-testid="range-picker">
      <div className="segmented range-presets" role="group" aria-label="Quick ranges">
        {presets.map((k) => (
          <button key={k} type="button" aria-pressed={active === k} onClick={() => onChange(presetRange(k, anchor, extent))} data-testid={`range-preset-${k}`}>
            {presetLabel(k, anchor, today)}
          </button>
        ))}
      </div>
      <div className="range-row">
        <button type="button" className="btn range-step" aria-label="Earlier period" onClick={() => onChange(shiftRange(range, -1))} data-testid="range-earlier">
          ←
        </button>
        <strong className="range-label" data-testid="range-label" aria-live="polite">
          {formatRange(range)}
        </strong>
        <button type="button" className="btn range-step" aria-label="Later period" disabled={range.to >= today} onClick={() => onChange(shiftRange(range, 1))} data-testid="range-later">
          →
        </button>
        <DayInputs range={range} onChange={onChange} />
        <label className="inline-field">
          <span>Jump to</span>
          <select
            value={jumpYear}
            aria-label="Jump to year"
            data-testid="range-year"
            onChange={(e) => e.target.value && onChange(jumpMonth ? monthRange(Number(e.target.value), Number(jumpMonth)) : yearRange(Number(e.target.value)))}
          >
            <option value="">Year…</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <select
            value={jumpMonth}
            aria-label="Jump to month"
            data-testid="range-month"
            onChange={(e) => onChange(e.target.value ? monthRange(Number(jumpYear || fy), Number(e.target.value)) : yearRange(Number(jumpYear || fy)))}
          >
            <option value="">Whole year</option>
            {MONTH_NAMES.map((m, i) => (
              <option key={m} value={i + 1}>
                {m}
              </option>
            ))}
          </select>
        </label>
      </div>
      {extent && anchor !== today && (
        <p className="muted small range-note" data-testid="range-note">
          Your latest {dataLabel} is from {formatRange({ from: extent.last, to: extent.last })}, so the ranges end there.
        </p>
      )}
    </div>
  );
}

/**
 * From/to inputs that commit when both are real days in order, 400 ms after typing stops (Chrome
 * emits 0002-…, 0020-… while a year is typed) or at once on Enter/blur.
 */
function DayInputs({ range, onChange }: { range: DayRange; onChange: (r: DayRange) => void }) {
  const [draft, setDraft] = useState(range);
  useEffect(() => setDraft(range), [range.from, range.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const valid = isDay(draft.from) && isDay(draft.to) && draft.from <= draft.to;
  const changed = draft.from !== range.from || draft.to !== range.to;
  const commit = () => {
    if (valid && changed) onChange(draft);
  };
  useEffect(() => {
    if (!valid || !changed) return;
    const t = setTimeout(() => onChange(draft), 400);
    return () => clearTimeout(t);
  }, [draft.from, draft.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const key = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') commit();
  };
  return (
    <span className="range-days">
      <label className="inline-field">
        <span>From</span>
        <input type="date" value={draft.from} max="2100-12-31" onChange={(e) => setDraft({ ...draft, from: e.target.value })} onBlur={commit} onKeyDown={key} data-testid="range-from" aria-invalid={!valid} />
      </label>
      <label className="inline-field">
        <span>To</span>
        <input type="date" value={draft.to} max="2100-12-31" onChange={(e) => setDraft({ ...draft, to: e.target.value })} onBlur={commit} onKeyDown={key} data-testid="range-to" aria-invalid={!valid} />
      </label>
    </span>
  );
}
