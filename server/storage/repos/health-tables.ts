/**
 * Kysely table types of migration 0005_health, kept beside their repositories so the shared
 * db-schema.ts stays untouched; repos reach them with `db.withTables<HealthTables>()`.
 */
export interface HealthDailyTable {
  userId: string;
  metric: string;
  /** UTC midnight of the athlete's local calendar day. */
  dayMs: number;
  source: string;
  value: number;
  updatedAtMs: number;
}

export interface HealthSamplesTable {
  userId: string;
  metric: string;
  source: string;
  tMs: number;
  value: number;
}

export interface HealthSleepTable {
  userId: string;
  source: string;
  startMs: number;
  endMs: number;
  dayMs: number;
  stagesJson: string;
}

export interface HealthSourcePriorityTable {
  userId: string;
  metric: string;
  sourcesJson: string;
  updatedAtMs: number;
}

export interface HealthPayloadsTable {
  userId: string;
  sha256: string;
  kind: string;
  sizeBytes: number;
  receivedAtMs: number;
  summaryJson: string;
}

export interface ApiKeysTable {
  id: string;
  userId: string;
  name: string;
  keyHash: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}

export interface InsightsTable {
  id: string;
  userId: string;
  detector: string;
  dedupeKey: string;
  dayMs: number;
  severity: string;
  title: string;
  message: string;
  evidenceJson: string;
  createdAtMs: number;
  dismissedAtMs: number | null;
}

export interface InsightStateTable {
  userId: string;
  detector: string;
  stateJson: string;
  updatedAtMs: number;
}

export type HealthTables = {
  healthDaily: HealthDailyTable;
  healthSamples: HealthSamplesTable;
  healthSleep: HealthSleepTable;
  healthSourcePriority: HealthSourcePriorityTable;
  healthPayloads: HealthPayloadsTable;
  apiKeys: ApiKeysTable;
  insights: InsightsTable;
  insightState: InsightStateTable;
};
