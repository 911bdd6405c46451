import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import type { RecordColumns } from './fit-records.js';
import { mergeHr, type HrMessages } from './fit-hr-merge.js';
import type { Clock } from './fit-time.js';

const SEMICIRCLE_DEG = 180 / 2 ** 31;

/** Record columns on absolute time, in time order, with buffered hr merged in. */
export interface TimedColumns {
  ts: Float64Array;
  cols: Record<StreamChannel, Float64Array>;
  /** source row → output row (only when rows were reordered), for developer values. */
  remap: Int32Array | null;
  hrFilled: number;
}

export function orderColumns(r: RecordColumns, clock: Clock, beats: HrMessages[]): TimedColumns {
  const n = r.length;
  const ts = new Float64Array(n);
  const raw = r.ts;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    ts[i] = clock.abs(raw[i]);
    if (i > 0 && ts[i] < ts[i - 1]) sorted = false;
  }
  let cols = r.channels();
  let remap: Int32Array | null = null;
  let outTs = ts;
  if (!sorted) {
    // Out-of-order records (sports-lib inverted-times.fit) are put in time order; the sort is stable.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ts[a] - ts[b] || a - b);
    remap = new Int32Array(n);
    for (let k = 0; k < n; k++) remap[order[k]] = k;
    const pick = (a: Float64Array) => Float64Array.from(order, (i) => a[i]);
    outTs = pick(ts);
    cols = Object.fromEntries(Object.entries(cols).map(([k, a]) => [k, pick(a)])) as Record<StreamChannel, Float64Array>;
  }
  let hrFilled = 0;
  for (const b of beats) {
    if (b.length === 0) continue;
    const times = b.times.map((t) => clock.abs(t));
    hrFilled += mergeHr(outTs, cols.hrBpm, { times, bpm: b.bpm });
  }
  return { ts: outTs, cols, remap, hrFilled };
}

function toNullable(a: Float64Array, scale = 1): (number | null)[] | null {
  let any = false;
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v === v) {
      // Degrees are rounded to 1e-7 (1 cm, finer than a semicircle's 0.93 cm is not kept by storage
      // either): the streams then equal what storage returns, so the parse worker derives from them
      // without a rounded copy (stream-codec.ts encodeStreamsWithEcho).
      out[i] = scale === 1 ? v : Math.round(v * scale * 1e7) / 1e7 + 0;
      any = true;
    } else out[i] = null;
  }
  return any ? out : null;
}

function relativeTimes(ts: Float64Array, startTs: number): number[] {
  const out = new Array<number>(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = ts[i] - startTs;
  return out;
}

/** Streams relative to `startTs`; a channel with no valid value is left out (indoor files have no lat/lon). */
export function buildStreams(t: TimedColumns, startTs: number, r: RecordColumns): ActivityStreams {
  const channels: ActivityStreams['channels'] = {};
  for (const [k, a] of Object.entries(t.cols) as [StreamChannel, Float64Array][]) {
    const arr = toNullable(a, k === 'latDeg' || k === 'lonDeg' ? SEMICIRCLE_DEG : 1);
    if (arr) channels[k] = arr;
  }
  if (channels.latDeg && channels.lonDeg) {
    const la = channels.latDeg;
    const lo = channels.lonDeg;
    for (let i = 0; i < la.length; i++) {
      const a = la[i];
      const o = lo[i];
      if (a !== null && o !== null && (Math.abs(a) > 90 || Math.abs(o) > 180)) la[i] = lo[i] = null;
    }
  }
  return {
    timeS: relativeTimes(t.ts, startTs),
    channels,
    developer: r.dev.build(t.ts.length, t.remap),
  };
}
