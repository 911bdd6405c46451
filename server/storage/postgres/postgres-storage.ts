import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../db-schema.js';
import { migrateToLatest } from '../migrate.js';
import type { Storage } from '../port.js';
import { storageFromDb } from '../storage-from-db.js';
import { pgStreamLayout } from './pg-stream-layout.js';
import { retryMethods } from './retry.js';
import { enableTimescale } from './timescale.js';
import { timescaleAggregatesRepo, timescaleHealthRepo } from './timescale-aggregates.js';
import { linkTimescaleStorage, timescaleSetupOf } from './timescale-status.js';

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
}

export async function openPostgresStorage(url: string, opts: PostgresOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, types });
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
  const base = storageFromDb(db, { kind: 'postgres', timescale, layout: pgStreamLayout({ mirror: timescale }) });
  // Timescale mode: daily loads, totals and health day sums come from continuous aggregates
  // (timescale-aggregates.ts); writes and the stored tables stay as on every database.
  const setup = timescale ? timescaleSetupOf(db) : null;
  const health = setup?.healthRollups ? timescaleHealthRepo(base.health, db) : base.health;
  // Deadlocks and serialization failures roll the whole transaction back: run it again.
  const storage: Storage = {
    ...base,
    poolStats: () => ({ max: opts.maxConnections ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    activities: retryMethods(base.activities, ['insert', 'delete', 'update']),
    health: retryMethods(health, ['upsertDaily', 'upsertSamples', 'upsertSleep']),
    analysisAggregates: setup?.activityRollups ? timescaleAggregatesRepo(base.analysisAggregates, db) : base.analysisAggregates,
  };
  linkTimescaleStorage(storage, db);
  return storage;
}
