import { sql, type Kysely } from 'kysely';
import type { CompactionStatus, Compactor } from './timescale-compaction.js';

/** What the start-up Timescale setup found and did (timescale.ts). */
export interface TimescaleSetup {
  active: boolean;
  /** 'community' (Timescale License: compression, continuous aggregates, policies) or 'apache'. */
  edition: 'community' | 'apache' | null;
  version: string | null;
  compression: boolean;
  rollups: boolean;
  /** Daily loads and totals served from the `milevault_rollups.activity_rollup_daily` continuous aggregate. */
  activityRollups: boolean;
  /** Health per-day sums served from the `milevault_rollups.health_samples_15m` continuous aggregate. */
  healthRollups: boolean;
  /** Fallbacks and failures, in words (shown in /api/v1/health). */
  notes: string[];
}

export interface TimescaleJobStatus {
  jobId: number;
  kind: string;
  table: string | null;
  jobStatus: string | null;
  lastRunStatus: string | null;
  lastRunAt: string | null;
  nextStartAt: string | null;
  totalFailures: number;
  lastError: string | null;
}

export interface TimescaleHealth extends TimescaleSetup {
  jobs: TimescaleJobStatus[];
  /** The app's own compression after writes (timescale-compaction.ts); null when it does not run (Apache edition). */
  appCompression: CompactionStatus | null;
}

const setups = new WeakMap<object, { db: Kysely<any>; setup: TimescaleSetup }>();
const byStorage = new WeakMap<object, Kysely<any>>();
const compactors = new WeakMap<object, Compactor>();

export function linkCompactor(db: Kysely<any>, compactor: Compactor): void {
  compactors.set(db, compactor);
}

/** The app-side compressor of this storage (null on SQLite, plain PostgreSQL, Apache-only TimescaleDB). */
export function compactorOf(storage: object): Compactor | null {
  const db = byStorage.get(storage);
  return (db && compactors.get(db)) ?? null;
}

export function noteTimescaleSetup(db: Kysely<any>, setup: TimescaleSetup): void {
  setups.set(db, { db, setup });
}

/** What setupTimescale found for this database (null before it ran). */
export function timescaleSetupOf(db: Kysely<any>): TimescaleSetup | null {
  return setups.get(db)?.setup ?? null;
}

/** postgres-storage.ts links the storage object to its database so the health route can ask. */
export function linkTimescaleStorage(storage: object, db: Kysely<any>): void {
  byStorage.set(storage, db);
}

/**
 * The Timescale part of /api/v1/health: edition, fallbacks, and every policy job with its
 * status, last run and last error. null for SQLite and plain PostgreSQL.
 */
export async function timescaleHealth(storage: object): Promise<TimescaleHealth | null> {
  const db = byStorage.get(storage);
  const entry = db && setups.get(db);
  if (!entry || !entry.setup.active) return null;
  const appCompression = compactors.get(db)?.status() ?? null;
  let jobs: TimescaleJobStatus[] = [];
  try {
    const res = await sql<Record<string, unknown>>`
      SELECT j.job_id AS job_id, j.proc_name AS proc_name, j.hypertable_name AS hypertable_name,
             s.job_status AS job_status, s.last_run_status AS last_run_status, s.last_run_started_at AS last_run_started_at,
             s.next_start AS next_start, coalesce(s.total_failures, 0)::int AS total_failures,
             (SELECT e.err_message FROM timescaledb_information.job_errors e WHERE e.job_id = j.job_id ORDER BY e.start_time DESC LIMIT 1) AS last_error
      FROM timescaledb_information.jobs j LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
      WHERE j.job_id >= 1000 ORDER BY j.job_id`.execute(db);
    jobs = res.rows.map((r) => ({
      jobId: Number(r.jobId),
      kind: String(r.procName),
      table: (r.hypertableName as string | null) ?? null,
      jobStatus: (r.jobStatus as string | null) ?? null,
      lastRunStatus: (r.lastRunStatus as string | null) ?? null,
      lastRunAt: iso(r.lastRunStartedAt),
      nextStartAt: iso(r.nextStart),
      totalFailures: Number(r.totalFailures ?? 0),
      lastError: (r.lastError as string | null) ?? null,
    }));
  } catch (e) {
    return { ...entry.setup, notes: [...entry.setup.notes, `job status unavailable: ${e instanceof Error ? e.message : String(e)}`], jobs, appCompression };
  }
  return { ...entry.setup, jobs, appCompression };
}

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isFinite(d.getTime()) && d.getUTCFullYear() > 1970 && d.getUTCFullYear() < 9999 ? d.toISOString() : null;
}
