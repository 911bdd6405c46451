import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../db-schema.js';
import { migrateToLatest } from '../migrate.js';
import type { Storage } from '../port.js';
import { storageFromDb } from '../storage-from-db.js';
import { pgSampleRowsLayout } from './sample-rows-layout.js';
import { enableTimescale } from './timescale.js';

/** BIGINT epoch-ms columns come back as numbers (they stay far below 2^53). */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgresStorage(url: string, opts: { timescale?: boolean } = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client error (server restart) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  try {
    await migrateToLatest(db, 'postgres');
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const timescale = opts.timescale === false ? false : await enableTimescale(db);
  return storageFromDb(db, { kind: 'postgres', timescale, layout: pgSampleRowsLayout });
}
