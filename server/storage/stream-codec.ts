/**
 * Compact columnar encoding of an activity's sample streams into one blob.
 *
 * Why: a row per sample measured 73 B/sample and 5–15 ms to read an hour on SQLite. One blob per
 * activity with delta + zigzag varints per channel, then raw deflate, stores a 1 Hz hour in
 * roughly 8–12 B/sample and reads it back in about a millisecond (see `npm run bench`).
 *
 * Precision (documented loss): each channel is stored as integers at a fixed maximum scale —
 * time 1 ms, position 1e-7° (~1.1 cm), altitude/distance 1 cm, speed 1 mm/s, the rest 0.01 units.
 * The encoder picks the smallest scale that represents a channel exactly, so integer HR costs
 * one byte per sample. Developer fields fall back to raw float64 when no scale is exact.
 *
 * Pure: no I/O. zlib's deflateRawSync is compute only.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ActivityStreams, DeveloperChannel, StreamChannel } from '../../shared/activity.js';
import { STREAM_CHANNELS } from '../../shared/activity.js';

const MAGIC = 0x3153564d; // "MVS1" little-endian
const KIND_SCALED = 0;
const KIND_F64 = 1;

/** Largest scale per native channel (values are rounded to 1/scale). */
const MAX_SCALE: Record<'timeS' | StreamChannel, number> = {
  timeS: 1000,
  latDeg: 1e7,
  lonDeg: 1e7,
  altitudeM: 100,
  distanceM: 100,
  speedMps: 1000,
  hrBpm: 100,
  cadenceRpm: 100,
  powerW: 100,
  temperatureC: 100,
};
const DEV_MAX_SCALE = 1e6;
/**
 * zlib level of the blob. Measured on the corpus FIT files' streams: level 6 took 118 ms for
 * 5.61 B/sample, level 3 56 ms for 5.77 B/sample (+3 %). Deflate was a sixth of the parse
 * worker's time on big files (a 3 MB multisport FIT with raw float developer fields); the varint
 * deltas compress well at any level, so the cheaper search wins.
 */
const DEFLATE_LEVEL = 3;

