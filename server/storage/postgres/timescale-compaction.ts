import { sql, type Kysely } from 'kysely';
import type { AppCompressionStatusDto } from '../../../shared/api.js';
import { HEALTH_COMPRESS_AFTER_MS } from './timescale-policies.js';

/**
 * App-side compression (issue 15 §4, "compression soon after import for data that never
 * changes"; docs/decisions.md). TimescaleDB's own policy jobs are the first choice, but on some
 * builds every background job fails (2.28.3 on PostgreSQL 15.20: `cannot drop portal "" while it
 * is being set up`), and the `activity_samples` policy waits 15 minutes after a chunk's creation
 * anyway. So after writes (activity inserts, refreshes and deletes, health sample upserts) settle
 * for `delayMs`, the app compresses what the policies would:
 * - every `activity_samples` chunk that is uncompressed or partially compressed (rows added to or
 *   removed from a compressed chunk): activity samples never change once written;
 * - `health_samples` chunks wholly older than the policy's `compress_after` (7 days of sample time).
 * Each chunk is compressed in its own short transaction with a lock timeout, so an import waits at
 * most that long for a chunk being compressed and a compression never queues behind a long write.
 * Runs only where the hypertable has compression enabled (community edition; created in
 * timescale-policies.ts), never on plain PostgreSQL, Apache-only TimescaleDB or SQLite. Failures are
 * logged and kept for /api/v1/health; they never reach the writer.
 */
export type CompactionStatus = AppCompressionStatusDto;

export interface Compactor {
  /** Writes touched a compressible hypertable: run after `delayMs` without further writes. */
  noteWrite(): void;
  status(): CompactionStatus;
  /** Resolves once nothing is scheduled or running (tests, benches). */
  settled(): Promise<void>;
  /** Cancels what is scheduled and waits for a run in progress. */
  close(): Promise<void>;
}

export interface CompactorOptions {
  delayMs?: number;
  /** A steady stream of writes still gets a run this long after the first unserved write. */
  maxWaitMs?: number;
  /** Also look every so often (writes of other processes, e.g. a CLI import). 0: never. */
  sweepMs?: number;
  /** Per-chunk lock wait before giving up on it until the next run. */
  lockTimeoutMs?: number;
  log?: (line: string) => void;
}

const TABLES = ['activity_samples', 'health_samples'] as const;
/** Chunk status bits (TimescaleDB catalog): compressed, frozen, partially compressed. */
const COMPRESSED = 1;
const FROZEN = 4;
const PARTIAL = 8;
/** lock_not_available (lock timeout), deadlock, serialization: someone else is writing; try later. */
const BUSY = new Set(['55P03', '40P01', '40001']);
/** The chunk went away (deleted in between): nothing to do. */
const GONE = new Set(['42P01']);

