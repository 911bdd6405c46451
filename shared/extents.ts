/**
 * GET /api/v1/analysis/extents: where the athlete's data lies in time, so every time-based page
 * opens on the most recent period that has data instead of an empty "now" (issue 17).
 * Days are YYYY-MM-DD: activities by their own local start day, health by its local day.
 */
export interface DayExtent {
  first: string;
  last: string;
}

export interface DataExtentsDto {
  /** The server's today (UTC), so a client with a wrong clock still agrees on "now". */
  today: string;
  /** Activities with a trustworthy start (2000 … tomorrow); null when there are none. */
  activities: (DayExtent & { count: number }) | null;
  /** Any health metric or sleep; null when there is none. */
  health: DayExtent | null;
  /** Per daily metric (`restingHrBpm`, `hrvMs`…) and `sleep`. */
  healthMetrics: Record<string, DayExtent>;
}

/** No query parameters (the schema drops unknown ones). */
export const extentsQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
