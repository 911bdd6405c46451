import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from './port.js';

/** DATABASE_URL (postgres://…) selects PostgreSQL; otherwise SQLite in the data directory. */
export async function openStorage(opts: { dataDir: string; databaseUrl?: string }): Promise<Storage> {
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    const { openPostgresStorage } = await import('./postgres/postgres-storage.js');
    // MILEVAULT_PG_POOL_MAX: connections of the pool (default 10); 1 for single-connection servers
    // such as PGlite over a socket (the Timescale rollup tests run the whole app on one).
    const max = Number(process.env.MILEVAULT_PG_POOL_MAX);
    return openPostgresStorage(opts.databaseUrl, Number.isInteger(max) && max > 0 && max <= 1000 ? { maxConnections: max } : {});
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const { openSqliteStorage } = await import('./sqlite/sqlite-storage.js');
  return openSqliteStorage(join(opts.dataDir, 'milevault.sqlite'));
}
