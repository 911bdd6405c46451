import type { ActivityPageReads } from '../../storage/repos/activity-page.repo.js';
import { randomUUID } from 'node:crypto';
import type { SegmentCreateDto, SegmentDto, SegmentEffortDto, SegmentPageDto } from '../../../shared/routes-api.js';
import { findSegmentEfforts, cutTrack, SEGMENT_GATE_HALF_WIDTH_M } from '../../domain/segments/segment-efforts.js';
import { gpxPolyline } from '../../domain/segments/gpx-polyline.js';
import { resampleTrack, type ResampledTrack } from '../../domain/routes/track.js';
import type { Storage } from '../../storage/port.js';
import type { EffortRow, SegmentRow } from '../../storage/repos/segments.repo.js';
import type { TrackRow } from '../../storage/repos/routes.repo.js';
import { NotFoundError } from '../activity.service.js';
import type { ActivityEvent } from '../activity-events.js';
import { latLonPairs, summaryColumnsOf, trackOf } from '../routes/route-tracks.js';
import { derivedTrackRow } from '../derive.js';

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'bad_request' });
}

const M_PER_DEG = 111_195;

/** Expands a bounding box by metres on every side (the gates reach beyond the segment's own points). */
function grow(b: { minLat: number; maxLat: number; minLon: number; maxLon: number }, m: number) {
  const dLat = m / M_PER_DEG;
  const dLon = dLat / Math.max(0.05, Math.cos((b.minLat * Math.PI) / 180));
  return { minLat: b.minLat - dLat, maxLat: b.maxLat + dLat, minLon: b.minLon - dLon, maxLon: b.maxLon + dLon };
}

/** Rank within (segment, direction), fastest = 1. */
function rankEfforts(rows: (EffortRow & { segmentName: string })[]): SegmentEffortDto[] {
  const groups = new Map<string, EffortRow[]>();
  for (const r of rows) (groups.get(`${r.segmentId}|${r.direction}`) ?? groups.set(`${r.segmentId}|${r.direction}`, []).get(`${r.segmentId}|${r.direction}`)!).push(r);
  const rank = new Map<EffortRow, number>();
  for (const g of groups.values()) [...g].sort((a, b) => a.elapsedS - b.elapsedS || a.startTimeMs - b.startTimeMs).forEach((r, i) => rank.set(r, i + 1));
  return rows.map((r) => ({
    segmentId: r.segmentId,
    segmentName: r.segmentName,
    activityId: r.activityId,
    startTime: new Date(r.startTimeMs + r.startOffsetS * 1000).toISOString(),
    startOffsetS: r.startOffsetS,
    endOffsetS: r.endOffsetS,
    elapsedS: r.elapsedS,
    direction: r.direction as SegmentEffortDto['direction'],
    rank: rank.get(r)!,
    isPr: rank.get(r) === 1,
  }));
}

/** Segments: created from a stretch of an activity or a GPX; efforts found in past and future activities. */
export class SegmentsService {
  constructor(private deps: { storage: Storage; now?: () => number }) {}

  async onEvent(e: ActivityEvent): Promise<void> {
    if (e.type === 'deleted') await this.deps.storage.segments.deleteEffortsOfActivity(e.userId, e.activityId);
    else if (e.type === 'imported') {
      // A fresh import carries its track from the parser worker (derive.ts): no read back.
      const d = e.fresh?.derived;
      const t = d ? derivedTrackRow(e.userId, e.activityId, d) : await this.deps.storage.routes.getTrack(e.userId, e.activityId);
      if (t) await this.scanActivity(e.userId, t, d?.track?.track);
    } else if (e.fields.includes('streams')) {
      // New samples (a re-parse of the original): the route handler stored its new track first.
      const t = await this.deps.storage.routes.getTrack(e.userId, e.activityId);
      if (t) await this.scanActivity(e.userId, t);
      else await this.deps.storage.segments.deleteEffortsOfActivity(e.userId, e.activityId);
    }
  }

  /** Efforts of one (new) activity on every segment lying inside its bounding box. */
  async scanActivity(userId: string, row: TrackRow, freshTrack?: ResampledTrack): Promise<number> {
    const { segments } = this.deps.storage;
    // A fresh import (its decoded track at hand) has no efforts yet; a rescan replaces its old ones.
    if (!freshTrack) await segments.deleteEffortsOfActivity(userId, row.activityId);
    const candidates = await segments.segmentsWithin(userId, grow(row, SEGMENT_GATE_HALF_WIDTH_M));
    if (!candidates.length) return 0;
    const track = freshTrack ?? trackOf(row);
    const efforts: EffortRow[] = [];
    for (const s of candidates) efforts.push(...this.efforts(s, row, track));
    await segments.insertEfforts(efforts);
    return efforts.length;
  }

  private efforts(s: SegmentRow, row: Pick<TrackRow, 'activityId' | 'startTimeMs'>, track: ResampledTrack): EffortRow[] {
    return findSegmentEfforts(track, trackOf(s), { bothDirections: Boolean(s.bothDirections) }).map((e) => ({
      segmentId: s.id,
      activityId: row.activityId,
      userId: s.userId,
      direction: e.direction,
      startTimeMs: Number(row.startTimeMs),
      startOffsetS: e.startOffsetS,
      endOffsetS: e.endOffsetS,
      elapsedS: e.elapsedS,
      costM: e.costM,
    }));
  }

