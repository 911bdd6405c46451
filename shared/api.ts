import type { TileLayerDto } from './map-layers.js';
/**
 * Shapes of the HTTP API (/api/v1). Server routes and the renderer both use these types.
 */
import type { ActivityRouteInfoDto, SegmentEffortDto } from './routes-api.js';
import type { DeviceInfo, Lap, Session, StreamChannel, SummaryFields, SwimLength } from './activity.js';

export interface ApiError {
  error: { code: string; message: string };
}

export interface ActivitySummaryDto extends SummaryFields {
  id: string;
  /** ISO-8601 UTC. */
  startTime: string;
  /** Local wall time at the start with its offset (`2019-06-10T05:42:00-04:00`); null when not known yet. */
  localStartTime: string | null;
  /** Local time minus UTC in seconds at the start; null when not known yet. */
  utcOffsetS: number | null;
  /** IANA time zone of the start when known (position or setting), else null. */
  timeZone: string | null;
  name: string;
  sport: string;
  subSport: string | null;
  /** 'manual': an entry without a file (a Strava/Garmin manual activity, issue 4). */
  format: 'fit' | 'gpx' | 'tcx' | 'manual';
  hasGps: boolean;
  sampleCount: number;
  device: DeviceInfo | null;
}

export interface ActivityDetailDto extends ActivitySummaryDto {
  sessions: Session[];
  laps: Lap[];
  lengths: SwimLength[];
  warnings: string[];
  original: { sha256: string; fileName: string; sizeBytes: number };
  developerFields: { key: string; name: string; units: string | null }[];
  /** Route this activity belongs to (issue 6), null when none; absent when routes are not wired. */
  routeId?: string | null;
  route?: ActivityRouteInfoDto | null;
  segmentEfforts?: SegmentEffortDto[];
}

export interface ActivityListDto {
  items: ActivitySummaryDto[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /activities/:id/streams?channels=hrBpm,speedMps&maxPoints=1000 */
export interface StreamsDto {
  /** Number of samples stored; `timeS.length` is smaller when downsampled. */
  sampleCount: number;
  timeS: number[];
  channels: Partial<Record<StreamChannel, (number | null)[]>>;
  developer: { key: string; name: string; units: string | null; values: (number | null)[] }[];
}

export interface ActivityPatchDto {
  /** ISO-8601 with zone (issue 13 §3: correcting a device clock); moves the activity and its analysis. */
  startTime?: string;
  name?: string;
  sport?: string;
  subSport?: string | null;
}

export type ImportJobStatus = 'queued' | 'running' | 'done';
export type ImportFileStatus = 'pending' | 'imported' | 'duplicate' | 'failed' | 'skipped';

export interface ImportFileDto {
  name: string;
  status: ImportFileStatus;
  activityId?: string;
  /** Set for failed and skipped files: why, in words a user understands. */
  error?: string;
  warnings?: string[];
}

export interface ImportJobDto {
  id: string;
  status: ImportJobStatus;
  done: number;
  total: number;
  createdAt: string;
  /** Every row, or one page of them when the job was read paged (GET /imports/:id, see `filesTotal`). */
  files: ImportFileDto[];
  /**
   * Set when `files` is a page (GET /imports/:id?offset&limit, issue 12): the page's first row, its
   * size limit, the job's row count, and rows per status with an expanded archive counted through
   * its members (as the CLI and import page summarise), so a job of 100,000 rows is summarised
   * without sending them all.
   */
  offset?: number;
  limit?: number;
  filesTotal?: number;
  counts?: ImportStatusCounts;
}

export type ImportStatusCounts = Record<ImportFileStatus, number>;

/** One check of GET /api/v1/health: `critical` makes the answer 503. */
export type HealthLevel = 'ok' | 'warning' | 'critical';

export interface HealthDto {
  /** The worst check: `ok`, `warning`, or `critical` (HTTP 503). */
  status: HealthLevel;
  version: string;
  database: { kind: 'sqlite' | 'postgres'; status: 'ok' | 'error'; timescale: boolean; message?: string; timescaleStatus?: TimescaleStatusDto; latencyMs?: number };
  /** Free space where the data folder lives: warning under 1 GiB, critical under 100 MiB. */
  disk?: { status: HealthLevel; freeBytes: number; totalBytes: number; path: string; message?: string };
  /** Import jobs waiting or running. */
  queue?: { status: HealthLevel; importJobs: number };
  /** Parse worker threads (critical when none is left) and how often one was replaced. */
  workers?: { status: HealthLevel; size: number; busy: number; queued: number; restarts: number };
}

/** GET /api/v1/config: what the renderer needs to know about this server. */
export interface ConfigDto {
  version: string;
  /** Leaflet tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (MILEVAULT_TILE_URL). */
  tileUrl: string;
  tileAttribution: string;
  /** Base layers the maps offer (street first; topo and satellite unless turned off). */
  tileLayers?: TileLayerDto[];
  database: 'sqlite' | 'postgres';
  /** Largest accepted upload per file, in bytes. */
  maxUploadBytes: number;
}

/** The app's own TimescaleDB compression run (issue 15), as /api/v1/health shows it. */
export interface AppCompressionStatusDto {
  /** Seconds writes must be quiet before a run. */
  delayS: number;
  /** A run is scheduled. */
  pending: boolean;
  running: boolean;
  runs: number;
  failures: number;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  lastStatus: 'success' | 'failed' | 'busy' | null;
  lastDurationMs: number | null;
  /** Chunks compressed or recompressed by the last run, per hypertable. */
  lastCompressed: Record<string, number>;
  /** The same since start. */
  compressedTotal: Record<string, number>;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** TimescaleDB in /api/v1/health: edition, fallbacks, and each policy job (issue 15). */
export interface TimescaleStatusDto {
  edition: 'community' | 'apache' | null;
  version: string | null;
  compression: boolean;
  rollups: boolean;
  notes: string[];
  jobs: { jobId: number; kind: string; table: string | null; jobStatus: string | null; lastRunStatus: string | null; lastRunAt: string | null; nextStartAt: string | null; totalFailures: number; lastError: string | null }[];
  /**
   * The app's own compression a few seconds after writes settle (samples that never change), in
   * case the policy jobs cannot run; null on an Apache-only edition.
   */
  appCompression: AppCompressionStatusDto | null;
}
