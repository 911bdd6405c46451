/**
 * The range of a time-based page (issue 17), kept in the URL hash as `from`/`to` so a view can be
 * shared and the back button steps through ranges. Without them in the URL the page opens on its
 * default preset around the latest data (lib/date-range.ts anchorDay) and writes that range into
 * the URL in place (replace, so Back still leaves the page).
 */
import { useEffect } from 'react';
import type { DataExtentsDto } from '../../../../shared/extents.js';
import { useAsync } from '../../hooks/use-async';
import { href, navigate } from '../../hooks/use-route';
import { anchorDay, parseRange, presetRange, type DayRange, type Extent, type PresetKey } from '../../lib/date-range';
import { fetchExtents } from './extents-client';

const ROLLING: Record<string, number> = { '4w': 28, '3m': 91, '1y': 365 };

export interface DayRangeState {
  /** Null until the default is known (extents loading). */
  range: DayRange | null;
  anchor: string;
  today: string;
  extent: Extent | null;
  extents: DataExtentsDto | null;
  /** Pushes a history entry (Back returns to the previous range); `patch` changes other parameters too. */
  setRange: (r: DayRange, patch?: Record<string, string | undefined>) => void;
}

export function useDayRange(opts: {
  path: string;
  query: URLSearchParams;
  /** Which data the page shows (activities, health, …). */
  extentOf: (e: DataExtentsDto) => Extent | null;
  defaultPreset: PresetKey;
  /** A default other than the preset (the calendar opens on a whole month). */
  initial?: (today: string, extent: Extent | null) => DayRange;
  /** Other URL parameters of the page to keep when the range changes. */
  keep?: Record<string, string | undefined>;
}): DayRangeState {
  const ext = useAsync((signal) => fetchExtents(signal), []);
  const extents = ext.data ?? null;
  const today = extents?.today ?? new Date().toISOString().slice(0, 10);
  const extent = extents ? opts.extentOf(extents) : null;
  const anchor = anchorDay(today, extent?.last, ROLLING[opts.defaultPreset] ?? 28);
  const fromUrl = parseRange(opts.query);
  const settled = ext.status !== 'loading';
  const fallback = settled ? (opts.initial ? opts.initial(today, extent) : presetRange(opts.defaultPreset, anchor, extent)) : null;
  const range = fromUrl ?? fallback;
  const keep = opts.keep ?? {};

  useEffect(() => {
    if (!fromUrl && fallback) navigate(href(opts.path, { ...keep, from: fallback.from, to: fallback.to }), { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fromUrl?.from, fromUrl?.to, fallback?.from, fallback?.to, opts.path]);

  return {
    range,
    anchor,
    today,
    extent,
    extents,
    setRange: (r, patch) => navigate(href(opts.path, { ...keep, ...patch, from: r.from, to: r.to })),
  };
}
