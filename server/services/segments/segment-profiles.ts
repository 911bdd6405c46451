import { segmentProfile, type SegmentProfile } from '../../domain/segments/segment-profile.js';
import type { Storage } from '../../storage/port.js';
import { NotFoundError } from '../activity.service.js';

/** At most this many segments per profiles request (a page of the segments list). */
export const MAX_PROFILE_IDS = 50;

export type SegmentProfileDto = SegmentProfile & { id: string; activityId: string };

/**
 * A segment's elevation profile and grade (issue 17), from one effort's samples: the segment's own
 * source activity when it passed it forwards, else the fastest forward effort, else any effort
 * (then reversed). Segments store only their shape, not altitude, so this reads one activity.
 */
export async function segmentProfileOf(storage: Storage, userId: string, segmentId: string): Promise<SegmentProfileDto | null> {
  const s = await storage.segments.getSegment(userId, segmentId);
  if (!s) throw new NotFoundError(`segment ${segmentId} not found`);
  const efforts = await storage.segments.effortsOfSegment(userId, segmentId); // fastest first
  const forward = efforts.filter((e) => e.direction === 'forward');
  const ordered = [...forward.filter((e) => e.activityId === s.sourceActivityId), ...forward, ...efforts];
  // A few candidates only: an effort without altitude (an indoor file, a GPX without <ele>) is skipped.
  for (const e of ordered.slice(0, 4)) {
    const st = await storage.activities.readStreams(userId, e.activityId, ['altitudeM', 'distanceM', 'latDeg', 'lonDeg']);
    if (!st) continue;
    const p = segmentProfile(
      { timeS: st.timeS, altitudeM: st.channels.altitudeM, distanceM: st.channels.distanceM, latDeg: st.channels.latDeg, lonDeg: st.channels.lonDeg },
      e.startOffsetS,
      e.endOffsetS,
      e.direction === 'reverse',
    );
    if (p) return { id: segmentId, activityId: e.activityId, ...p };
  }
  return null;
}

export async function segmentProfiles(storage: Storage, userId: string, ids: string[]): Promise<{ items: SegmentProfileDto[] }> {
  const items: SegmentProfileDto[] = [];
  for (const id of ids.slice(0, MAX_PROFILE_IDS)) {
    try {
      const p = await segmentProfileOf(storage, userId, id);
      if (p) items.push(p);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
  }
  return { items };
}