class Writer {
  buf = new Uint8Array(1024);
  len = 0;
  /** Room for `n` more bytes (callers writing many values reserve once and write `buf` directly). */
  ensure(n: number) {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  /** Unsigned varint for non-negative integers up to 2^53 (arithmetic, not bitwise, to pass 2^31). */
  uvar(v: number) {
    this.ensure(10);
    this.len = putUvar(this.buf, this.len, v);
  }
  bytes(b: Uint8Array) {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  f64(v: number) {
    this.ensure(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, v, true);
    this.len += 8;
  }
  str(s: string) {
    const b = new TextEncoder().encode(s);
    this.uvar(b.length);
    this.bytes(b);
  }
  done(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Writes varint `v` (0 ≤ v < 2^53) at `pos` (room for 10 bytes); returns the position after it. */
function putUvar(buf: Uint8Array, pos: number, v: number): number {
  if (v < 4294967296) {
    // Below 2^32 (nearly every delta): unsigned shifts instead of division.
    while (v >= 128) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    return pos;
  }
  while (v >= 128) {
    buf[pos++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

class Reader {
  pos = 0;
  private view: DataView;
  constructor(private buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  uvar(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('stream blob truncated');
      const b = this.buf[this.pos++];
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
  }
  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  str(): string {
    const n = this.uvar();
    const s = new TextDecoder().decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
}

function exactAt(v: number, scale: number): boolean {
  const s = v * scale;
  // Exact decimals times a power of ten land within float rounding (~1e-16 relative) of an integer.
  return Number.isFinite(s) && Math.abs(s - Math.round(s)) <= 1e-9 + 1e-12 * Math.abs(s);
}

/** The smallest power of ten (≤ maxScale) at which every value is an integer, or null. */
function pickScale(values: readonly (number | null)[], maxScale: number): number | null {
  // One pass raises the scale as values need it (lat/lon need 1e7: eight passes before). Values
  // after the last raise were checked at the final scale already; only those before it are
  // confirmed again (the tolerance is not scale-invariant), and if one fails the search goes on
  // from there as before. Integer channels (HR, power, cadence) need no second pass at all.
  let scale = 1;
  let checkedUpTo = 0; // values[0, checkedUpTo) were checked at a smaller scale than the current one
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) continue;
    if (exactAt(v, scale)) continue;
    do scale *= 10;
    while (scale <= maxScale && !exactAt(v, scale));
    if (scale > maxScale) return null;
    checkedUpTo = i;
  }
  for (; scale <= maxScale; scale *= 10) {
    let exact = true;
    for (let i = 0; i < checkedUpTo; i++) {
      const v = values[i];
      if (v !== null && !exactAt(v, scale)) {
        exact = false;
        break;
      }
    }
    if (exact) return scale;
    checkedUpTo = values.length;
  }
  return null;
}

/**
 * Writes one channel; returns the values exactly as decoding will give them back: `values`
 * itself when nothing was rounded (integers, FIT's decimal fields), a rounded copy otherwise.
 * Reusing the input saves the parse worker most of a second copy of every sample.
 */
function writeChannel(w: Writer, values: readonly (number | null)[], scale: number | null, maxScale: number, rawFallback: boolean): (number | null)[] {
  let out: (number | null)[] | null = null;
  const differs = (i: number, v: number | null) => {
    if (!out) out = values.slice(0, i) as (number | null)[];
    out.push(v);
  };
  if (scale === null && rawFallback) {
    w.uvar(KIND_F64);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== null && Number.isNaN(v)) differs(i, null);
      else if (out) (out as (number | null)[]).push(v);
      w.f64(v === null ? NaN : v);
    }
    return out ?? (values as (number | null)[]);
  }
  const sc = scale ?? maxScale;
  w.uvar(KIND_SCALED);
  w.f64(sc);
  // 0 = null; otherwise zigzag(delta from the previous non-null value) + 1. Room for the largest
  // varint per value is reserved once; the loop writes the buffer directly.
  w.ensure(values.length * 10);
  const buf = w.buf;
  let pos = w.len;
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      if (v !== null) differs(i, null);
      else if (out) (out as (number | null)[]).push(null);
      buf[pos++] = 0;
      continue;
    }
    const q = Math.round(v * sc);
    const back = q / sc + 0; // + 0: decoding never gives −0
    if (back !== v || (v === 0 && 1 / v < 0)) differs(i, back);
    else if (out) (out as (number | null)[]).push(back);
    const d = q - prev;
    prev = q;
    const z = (d >= 0 ? d * 2 : -d * 2 - 1) + 1;
    if (z < 128) buf[pos++] = z;
    else pos = putUvar(buf, pos, z);
  }
  w.len = pos;
  return out ?? (values as (number | null)[]);
}

function readChannel(r: Reader, n: number): (number | null)[] {
  const kind = r.uvar();
  const out: (number | null)[] = new Array(n);
  if (kind === KIND_F64) {
    for (let i = 0; i < n; i++) {
      const v = r.f64();
      out[i] = Number.isNaN(v) ? null : v;
    }
    return out;
  }
  if (kind !== KIND_SCALED) throw new Error(`unknown stream channel kind ${kind}`);
  const sc = r.f64();
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const z = r.uvar();
    if (z === 0) {
      out[i] = null;
      continue;
    }
    const zz = z - 1;
    const d = zz % 2 === 0 ? zz / 2 : -(zz + 1) / 2;
    prev += d;
    out[i] = prev / sc;
  }
  return out;
}

/** Encodes streams into a compressed blob. All arrays must have `timeS.length` entries. */
export function encodeStreams(streams: ActivityStreams): Uint8Array {
  return encodeStreamsWithEcho(streams).blob;
}

/**
 * The blob, and `echo`: the streams exactly as `decodeStreams(blob)` will return them (values
 * rounded to their stored scale), built while encoding at the cost of one division per value
 * instead of a full inflate and decode.
 */
export function encodeStreamsWithEcho(streams: ActivityStreams): { blob: Uint8Array; echo: ActivityStreams } {
  const n = streams.timeS.length;
  const w = new Writer();
  w.uvar(n);
  const timeS = writeChannel(w, streams.timeS, pickScale(streams.timeS, MAX_SCALE.timeS), MAX_SCALE.timeS, false) as number[];
  const channels: ActivityStreams['channels'] = {};
  const developer: ActivityStreams['developer'] = [];
  const present = STREAM_CHANNELS.filter((c) => streams.channels[c] !== undefined);
  w.uvar(present.length);
  for (const c of present) {
    const vals = streams.channels[c]!;
    if (vals.length !== n) throw new Error(`channel ${c} has ${vals.length} values for ${n} samples`);
    w.str(c);
    channels[c] = writeChannel(w, vals, pickScale(vals, MAX_SCALE[c]), MAX_SCALE[c], false);
  }
  w.uvar(streams.developer.length);
  for (const d of streams.developer) {
    if (d.values.length !== n) throw new Error(`developer field ${d.key} has ${d.values.length} values for ${n} samples`);
    w.str(d.key);
    w.str(d.name);
    w.str(d.units ?? '\u0000');
    w.str(d.appId ?? '\u0000');
    developer.push({ ...d, values: writeChannel(w, d.values, pickScale(d.values, DEV_MAX_SCALE), DEV_MAX_SCALE, true) });
  }
  const body = deflateRawSync(w.done(), { level: DEFLATE_LEVEL });
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, MAGIC, true);
  out.set(body, 4);
  // Nothing rounded (FIT files): the echo is the input itself, so what was computed on it while
  // parsing (the summary, memoised per streams object) is not computed again.
  const same = timeS === streams.timeS && present.every((c) => channels[c] === streams.channels[c]) && developer.every((d, i) => d.values === streams.developer[i].values);
  return { blob: out, echo: same ? streams : { timeS, channels, developer } };
}

export interface DecodeOptions {
  /** Only these native channels (all when omitted). */
  channels?: readonly StreamChannel[];
  /** Include developer channels (default true). */
  developer?: boolean;
}

export function decodeStreams(blob: Uint8Array, opts: DecodeOptions = {}): ActivityStreams {
  if (blob.length < 4 || new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0, true) !== MAGIC) {
    throw new Error('not a MileVault stream blob');
  }
  const r = new Reader(inflateRawSync(blob.subarray(4)));
  const n = r.uvar();
  const timeS = readChannel(r, n) as number[];
  const channels: ActivityStreams['channels'] = {};
  const want = opts.channels ? new Set(opts.channels) : null;
  const count = r.uvar();
  for (let i = 0; i < count; i++) {
    const name = r.str() as StreamChannel;
    const vals = readChannel(r, n);
    if (!want || want.has(name)) channels[name] = vals;
  }
  const developer: DeveloperChannel[] = [];
  const devCount = r.uvar();
  for (let i = 0; i < devCount; i++) {
    const key = r.str();
    const name = r.str();
    const units = r.str();
    const appId = r.str();
    const values = readChannel(r, n);
    if (opts.developer !== false) {
      developer.push({ key, name, units: units === '\u0000' ? null : units, appId: appId === '\u0000' ? null : appId, values });
    }
  }
  return { timeS, channels, developer };
}