  async createFromActivity(userId: string, b: SegmentCreateDto): Promise<SegmentDto> {
    if (!(b.endOffsetS > b.startOffsetS)) throw badRequest('endOffsetS must be after startOffsetS');
    const row = await this.deps.storage.routes.getTrack(userId, b.activityId);
    if (!row) {
      if (!(await this.deps.storage.activities.get(userId, b.activityId))) throw new NotFoundError(`activity ${b.activityId} not found`);
      throw badRequest('this activity has no GPS track');
    }
    const cut = cutTrack(trackOf(row), b.startOffsetS, b.endOffsetS);
    if (!cut || cut.distanceM < 50) throw badRequest('the selected stretch is shorter than 50 m');
    // Default name from the activity, not "1234 m": units are the renderer's business.
    const name = b.name ?? `Segment of ${(await this.deps.storage.activities.get(userId, b.activityId))?.name ?? 'an activity'}`;
    return this.create(userId, cut, name, b.bothDirections ?? false, b.activityId);
  }

  async createFromGpx(userId: string, bytes: Uint8Array, o: { name?: string; bothDirections?: boolean }): Promise<SegmentDto> {
    let p: ReturnType<typeof gpxPolyline>;
    try {
      p = gpxPolyline(bytes);
    } catch (e) {
      throw badRequest(`not a readable GPX file: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Times are irrelevant for the shape: number the points so the resampler has an axis.
    const t = resampleTrack(p.lat, p.lon, p.lat.map(() => 0) /* no times: only the point cap guards the resampling */);
    if (!t) throw badRequest('the GPX holds no track or route of at least 50 m');
    return this.create(userId, t, o.name ?? p.name ?? 'Segment from GPX', o.bothDirections ?? false, null);
  }

  /** Stores the segment and finds its efforts in every stored activity whose box covers it. */
  private async create(userId: string, t: ResampledTrack, name: string, bothDirections: boolean, sourceActivityId: string | null): Promise<SegmentDto> {
    const { storage } = this.deps;
    const s: SegmentRow = { id: randomUUID(), userId, name, bothDirections: bothDirections ? 1 : 0, sourceActivityId, createdAtMs: (this.deps.now ?? Date.now)(), ...summaryColumnsOf(t) };
    await storage.segments.insertSegment(s);
    // An activity can only pass the segment if its box covers the segment's box (less the gate width).
    const inner = grow(s, -SEGMENT_GATE_HALF_WIDTH_M);
    const box = inner.minLat <= inner.maxLat && inner.minLon <= inner.maxLon ? inner : { minLat: s.startLat, maxLat: s.startLat, minLon: s.startLon, maxLon: s.startLon };
    const rows = await storage.routes.tracksCovering(userId, box);
    const efforts: EffortRow[] = [];
    for (const r of rows) efforts.push(...this.efforts(s, r, trackOf(r)));
    await storage.segments.insertEfforts(efforts);
    return this.get(userId, s.id);
  }

  async get(userId: string, id: string): Promise<SegmentDto> {
    const s = await this.deps.storage.segments.getSegment(userId, id);
    if (!s) throw new NotFoundError(`segment ${id} not found`);
    const rows = await this.deps.storage.segments.effortsOfSegment(userId, id);
    return this.dto(s, rankEfforts(rows.map((r) => ({ ...r, segmentName: s.name }))));
  }

  /** One page of segments, oldest first, each with its ranked efforts. */
  async list(userId: string, q: { limit: number; offset: number }): Promise<SegmentPageDto> {
    const { rows, total } = await this.deps.storage.segments.pageSegments(userId, q);
    const items = await Promise.all(rows.map((s) => this.get(userId, s.id)));
    return { items, total, limit: q.limit, offset: q.offset };
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.deps.storage.segments.deleteSegment(userId, id))) throw new NotFoundError(`segment ${id} not found`);
  }

  /** The activity's efforts, ranked among all efforts on the same segments. */
  async effortsOfActivity(userId: string, activityId: string, read?: ActivityPageReads['segmentEfforts']): Promise<SegmentEffortDto[]> {
    // `read`: the rows already read with the rest of the activity page.
    const rows = read ?? (await this.deps.storage.segments.effortsOnSegmentsOf(userId, activityId));
    return rankEfforts(rows).filter((e) => e.activityId === activityId).sort((a, b) => a.startOffsetS - b.startOffsetS);
  }

  private dto(s: SegmentRow, efforts: SegmentEffortDto[]): SegmentDto {
    return {
      id: s.id,
      name: s.name,
      distanceM: Number(s.distanceM),
      bothDirections: Boolean(s.bothDirections),
      sourceActivityId: s.sourceActivityId,
      track: latLonPairs(trackOf(s)),
      efforts: [...efforts].sort((a, b) => a.elapsedS - b.elapsedS),
    };
  }
}
