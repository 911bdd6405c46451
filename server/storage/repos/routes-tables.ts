/** Kysely types of the migration 0004_routes_segments tables (kept beside their repositories). */
export interface TrackSummaryColumns {
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  distanceM: number;
  pointCount: number;
  /** domain/routes/track-codec.ts bytes. */
  track: Uint8Array;
}

export interface ActivityTracksTable extends TrackSummaryColumns {
  activityId: string;
  userId: string;
  sport: string;
  startTimeMs: number;
  routeId: string | null;
  routeCostM: number | null;
}

export interface RoutesTable extends TrackSummaryColumns {
  id: string;
  userId: string;
  name: string;
  sport: string;
  reverseOf: string | null;
  createdAtMs: number;
}

export interface SegmentsTable extends TrackSummaryColumns {
  id: string;
  userId: string;
  name: string;
  bothDirections: number;
  sourceActivityId: string | null;
  createdAtMs: number;
}

export interface SegmentEffortsTable {
  segmentId: string;
  activityId: string;
  userId: string;
  direction: string;
  startTimeMs: number;
  startOffsetS: number;
  endOffsetS: number;
  elapsedS: number;
  costM: number;
}
