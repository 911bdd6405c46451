import type { RecordExclusionsRepo } from './repos/record-exclusions.repo.js';
import type { YearGoalsRepo } from './repos/year-goals.repo.js';
import type { AccountsRepo } from './repos/accounts.repo.js';
import type { ActivityListRepo } from './repos/activity-list.repo.js';
import type { ActivityPageRepo } from './repos/activity-page.repo.js';
import type { ActivityChartsRepo } from './repos/activity-charts.repo.js';
import type { LocalTime } from '../domain/local-time.js';
/**
 * The storage port: the only thing services know about persistence. Two adapters implement it
 * (SQLite and PostgreSQL[+TimescaleDB]) and one contract suite (storage.contract.ts) runs on both.
 * Every method takes the user id: rows belong to a user from day one.
 */
import type { ActivityStreams, ParsedActivity, StreamChannel } from '../../shared/activity.js';
import type { EncodedStreams } from './stream-codec.js';
import type { ApiKeysRepo, HealthRepo, InsightsRepo } from './repos/health-ports.js';
import type { RoutesRepo } from './repos/routes.repo.js';
import type { SegmentsRepo } from './repos/segments.repo.js';
import type { AnalysisRepo } from './repos/analysis.repo.js';
import type { AnalysisAggregatesRepo } from './repos/analysis-aggregates.repo.js';
import type { ThresholdsRepo } from './repos/analysis-thresholds.repo.js';
import type { LiveRepo } from './repos/live.repo.js';
import type { JobsRepo } from './repos/jobs.repo.js';
import type { SourceStateRepo, WatchRepo } from './repos/watch.repo.js';
import type { ActivityMetaDto, ActivityMetaPatchDto, GearDto, GearInputDto, GearKind } from '../../shared/gear-api.js';
import type { ActivityDetailDto, ActivityPatchDto, ActivitySummaryDto, ImportFileDto, ImportJobDto, ImportJobStatus } from '../../shared/api.js';

export interface NewActivity {
  id: string;
  userId: string;
  originalSha256: string;
  /** Position of this activity within its file (a TCX can hold several). */
  sourceIndex: number;
  name: string;
  /** Everything parsed except the sample arrays, which arrive encoded (stream-codec.ts). */
  parsed: Omit<ParsedActivity, 'streams'>;
  streams: EncodedStreams;
  /** Where it came from ('file', 'strava', 'garmin', …), as ActivityMetaRepo.set would store it. */
  source?: string;
  /** Its local time at the start (domain/local-time.ts); null columns when absent. */
  local?: LocalTime;
  /** Parser version that produced `parsed` (ingest/parser-version.ts); 0 when not given. */
  parserVersion?: number;
}

/** An activity whose stored data came from an older parser (ActivitiesRepo.parsedBefore). */
export interface StaleParsedActivity {
  id: string;
  originalSha256: string;
  sourceIndex: number;
  sport: string;
  subSport: string | null;
  name: string;
  format: string;
  source: string | null;
  startTime: string;
  utcOffsetS: number | null;
}

/** What a re-parse of the original replaces; the start time, id and everything the user set stay. */
export interface RefreshedParse {
  parsed: Omit<ParsedActivity, 'streams'>;
  streams: EncodedStreams;
  parserVersion: number;
  /** Only when the stored sport was a guess the new parser improves on (never a user's choice). */
  sport?: { sport: string; subSport: string | null };
  /** A default name that follows the new sport. */
  name?: string;
}

export interface ActivityQuery {
  sport?: string;
  fromMs?: number;
  toMs?: number;
  /** from/to are local wall-clock times (bare dates): compared with each activity's own local start. */
  localTime?: boolean;
  limit: number;
  offset: number;
}

export interface DeleteResult {
  deleted: boolean;
  originalSha256?: string;
  /** True when another activity (of any user) still uses the same original file. */
  originalStillUsed: boolean;
}

