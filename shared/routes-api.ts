/**
 * HTTP shapes of routes, segments and the heatmap (issue 6). SI units, unit in the name.
 * Times of an activity on a route are its timer time (the device's moving clock).
 */
export interface RouteDto {
  id: string;
  name: string;
  sport: string;
  /** Newest first. */
  activityIds: string[];
  distanceM: number;
  /** Set when this route is another route walked the other way round. */
  reverseOf?: string;
  activityCount: number;
  bestTimeS: number | null;
  bestActivityId: string | null;
  lastTimeS: number | null;
  /** ISO-8601 UTC of the newest activity. */
  lastStartTime: string | null;
}

/** GET /api/v1/routes?limit&offset&sport: one page, most used first (issue 14: 3,000 routes were 920 KB unpaged). */
export interface RoutePageDto {
  items: RouteDto[];
  total: number;
  limit: number;
  offset: number;
}

export interface RouteActivityDto {
  activityId: string;
  name: string;
  startTime: string;
  timeS: number | null;
  avgHrBpm: number | null;
  /** 1 = fastest on this route. */
  rank: number;
  /** Mean DTW distance to the route's track, metres. */
  matchCostM: number | null;
}

export interface RouteDetailDto extends RouteDto {
  /** The route's reference track, [lat, lon] degrees, simplified for drawing. */
  track: [number, number][];
  /** Oldest first (a trend reads left to right). */
  activities: RouteActivityDto[];
}

export interface RoutePatchDto {
  name?: string;
}

/** POST /routes/:id/merge */
export interface RouteMergeDto {
  otherRouteId: string;
}

/** POST /routes/:id/split: the listed activities leave and found a new route. */
export interface RouteSplitDto {
  activityIds: string[];
}

/** What the activity page shows: "same route as N others, your rank k". */
export interface ActivityRouteInfoDto {
  routeId: string;
  name: string;
  others: number;
  rank: number;
}

export interface SegmentEffortDto {
  segmentId: string;
  segmentName: string;
  activityId: string;
  startTime: string;
  startOffsetS: number;
  endOffsetS: number;
  elapsedS: number;
  direction: 'forward' | 'reverse';
  /** 1 = fastest effort on this segment (in this direction). */
  rank: number;
  isPr: boolean;
}

/** GET /api/v1/segments?limit&offset: one page, oldest first. */
export interface SegmentPageDto {
  items: SegmentDto[];
  total: number;
  limit: number;
  offset: number;
}

export interface SegmentDto {
  id: string;
  name: string;
  distanceM: number;
  bothDirections: boolean;
  sourceActivityId: string | null;
  track: [number, number][];
  /** Fastest first. */
  efforts: SegmentEffortDto[];
}

/** POST /segments (JSON). A GPX upload goes to the same path as multipart (`file`, and optional fields `name`, `bothDirections`). */
export interface SegmentCreateDto {
  activityId: string;
  startOffsetS: number;
  endOffsetS: number;
  name?: string;
  bothDirections?: boolean;
}
