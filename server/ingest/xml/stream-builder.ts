/**
 * Collects timestamped samples row by row and emits columnar ActivityStreams (shared/activity.ts):
 * one time axis in seconds from the start, `null` for gaps, and only the channels the file
 * actually carried. Shared by the GPX and TCX parsers. Pure.
 */
import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import { STREAM_CHANNELS } from '../../../shared/activity.js';

/**
 * FIT "invalid" sentinels leaked into XML by converters (Fit2Tcx writes HR 255 on every
 * trackpoint of gtrnctr-lap_s.tcx), and HR 0 written for "strap off". They become gaps.
 */
function isSentinel(ch: StreamChannel, v: number): boolean {
  if (!Number.isFinite(v)) return true;
  if (ch === 'hrBpm') return v <= 0 || v >= 255;
  if (ch === 'cadenceRpm') return v < 0 || v >= 255;
  if (ch === 'powerW') return v < 0 || v >= 65535;
  return false;
}

export type SampleValues = Partial<Record<StreamChannel, number | null>>;

export class StreamBuilder {
  static readonly MAX_CLAMP_MS = 60_000;
  private readonly timeMs: number[] = [];
  private readonly cols = new Map<StreamChannel, (number | null)[]>();
  private pendingBreak = false;
  /** Indices where a new segment starts (after a `<trkseg>` boundary or a pause marker). */
  readonly breaks = new Set<number>();
  /** Samples refused because their time went far backwards (clock resync, concatenated files). */
  droppedBackwards = 0;
  /** Samples whose time went slightly backwards and was raised to the previous time. */
  clampedBackwards = 0;

  get length(): number {
    return this.timeMs.length;
  }

  get firstTimeMs(): number | null {
    return this.timeMs.length ? this.timeMs[0] : null;
  }

  get lastTimeMs(): number | null {
    return this.timeMs.length ? this.timeMs[this.timeMs.length - 1] : null;
  }

  /** Time of sample `i` in epoch ms, or null when out of range. */
  timeMsAt(i: number): number | null {
    return i >= 0 && i < this.timeMs.length ? this.timeMs[i] : null;
  }

  /** The next accepted sample starts a new segment: distance is not bridged across it. */
  markBreak(): void {
    if (this.timeMs.length) this.pendingBreak = true;
  }

  /**
   * Appends one sample; the model's time axis must be non-decreasing. Equal timestamps are kept
   * (Garmin Connect GPX repeats seconds). A time up to MAX_CLAMP_MS earlier than the previous one
   * is raised to it: Sports Tracker interleaves sensor rows whose times jitter back 1–5 s
   * (SportsTracker.gpx, 3078 of 7785 rows) while the rows are in path order — sorting them by time
   * zigzags the track (12.3 km becomes 36.6 km), dropping them loses most of the file. A larger
   * step back (clock reset, files pasted together) drops the sample.
   */
  push(timeMs: number, values: SampleValues): boolean {
    const n = this.timeMs.length;
    if (n && timeMs < this.timeMs[n - 1]) {
      if (this.timeMs[n - 1] - timeMs > StreamBuilder.MAX_CLAMP_MS) {
        this.droppedBackwards++;
        return false;
      }
      this.clampedBackwards++;
      timeMs = this.timeMs[n - 1];
    }
    if (this.pendingBreak) {
      this.breaks.add(n);
      this.pendingBreak = false;
    }
    this.timeMs.push(timeMs);
    for (const ch of STREAM_CHANNELS) {
      const v = values[ch];
      if (v == null || isSentinel(ch, v)) continue;
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

  /** Human-readable notes about clamped or dropped samples, for ParsedActivity.warnings. */
  orderWarnings(): string[] {
    const w: string[] = [];
    if (this.clampedBackwards) w.push(`${this.clampedBackwards} samples went back in time by ≤ 60 s: clamped to the previous time`);
    if (this.droppedBackwards) w.push(`${this.droppedBackwards} samples went back in time by > 60 s: dropped`);
    return w;
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
