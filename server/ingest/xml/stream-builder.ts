/**
 * Collects timestamped samples row by row and emits columnar ActivityStreams (shared/activity.ts):
 * one time axis in seconds from the start, `null` for gaps, and only the channels the file
 * actually carried. Shared by the GPX and TCX parsers. Pure.
 */
import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import { STREAM_CHANNELS } from '../../../shared/activity.js';

export type SampleValues = Partial<Record<StreamChannel, number | null>>;

export class StreamBuilder {
  private readonly timeMs: number[] = [];
  private readonly cols = new Map<StreamChannel, (number | null)[]>();
  private pendingBreak = false;
  /** Indices where a new segment starts (after a `<trkseg>` boundary or a pause marker). */
  readonly breaks = new Set<number>();
  /** Samples refused because their time went backwards (clock resync, concatenated files). */
  droppedBackwards = 0;

  get length(): number {
    return this.timeMs.length;
  }

  get firstTimeMs(): number | null {
    return this.timeMs.length ? this.timeMs[0] : null;
  }

  get lastTimeMs(): number | null {
    return this.timeMs.length ? this.timeMs[this.timeMs.length - 1] : null;
  }

  /** The next accepted sample starts a new segment: distance is not bridged across it. */
  markBreak(): void {
    if (this.timeMs.length) this.pendingBreak = true;
  }

  /**
   * Appends one sample. Equal timestamps are kept (Garmin Connect GPX repeats seconds); a time
   * earlier than the previous sample is dropped, because the model's time axis must be
   * non-decreasing and reordering would splice unrelated data together.
   */
  push(timeMs: number, values: SampleValues): boolean {
    const n = this.timeMs.length;
    if (n && timeMs < this.timeMs[n - 1]) {
      this.droppedBackwards++;
      return false;
    }
    if (this.pendingBreak) {
      this.breaks.add(n);
      this.pendingBreak = false;
    }
    this.timeMs.push(timeMs);
    for (const ch of STREAM_CHANNELS) {
      const v = values[ch];
      if (v == null) continue;
      let col = this.cols.get(ch);
      if (!col) {
        col = new Array<number | null>(n).fill(null);
        this.cols.set(ch, col);
      }
      // Channels first seen late are back-filled with nulls above; fill any rows skipped since.
      while (col.length < n) col.push(null);
      col.push(v);
    }
    return true;
  }

  /** Columnar streams relative to `startMs`; a channel with no non-null value is omitted. */
  build(startMs: number): ActivityStreams {
    const n = this.timeMs.length;
    const channels: ActivityStreams['channels'] = {};
    for (const ch of STREAM_CHANNELS) {
      const col = this.cols.get(ch);
      if (!col) continue;
      while (col.length < n) col.push(null);
      channels[ch] = col;
    }
    return { timeS: this.timeMs.map((t) => (t - startMs) / 1000), channels, developer: [] };
  }
}
