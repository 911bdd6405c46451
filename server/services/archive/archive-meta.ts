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
