/**
 * Kysely table types of migration 0016_live_sharing (issue 19), kept beside their repository so
 * the shared db-schema.ts stays untouched; the repo reaches them with `db.withTables<LiveTables>()`.
 */
export interface LiveTokensTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}

export interface LiveSessionsTable {
  id: string;
  userId: string;
  tokenId: string;
  /** Time of the earliest point (tracker clock, epoch ms). */
  startedAtMs: number;
  /** Time of the latest point (tracker clock). */
  lastPointMs: number;
  /** Server time the latest batch arrived: what "last update" means to a viewer. */
  lastReceivedAtMs: number;
  endedAtMs: number | null;
  /** 'stopped' (by the athlete) or 'inactive' (no point for the inactivity gap). */
  endReason: string | null;
  shareToken: string;
  shareExpiresAtMs: number;
  shareRevokedAtMs: number | null;
  /** The recorded activity this session became, once its file was imported. */
  activityId: string | null;
  createdAtMs: number;
}

export interface LivePointsTable {
  sessionId: string;
  tMs: number;
  lat: number;
  lon: number;
  altitudeM: number | null;
  speedMps: number | null;
  headingDeg: number | null;
  accuracyM: number | null;
  hrBpm: number | null;
  batteryPct: number | null;
  receivedAtMs: number;
}

/** Migration 0018_live_plans: a session's planned route. */
export interface LivePlansTable {
  sessionId: string;
  userId: string;
  name: string;
  /** 'gpx', 'route' or 'activity'. */
  source: string;
  distanceM: number;
  pointCount: number;
  /** domain/routes/track-codec.ts bytes of the resampled line. */
  track: Uint8Array;
  createdAtMs: number;
}

export type LiveTables = {
  liveTokens: LiveTokensTable;
  liveSessions: LiveSessionsTable;
  livePoints: LivePointsTable;
  livePlans: LivePlansTable;
};
