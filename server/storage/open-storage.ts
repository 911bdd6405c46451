import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from './port.js';

/** DATABASE_URL (postgres://…) selects PostgreSQL; otherwise SQLite in the data directory. */
export async function openStorage(opts: { dataDir: string; databaseUrl?: string }): Promise<Storage> {
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    const { openPostgresStorage } = await import('./postgres/postgres-storage.js');
    return openPostgresStorage(opts.databaseUrl);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const { openSqliteStorage } = await import('./sqlite/sqlite-storage.js');
  return openSqliteStorage(join(opts.dataDir, 'milevault.sqlite'));
}