export interface ActivitiesRepo {
  /** Inserts activity, sessions, laps and streams in one transaction. */
  insert(a: NewActivity): Promise<void>;
  list(userId: string, q: ActivityQuery): Promise<{ items: ActivitySummaryDto[]; total: number }>;
  /** Activities starting in [fromMs, toMs), oldest first, at most `limit` (no total: the import's duplicate probe). */
  startingBetween(userId: string, fromMs: number, toMs: number, limit: number): Promise<ActivitySummaryDto[]>;
  /** Activities stored before local time existed (utc_offset_s null), up to `limit`, with their original. */
  withoutLocalTime(userId: string, limit: number): Promise<(ActivitySummaryDto & { originalSha256: string; sourceIndex: number })[]>;
  /** Sets an activity's local time, and its name when given (a default name following the local hour). */
  setLocalTime(userId: string, id: string, local: LocalTime, name?: string): Promise<void>;
  get(userId: string, id: string): Promise<ActivityDetailDto | null>;
  /** Ids of this user's activities that came from the given original file. */
  idsByOriginal(userId: string, sha256: string): Promise<string[]>;
  update(userId: string, id: string, patch: ActivityPatchDto): Promise<boolean>;
  /** Up to `limit` activities stored by a parser older than `version`, oldest first. */
  parsedBefore(userId: string, version: number, limit: number): Promise<StaleParsedActivity[]>;
  /** Replaces summary, sessions, laps, lengths and streams with a fresh parse of the original; false when gone. */
  refreshParsed(userId: string, id: string, r: RefreshedParse): Promise<boolean>;
  /** Marks an activity as checked against a parser version (its original could not be re-read). */
  setParserVersion(userId: string, id: string, version: number): Promise<void>;
  delete(userId: string, id: string): Promise<DeleteResult>;
  readStreams(userId: string, id: string, channels?: readonly StreamChannel[]): Promise<ActivityStreams | null>;
  /** The stored blob readStreams decodes (stream-codec.ts), for decoding off the event loop. */
  readStreamsBlob(userId: string, id: string): Promise<Uint8Array | null>;
}

export interface OriginalRecord {
  userId: string;
  sha256: string;
  fileName: string;
  sizeBytes: number;
  format: string | null;
}

export interface OriginalsRepo {
  /** Records that the user owns this original (idempotent). */
  upsert(o: OriginalRecord): Promise<void>;
  get(userId: string, sha256: string): Promise<OriginalRecord | null>;
  /** Forgets the user's claim on a file; returns whether any user still references it. */
  remove(userId: string, sha256: string): Promise<{ stillReferenced: boolean }>;
  /**
   * Every SHA-256 any row of any user points at in the original store (originals, activities and
   * their archive photos, activity sources, import files, health payloads): what the startup
   * sweep (services/original-sweep.ts) must never delete. Read in pages of `pageRows` (default
   * REFERENCE_PAGE_ROWS, original-refs.ts) with the event loop free between them.
   */
  referenced(pageRows?: number): Promise<Set<string>>;
}

export interface ImportsRepo {
  create(job: { id: string; userId: string; files: string[] }): Promise<void>;
  /** The job as this connection sees it, including writes a group commit still holds (services' own bookkeeping). */
  get(userId: string, id: string): Promise<ImportJobDto | null>;
  /**
   * The job as last committed: what may be reported to a client, since a kill cannot undo it
   * (issue 12). Same as `get` where every write commits on return (PostgreSQL, no bulk).
   */
  getCommitted(userId: string, id: string): Promise<ImportJobDto | null>;
  setStatus(id: string, status: ImportJobStatus): Promise<void>;
  setFile(jobId: string, idx: number, r: ImportFileDto & { sha256?: string }): Promise<void>;
  /** Appends pending rows (archive members) to a job and raises its total; returns the first new idx. */
  addFiles(jobId: string, names: string[]): Promise<number>;
  /** Jobs left queued/running by a previous process (to resume after a restart). */
  unfinished(): Promise<{ id: string; userId: string }[]>;
  /** The user's newest jobs as last committed (for clients, like getCommitted). */
  list(userId: string, limit: number): Promise<ImportJobDto[]>;
}

/** Gear (bikes, shoes…) with totals from linked activities (issue 4). */
export interface GearRepo {
  list(userId: string): Promise<GearDto[]>;
  get(userId: string, id: string): Promise<GearDto | null>;
  create(userId: string, g: GearInputDto & { name: string }): Promise<GearDto>;
  /** Finds gear by exact name (case-insensitive) or creates it: archives link activities by name. */
  ensureByName(userId: string, name: string, kind: GearKind, extra?: GearInputDto): Promise<string>;
  update(userId: string, id: string, patch: GearInputDto): Promise<boolean>;
  /** Deletes the item and unlinks its activities. */
  delete(userId: string, id: string): Promise<boolean>;
  /** The active (not retired) gear that is the default for this sport, if any. */
  defaultFor(userId: string, sport: string): Promise<string | null>;
}

export interface ActivitySourceRecord {
  source: string;
  externalId: string;
  sha256: string | null;
  fileName: string | null;
}

