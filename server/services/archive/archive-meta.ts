import type { SummaryFields } from '../../../shared/activity.js';
import type { GearKind } from '../../../shared/gear-api.js';

/**
 * Metadata an archive gives for one activity (a Strava CSV row, a Garmin summary), applied on top
 * of what the file itself says. Null/undefined = the archive does not say.
 */
export interface ArchiveMeta {
  source: 'strava' | 'garmin';
  /** The service's activity id (Strava "Activity ID", Garmin activityId). */
  externalId: string;
  name?: string | null;
  sport?: { sport: string; subSport: string | null } | null;
  description?: string | null;
  privateNote?: string | null;
  commute?: boolean | null;
  perceivedExertion?: number | null;
  gear?: { name: string; kind: GearKind } | null;
  /** UTC start, for entries without a file and for matching before parsing. */
  startTimeMs?: number | null;
  /** Figures for entries without a file (manual activities). */
  summary?: Partial<SummaryFields>;
  /** Photos already stored in the original store. */
  media?: { sha256: string; fileName: string }[];
}

/** Where an activity came from, richest first: the device's own file beats a service's rebuild. */
export function richness(format: string, manufacturer: string | null, sampleCount: number): number {
  const base = format === 'fit' ? 40 : format === 'tcx' ? 30 : format === 'gpx' ? 20 : 0;
  // Strava rebuilds GPX from its own stream (creator="StravaGPX", FORMATS.md §5): poorer than any original.
  const rebuilt = manufacturer && /^strava/i.test(manufacturer) ? -5 : 0;
  return base + rebuilt + Math.min(4, Math.log10(1 + sampleCount));
}
