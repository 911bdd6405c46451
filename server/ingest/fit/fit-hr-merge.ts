import { field, num, type FitView, type MessageDef } from './fit-view.js';
import { HR } from './fit-profile.js';

/**
 * Buffered heart rate from `hr` messages (HRM-Tri / HRM-Swim store beats while under water and the
 * watch writes them afterwards, often in chained blocks with no file_id: sample_mulitple_header.fit).
 * Times follow the FIT SDK's HR-to-record plugin: a message carrying a timestamp anchors
 * event_timestamp (1/1024 s of sensor time) to wall time; each beat's time is
 * anchor + (event_timestamp − anchor event_timestamp). event_timestamp_12 packs 12-bit values that
 * accumulate into event_timestamp (FIT profile component expansion).
 */
export class HrMessages {
  /** Raw FIT seconds (fractional) and bpm, in file order. */
  readonly times: number[] = [];
  readonly bpm: number[] = [];
  private anchorTs = NaN;
  private anchorEvent = NaN;
  /** Accumulated event timestamp in 1/1024 s. */
  private eventAcc = NaN;

  add(view: FitView, def: MessageDef, off: number, ts: number): void {
    const events: number[] = [];
    const full = field(def, HR.eventTimestamp);
    const packed = field(def, HR.eventTimestamp12);
    if (full) {
      const n = view.count(full);
      for (let i = 0; i < n; i++) {
        const v = view.read(full, off, def.little, i);
        if (v === v) {
          events.push(v);
          this.eventAcc = v;
        }
      }
    } else if (packed) {
      const raw = view.raw(packed, off);
      const n = Math.floor((raw.length * 8) / 12);
      for (let i = 0; i < n; i++) {
        const bit = i * 12;
        const byte = bit >> 3;
        const v = bit & 7 ? (raw[byte] >> 4) | (raw[byte + 1] << 4) : raw[byte] | ((raw[byte + 1] & 0x0f) << 8);
        this.eventAcc = this.eventAcc !== this.eventAcc ? v : this.eventAcc + ((v - this.eventAcc) & 0xfff);
        events.push(this.eventAcc);
      }
    }
    if (ts === ts && events.length > 0) {
      const frac = num(view, def, off, HR.fractionalTimestamp);
      this.anchorTs = ts + (frac === frac ? frac / 32768 : 0);
      this.anchorEvent = events[0];
    }
    const bpmField = field(def, HR.filteredBpm);
    if (!bpmField || this.anchorTs !== this.anchorTs) return;
    const n = Math.min(view.count(bpmField), events.length);
    for (let i = 0; i < n; i++) {
      const b = view.read(bpmField, off, def.little, i);
      if (b !== b || b === 0) continue;
      this.times.push(this.anchorTs + (events[i] - this.anchorEvent) / 1024);
      this.bpm.push(b);
    }
  }

  get length(): number {
    return this.times.length;
  }
}

/** Max distance between a record and the beat whose rate it takes. */
const MAX_GAP_S = 5;

/**
 * Fills hr gaps (NaN) of records (timestamps `ts`, sorted) from beats (sorted by time here):
 * each record takes the latest beat at or before it, within MAX_GAP_S. Linear in records + beats.
 */
export function mergeHr(ts: ArrayLike<number>, hr: { [i: number]: number; readonly length: number }, beats: { times: number[]; bpm: number[] }): number {
  const m = beats.times.length;
  if (m === 0) return 0;
  let order: number[] | null = null;
  for (let i = 1; i < m; i++) {
    if (beats.times[i] < beats.times[i - 1]) {
      order = Array.from({ length: m }, (_, k) => k).sort((a, b) => beats.times[a] - beats.times[b]);
      break;
    }
  }
  const t = (k: number) => beats.times[order ? order[k] : k];
  const v = (k: number) => beats.bpm[order ? order[k] : k];
  let j = 0;
  let filled = 0;
  for (let i = 0; i < ts.length; i++) {
    while (j + 1 < m && t(j + 1) <= ts[i] + 0.5) j++;
    if (hr[i] === hr[i] || t(j) > ts[i] + 0.5 || ts[i] - t(j) > MAX_GAP_S) continue;
    hr[i] = v(j);
    filled++;
  }
  return filled;
}