/** Archive metadata on activities and the list of places each activity came from (issue 4). */
export interface ActivityMetaRepo {
  get(userId: string, activityId: string): Promise<ActivityMetaDto | null>;
  /** Sets only the given fields; `name`/`sport` too when an archive names the activity. */
  set(userId: string, activityId: string, patch: ActivityMetaPatchDto & { source?: string; name?: string; sport?: string; media?: { sha256: string; fileName: string }[] }): Promise<boolean>;
  /** Idempotent: one row per (user, source, externalId). */
  addSource(userId: string, activityId: string, s: ActivitySourceRecord): Promise<void>;
  /** The activity an external id (e.g. a Strava activity id) already became, if any. */
  findBySource(userId: string, source: string, externalId: string): Promise<string | null>;
  /** Moves all source rows (and links) from one activity to another (the richer copy won). */
  moveSources(userId: string, fromId: string, toId: string): Promise<void>;
  /** One source row of an activity, with the original it brought (null for metadata-only sources). */
  sourceOf(userId: string, activityId: string, source: string, externalId: string): Promise<ActivitySourceRecord | null>;
}

/**
 * Per-athlete settings (issue 13 §2: the time zone used when a file tells neither; issue 14: the
 * display preferences the UI once kept per browser). Null: not chosen.
 */
export interface UserSettings {
  timeZone: string | null;
  units: 'metric' | 'imperial' | null;
  /** Id of the map base layer (street, topo, satellite…) the athlete picked. */
  mapLayer: string | null;
}

export interface UsersRepo {
  ensure(id: string, name: string): Promise<void>;
  ids(): Promise<string[]>;
  /** One-time data passes (maintenance_tasks): done already? */
  taskDone(name: string): Promise<boolean>;
  markTaskDone(name: string): Promise<void>;
  settings(userId: string): Promise<UserSettings>;
  setSettings(userId: string, patch: Partial<UserSettings>): Promise<UserSettings>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly timescale: boolean;
  readonly users: UsersRepo;
  /** Server-mode accounts, sessions, invites, personal access tokens, audit log (issue 14). */
  readonly accounts: AccountsRepo;
  readonly originals: OriginalsRepo;
  readonly activities: ActivitiesRepo;
  /** The list page's search/sort/filters, current-record counts and bulk edits (issue 17). */
  readonly activityList: ActivityListRepo;
  /** The activity page's reads in one round (one statement on PostgreSQL, issue 14). */
  readonly activityPage: ActivityPageRepo;
  /** The activity page's chart, stored ready to send (repos/activity-charts.repo.ts). */
  readonly charts: ActivityChartsRepo;
  readonly imports: ImportsRepo;
  readonly health: HealthRepo;
  readonly apiKeys: ApiKeysRepo;
  readonly insights: InsightsRepo;
  readonly gear: GearRepo;
  readonly activityMeta: ActivityMetaRepo;
  readonly routes: RoutesRepo;
  readonly segments: SegmentsRepo;
  readonly analysis: AnalysisRepo;
  readonly analysisAggregates: AnalysisAggregatesRepo;
  readonly thresholds: ThresholdsRepo;
  /** Activities and record candidates left out of records by the athlete (issue 13 §3). */
  readonly recordExclusions: RecordExclusionsRepo;
  /** Yearly distance/time targets per sport (issue 17, dashboard plan of the year). */
  readonly yearGoals: YearGoalsRepo;
  /** Live sharing: tracker tokens, sessions, points (issue 19). */
  readonly live: LiveRepo;
  /** Durable jobs, watched folders and per-source state (issue 18). */
  readonly jobs: JobsRepo;
  readonly watch: WatchRepo;
  readonly sourceState: SourceStateRepo;
  /**
   * Group commits for a bulk import (issue 3: "storage in large transactions"): until `end()`,
   * writes from any caller are committed together every few hundred milliseconds instead of one
   * commit per statement or repository transaction. Repository transactions become savepoints,
   * so a failing one still rolls back alone. Calls nest (a counter); a no-op where the adapter
   * gains nothing from it (PostgreSQL commits are already per repository call).
   */
  bulkWrites(): BulkWrites;
  /**
   * Resolves once every write that completed before the call is durable: SQLite at the group
   * commit's next COMMIT (within a second during a bulk; at once when no bulk transaction is
   * open), PostgreSQL at once (each repository call commits before it returns). Rejects when
   * those writes were rolled back instead. Work that must not happen before the database records
   * it (deleting a staged upload, answering 202) waits for this.
   */
  durable(): Promise<void>;
  /** PostgreSQL: connections of the pool (/metrics DB pool use); absent on SQLite (one connection). */
  poolStats?(): { max: number; total: number; idle: number; waiting: number };
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface BulkWrites {
  /** Commits what is pending and leaves bulk mode (when this was the last open bulk). */
  end(): void;
}
