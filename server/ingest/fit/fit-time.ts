import { FIT_EPOCH_MS, FIT_MIN_ABSOLUTE_TS } from './fit-profile.js';
import type { BlockCollector } from './fit-collect.js';

/**
 * FIT date_time values below 0x10000000 are seconds of device uptime, not since the FIT epoch
 * (FIT profile "date_time"; python-fitparse compressed-speed-distance.fit). They become wall time
 * through timestamp_correlation when the file has one, else through file_id.time_created (the file
 * is created when the recording starts), else they stay relative and the user is told.
 */
export interface Clock {
  /** Raw FIT timestamp → absolute FIT seconds (NaN stays NaN). */
  abs(ts: number): number;
  warning: string | null;
}

export function resolveClock(c: BlockCollector): Clock {
  const ts = c.records.ts;
  let firstRelative = NaN;
  for (let i = 0; i < ts.length; i++) {
    if (ts[i] < FIT_MIN_ABSOLUTE_TS) {
      firstRelative = ts[i];
      break;
    }
  }
  if (firstRelative !== firstRelative) {
    for (const s of [...c.sessions, ...c.laps]) {
      if (s.start < FIT_MIN_ABSOLUTE_TS || s.ts < FIT_MIN_ABSOLUTE_TS) {
        firstRelative = s.start < FIT_MIN_ABSOLUTE_TS ? s.start : s.ts;
        break;
      }
    }
  }
  if (firstRelative !== firstRelative) return { abs: (t) => t, warning: null };

  let offset = c.uptimeOffset;
  let warning: string | null = null;
  if (offset !== offset) {
    const created = c.fileId?.timeCreated ?? NaN;
    if (created === created && created >= FIT_MIN_ABSOLUTE_TS) {
      offset = created - firstRelative;
      warning = 'timestamps are device uptime; the start time was taken from the file creation time';
    } else {
      offset = 0;
      warning = 'timestamps are device uptime and the file gives no wall-clock reference; the start time is unknown';
    }
  }
  return { abs: (t) => (t < FIT_MIN_ABSOLUTE_TS ? t + offset : t), warning };
}

export function fitTimeToIso(ts: number): string {
  const ms = FIT_EPOCH_MS + ts * 1000;
  const d = new Date(Number.isFinite(ms) ? ms : FIT_EPOCH_MS);
  return Number.isNaN(d.getTime()) ? new Date(FIT_EPOCH_MS).toISOString() : d.toISOString();
}
