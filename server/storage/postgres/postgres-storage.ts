import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../db-schema.js';
import { migrateToLatest } from '../migrate.js';
import type { Storage } from '../port.js';
import { storageFromDb } from '../storage-from-db.js';
import { preparingClient } from './prepared-client.js';
import { pgStreamLayout } from './pg-stream-layout.js';
import { retryMethods } from './retry.js';
import { enableTimescale } from './timescale.js';
import { timescaleAggregatesRepo, timescaleHealthRepo } from './timescale-aggregates.js';
import { createCompactor, noteWritesOf } from './timescale-compaction.js';
import { linkCompactor, linkTimescaleStorage, timescaleSetupOf } from './timescale-status.js';

/** BIGINT epoch-ms columns come back as numbers (they stay far below 2^53). */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** false: never switch TimescaleDB on, even where the extension exists. */
  timescale?: boolean;
  /** Pool size (default 10). 1 for single-connection servers such as PGlite over a socket. */
  maxConnections?: number;
  /**
   * Repeated statements as named prepared statements (prepared-client.ts). Default on, unless
   * MILEVAULT_PG_PREPARED_STATEMENTS=off: for a pooler that hands one client's statements to
   * another session (PgBouncer in transaction mode before 1.21) and for PGlite over a socket,
   * where every connection shares one session.
   */
  preparedStatements?: boolean;
  /**
   * App-side compression (timescale-compaction.ts): quiet time after writes before compressing,
   * in ms. Default MILEVAULT_TIMESCALE_COMPRESS_DELAY_S seconds, else 5 s.
   */
  compressDelayMs?: number;
}

const SWEEP_MS = 15 * 60_000;

function compressDelayMs(opts: PostgresOptions): number {
  if (opts.compressDelayMs !== undefined) return opts.compressDelayMs;
  const s = Number(process.env.MILEVAULT_TIMESCALE_COMPRESS_DELAY_S);
  return Number.isFinite(s) && s >= 0 && process.env.MILEVAULT_TIMESCALE_COMPRESS_DELAY_S !== '' ? s * 1000 : 5_000;
}

export async function openPostgresStorage(url: string, opts: PostgresOptions = {}): Promise<Storage> {
  // Repeated statements run as named prepared statements (prepared-client.ts).
  const prepared = opts.preparedStatements ?? process.env.MILEVAULT_PG_PREPARED_STATEMENTS !== 'off';
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, types, ...(prepared ? { Client: preparingClient() } : {}) });
  // An idle client error (server restart) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  let timescale = false;
  try {
    await migrateToLatest(db, 'postgres');
    timescale = opts.timescale === false ? false : await enableTimescale(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const base = storageFromDb(db, { kind: 'postgres', timescale, layout: pgStreamLayout({ mirror: timescale, pool }) });
  // Timescale mode: daily loads, totals and health day sums come from continuous aggregates
  // (timescale-aggregates.ts); writes and the stored tables stay as on every database.
  const setup = timescale ? timescaleSetupOf(db) : null;
  let health = setup?.healthRollups ? timescaleHealthRepo(base.health, db) : base.health;
  // Deadlocks and serialization failures roll the whole transaction back: run it again.
  let activities = retryMethods(base.activities, ['insert', 'delete', 'update']);
  health = retryMethods(health, ['upsertDaily', 'upsertSamples', 'upsertSleep']);
  // Community TimescaleDB: compress samples a few seconds after writes settle, as the policies
  // would (their background jobs fail on some builds and wait 15 minutes on the others), and once
  // at start for what an earlier process or a restore left uncompressed.
  const compactor = setup?.edition === 'community' ? createCompactor(db, { delayMs: compressDelayMs(opts), sweepMs: SWEEP_MS }) : null;
  if (compactor) {
    activities = noteWritesOf(activities, ['insert', 'refreshParsed', 'delete'], compactor);
    health = noteWritesOf(health, ['upsertSamples'], compactor);
    linkCompactor(db, compactor);
    compactor.noteWrite();
  }
  const storage: Storage = {
    ...base,
    poolStats: () => ({ max: opts.maxConnections ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    activities,
    health,
    analysisAggregates: setup?.activityRollups ? timescaleAggregatesRepo(base.analysisAggregates, db) : base.analysisAggregates,
    async close() {
      await compactor?.close();
      await base.close();
    },
  };
  linkTimescaleStorage(storage, db);
  return storage;
}