/**
 * Streams ready for storage: the encoded blob plus the few facts the activity row needs. Built in
 * the parser worker so the main thread neither encodes nor structured-clones sample arrays
 * (measured: cloning a parsed 1-hour activity costs more than parsing it with our decoder).
 */
export interface EncodedStreams {
  blob: Uint8Array;
  sampleCount: number;
  hasGps: boolean;
  startLonDeg: number | null;
  /** First fix's latitude (with startLonDeg: the time zone at the start, domain/local-time.ts). */
  startLatDeg: number | null;
  developer: { key: string; name: string; units: string | null }[];
  /** The activity page's chart rendered from `blob` (services/streams-render/stored-chart.ts); stored with it when present. */
  chart?: { version: number; body: Uint8Array };
}

export function prepareStreams(s: ActivityStreams): EncodedStreams {
  return prepareStreamsWithEcho(s).encoded;
}

/** `prepareStreams` plus the streams as storage will return them (see encodeStreamsWithEcho). */
export function prepareStreamsWithEcho(s: ActivityStreams): { encoded: EncodedStreams; echo: ActivityStreams } {
  const lat = s.channels.latDeg ?? [];
  const lon = s.channels.lonDeg ?? [];
  let startLonDeg: number | null = null;
  let startLatDeg: number | null = null;
  for (let i = 0; i < lon.length; i++) {
    if (lon[i] !== null && lat[i] !== null) {
      startLonDeg = lon[i];
      startLatDeg = lat[i];
      break;
    }
  }
  const { blob, echo } = encodeStreamsWithEcho(s);
  return {
    encoded: {
      blob,
      sampleCount: s.timeS.length,
      hasGps: startLonDeg !== null,
      startLonDeg,
      startLatDeg,
      developer: s.developer.map((d) => ({ key: d.key, name: d.name, units: d.units })),
    },
    echo,
  };
}
