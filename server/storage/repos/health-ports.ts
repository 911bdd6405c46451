/**
 * Storage port of the wellness store, API keys and insights (issue 7). The Storage interface
 * (port.ts) exposes these as `health`, `apiKeys` and `insights`; the contract suite
 * tests/contract/health.contract.test.ts runs them on SQLite and PostgreSQL.
 */
export interface DailyRow {
  metric: string;
  dayMs: number;
  source: string;
  value: number;
}

export interface SampleRow {
  metric: string;
  tMs: number;
  source: string;
  value: number;
}

export interface DayAggregate {
  /** UTC midnight of the local day. */
  dayMs: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  /** The value at the latest time of the day (NaN unless asked for). */
  last: number;
}

export interface SleepRow {
  source: string;
  startMs: number;
  endMs: number;
  dayMs: number;
  stages: { stage: string; startMs: number; endMs: number }[];
}

export interface HealthRepo {
  /** Upserts; a row whose value did not change is left untouched. Returns rows written or changed. */
  upsertDaily(userId: string, rows: readonly DailyRow[]): Promise<number>;
  upsertSamples(userId: string, rows: readonly SampleRow[]): Promise<number>;
  upsertSleep(userId: string, rows: readonly SleepRow[]): Promise<number>;
  /** All sources, ordered by day. `toDayMs` inclusive. */
  daily(userId: string, fromDayMs: number, toDayMs: number, metrics?: readonly string[]): Promise<DailyRow[]>;
  /** Ordered by time; `source` null = every source. `toMs` exclusive. */
  samples(userId: string, metrics: readonly string[], fromMs: number, toMs: number, source?: string | null): Promise<SampleRow[]>;
  sleep(userId: string, fromDayMs: number, toDayMs: number): Promise<SleepRow[]>;
  /**
   * Per local day (t + offsetMs, floored to days) of one metric and source in [fromMs, toMs):
   * count, sum, min, max and the last value. Computed in SQL so a year of minute data is never
   * loaded into memory.
   */
  dailyAggregates(userId: string, metric: string, source: string, fromMs: number, toMs: number, offsetMs: number, withLast: boolean): Promise<DayAggregate[]>;
  /** Per metric, the sources in preference order (only metrics the user configured). */
  priorities(userId: string): Promise<Record<string, string[]>>;
  setPriority(userId: string, metric: string, sources: readonly string[]): Promise<void>;
  /** Records a received raw payload; false when this exact payload was already recorded. */
  recordPayload(userId: string, p: { sha256: string; kind: string; sizeBytes: number; summary: unknown }): Promise<boolean>;
  /** The summary stored with an earlier identical payload, or null. */
  payloadSummary(userId: string, sha256: string): Promise<unknown | null>;
  counts(userId: string): Promise<{ daily: number; samples: number; sleep: number }>;
  /** First and last day (UTC midnight of the local day) of each daily metric, and of sleep ('sleep'); the pages open on the latest data (issue 17). */
  extents(userId: string): Promise<{ metric: string; firstDayMs: number; lastDayMs: number }[]>;
  /** Users with any daily wellness value (the scheduled insight run visits them). */
  userIds(): Promise<string[]>;
}

export interface ApiKeyRow {
  id: string;
  userId: string;
  name: string;
  keyHash: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}

export interface ApiKeysRepo {
  create(row: Omit<ApiKeyRow, 'lastUsedAtMs' | 'revokedAtMs'>): Promise<void>;
  /** Any user's key by id (the key itself names its id); the caller verifies the secret. */
  byId(id: string): Promise<ApiKeyRow | null>;
  list(userId: string): Promise<ApiKeyRow[]>;
  revoke(userId: string, id: string, atMs: number): Promise<boolean>;
  touch(id: string, atMs: number): Promise<void>;
}

export interface InsightRow {
  id: string;
  detector: string;
  dedupeKey: string;
  dayMs: number;
  severity: string;
  title: string;
  message: string;
  evidence: unknown;
  createdAtMs: number;
  dismissedAtMs: number | null;
}

export interface InsightsRepo {
  /** Inserts unless (user, detector, dedupeKey) exists; returns whether it was new. */
  add(userId: string, row: Omit<InsightRow, 'dismissedAtMs'>): Promise<boolean>;
  list(userId: string, opts: { includeDismissed: boolean; limit: number }): Promise<InsightRow[]>;
  dismiss(userId: string, id: string, atMs: number): Promise<boolean>;
  state(userId: string, detector: string): Promise<unknown | null>;
  setState(userId: string, detector: string, state: unknown, atMs: number): Promise<void>;
}
