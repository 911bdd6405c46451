/**
 * API shapes for gear, activity metadata from archives, and import previews (issue 4).
 * SI units with the unit in the name; conversion happens in the renderer.
 */
import type { ImportFileDto } from './api.js';

export type GearKind = 'bike' | 'shoes' | 'other';

export interface GearDto {
  id: string;
  name: string;
  kind: GearKind;
  brand: string | null;
  model: string | null;
  notes: string | null;
  retired: boolean;
  /** Sports (our names: running, cycling…) for which this gear is assigned to new activities. */
  defaultForSports: string[];
  /** Distance before MileVault knew the item (e.g. an odometer reading). */
  initialDistanceM: number;
  /** initialDistanceM + distance of all linked activities. */
  totalDistanceM: number;
  totalTimeS: number;
  activityCount: number;
}

export interface GearInputDto {
  name?: string;
  kind?: GearKind;
  brand?: string | null;
  model?: string | null;
  notes?: string | null;
  retired?: boolean;
  defaultForSports?: string[];
  initialDistanceM?: number;
}

/** Metadata that archives (Strava CSV, Garmin JSON) or the user add to an activity. */
export interface ActivityMetaDto {
  description: string | null;
  privateNote: string | null;
  commute: boolean | null;
  /** Strava's 1–10 scale. */
  perceivedExertion: number | null;
  gearId: string | null;
  /** Where the activity's metadata came from: file | strava | garmin. */
  source: string | null;
  /** Every place this activity arrived from (loose file, Strava export, Garmin export…). */
  sources: { source: string; externalId: string; fileName: string | null }[];
  /** Photos kept from the archive (media/ in a Strava export), served by /activities/:id/media/:sha256. */
  media: { sha256: string; fileName: string }[];
}

export interface ActivityMetaPatchDto {
  description?: string | null;
  privateNote?: string | null;
  commute?: boolean | null;
  perceivedExertion?: number | null;
  gearId?: string | null;
}

/** POST /api/v1/imports?dryRun=true: what an import would do; nothing is written. */
export interface ImportPreviewDto {
  dryRun: true;
  /** Status is what would happen: imported = would be imported. */
  files: ImportFileDto[];
  counts: { imported: number; duplicate: number; skipped: number; failed: number };
}
