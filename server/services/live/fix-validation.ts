import { haversineM, isGpsJump } from '../../domain/geo.js';
import type { TrackerFix } from './tracker-protocols.js';

/** A tracker clock this far ahead of ours is wrong, not early (phones sync time over the network). */
export const MAX_FUTURE_MS = 10 * 60_000;

/**
 * Why a fix is impossible on its own, or null: out-of-range or non-finite coordinates, the
 * (0, 0) "null island" fix phones send before the first lock, a time far in the future, or a
 * time older than the retention window (it would be deleted on the next sweep anyway).
 */
export function fixProblem(f: TrackerFix, nowMs: number, retentionMs: number): string | null {
  if (!Number.isFinite(f.lat) || !Number.isFinite(f.lon) || Math.abs(f.lat) > 90 || Math.abs(f.lon) > 180) return 'out_of_range';
  if (Math.abs(f.lat) < 1e-6 && Math.abs(f.lon) < 1e-6) return 'zero_coordinates';
  if (!Number.isFinite(f.tMs)) return 'bad_time';
  if (f.tMs > nowMs + MAX_FUTURE_MS) return 'future_time';
  if (f.tMs < nowMs - retentionMs) return 'too_old';
  return null;
}

/** Whether `f` is a jump from `prev` faster than anyone moves (domain/geo.ts isGpsJump). */
export function isJumpFrom(prev: Pick<TrackerFix, 'tMs' | 'lat' | 'lon'> | null, f: TrackerFix): boolean {
  if (!prev) return false;
  return isGpsJump(haversineM(prev.lat, prev.lon, f.lat, f.lon), Math.abs(f.tMs - prev.tMs) / 1000);
}