export function createCompactor(db: Kysely<any>, opts: CompactorOptions = {}): Compactor {
  const delayMs = opts.delayMs ?? 5_000;
  const maxWaitMs = Math.max(delayMs, opts.maxWaitMs ?? 300_000);
  const lockTimeoutMs = opts.lockTimeoutMs ?? 2_000;
  const log = opts.log ?? ((line: string) => console.warn(line));
  const st: CompactionStatus = {
    delayS: delayMs / 1000,
    pending: false,
    running: false,
    runs: 0,
    failures: 0,
    lastRunAt: null,
    lastFinishedAt: null,
    lastStatus: null,
    lastDurationMs: null,
    lastCompressed: {},
    compressedTotal: {},
    lastError: null,
    lastErrorAt: null,
  };
  let timer: NodeJS.Timeout | null = null;
  let firstUnservedAt = 0;
  let dirty = false;
  let closed = false;
  let current: Promise<void> | null = null;
  let waiters: (() => void)[] = [];

  const wake = () => {
    if (st.pending || st.running) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const schedule = () => {
    if (closed) return;
    const now = Date.now();
    if (!st.pending) firstUnservedAt = now;
    st.pending = true;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(delayMs, firstUnservedAt + maxWaitMs - now));
    timer = setTimeout(fire, wait);
    timer.unref?.();
  };
  const fire = () => {
    timer = null;
    if (closed) return;
    if (current) {
      dirty = true; // runs again when the current run ends
      return;
    }
    st.pending = false;
    current = run().finally(() => {
      current = null;
      if (dirty && !closed) {
        dirty = false;
        schedule();
      }
      wake();
    });
  };

  async function run(): Promise<void> {
    st.running = true;
    const t0 = Date.now();
    st.lastRunAt = new Date(t0).toISOString();
    st.runs++;
    const compressed: Record<string, number> = {};
    let busy = false;
    try {
      const enabled = await sql<{ name: string }>`
        SELECT hypertable_name AS name FROM timescaledb_information.hypertables
        WHERE compression_enabled AND hypertable_schema = current_schema() AND hypertable_name IN (${sql.join(TABLES.map((t) => sql.lit(t)))})`.execute(db);
      for (const { name } of enabled.rows) {
        compressed[name] = 0;
        for (const chunk of await candidates(name)) {
          if (closed) break;
          const outcome = await compressChunk(chunk.name, (chunk.status & PARTIAL) !== 0);
          if (outcome === 'busy') busy = true;
          if (outcome === 'done') {
            compressed[name]++;
            st.compressedTotal[name] = (st.compressedTotal[name] ?? 0) + 1;
          }
        }
      }
      st.lastStatus = busy ? 'busy' : 'success';
    } catch (e) {
      st.failures++;
      st.lastStatus = 'failed';
      st.lastError = msg(e);
      st.lastErrorAt = new Date().toISOString();
      log(`[timescale] app-side compression failed: ${st.lastError}`);
    } finally {
      st.lastCompressed = compressed;
      st.lastDurationMs = Date.now() - t0;
      st.lastFinishedAt = new Date().toISOString();
      st.running = false;
    }
    if (busy) dirty = true; // a chunk was locked by a writer: look again after the next quiet spell
  }

  /** Chunks the policy would compress now, with their status bits. */
  async function candidates(table: string): Promise<{ name: string; status: number }[]> {
    const chunks =
      table === 'health_samples'
        ? sql`show_chunks('health_samples', older_than => milevault_now_ms() - ${HEALTH_COMPRESS_AFTER_MS}::bigint)`
        : sql`show_chunks(${table}::regclass)`;
    const r = await sql<{ name: string; status: number }>`
      SELECT c::text AS name, _timescaledb_functions.chunk_status(c) AS status FROM ${chunks} AS c`.execute(db);
    return r.rows.filter((c) => (c.status & FROZEN) === 0 && ((c.status & COMPRESSED) === 0 || (c.status & PARTIAL) !== 0));
  }

  async function compressChunk(chunk: string, partial: boolean): Promise<'done' | 'busy' | 'gone'> {
    try {
      await db.transaction().execute(async (trx) => {
        await sql.raw(`SET LOCAL lock_timeout = ${Math.round(lockTimeoutMs)}`).execute(trx);
        await sql`SELECT compress_chunk(${chunk}::regclass, if_not_compressed => true)`.execute(trx);
      });
    } catch (e) {
      const code = String((e as { code?: unknown })?.code ?? '');
      if (BUSY.has(code)) return 'busy';
      if (GONE.has(code)) return 'gone';
      throw e;
    }
    // Recompressing a partial chunk deletes the moved rows from its uncompressed part: give the
    // space back now (VACUUM truncates the emptied pages) rather than at the next autovacuum.
    if (partial) await sql.raw(`VACUUM ${chunk}`).execute(db).catch(() => {});
    return 'done';
  }

  const sweep = opts.sweepMs ? setInterval(() => { if (!st.pending && !st.running) schedule(); }, opts.sweepMs) : null;
  sweep?.unref?.();

  return {
    noteWrite: schedule,
    status: () => ({ ...st, lastCompressed: { ...st.lastCompressed }, compressedTotal: { ...st.compressedTotal } }),
    settled: () => (st.pending || st.running ? new Promise<void>((r) => waiters.push(r)) : Promise.resolve()),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (sweep) clearInterval(sweep);
      timer = null;
      st.pending = false;
      await current?.catch(() => {});
      wake();
    },
  };
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The same repository with each named write method telling the compactor after it succeeded. */
export function noteWritesOf<T extends object>(repo: T, names: readonly (keyof T)[], compactor: Compactor): T {
  const out = Object.create(repo) as T;
  for (const n of names) {
    const f = repo[n];
    if (typeof f !== 'function') continue;
    (out as Record<keyof T, unknown>)[n] = async (...args: unknown[]) => {
      const r = await (f as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
      compactor.noteWrite();
      return r;
    };
  }
  return out;
}
