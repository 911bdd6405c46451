import { afterAll, beforeAll } from 'vitest';
import type { Storage } from '../../server/storage/port.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage.js';
import { createTestDatabase } from './pg-database.js';

/** Opens one adapter of the storage port on an empty database; cleanup closes and drops it. */
export type StorageFactory = () => Promise<{ storage: Storage; cleanup(): Promise<void> }>;

/**
 * The two adapters every contract suite runs on (`describe.each(storageAdapters)`): SQLite in
 * memory and a real PostgreSQL database of its own (tests/helpers/pg-database.ts).
 */
export const storageAdapters: [string, StorageFactory][] = [
  ['sqlite', async () => {
    const storage = await openSqliteStorage(':memory:');
    return { storage, cleanup: () => storage.close() };
  }],
  ['postgres', async () => {
    const db = await createTestDatabase();
    if (!db) throw new Error('PostgreSQL disabled (MILEVAULT_SKIP_PG=1)');
    const storage = await openPostgresStorage(db.url);
    return { storage, cleanup: async () => { await storage.close(); await db.drop(); } };
  }],
];

/**
 * Opens the adapter before the suite's tests, with two athletes ('user-a' Alice, 'user-b' Bob),
 * and closes it after them. Read `.storage` inside tests.
 */
export function storageWithTwoAthletes(factory: StorageFactory): { readonly storage: Storage } {
  const ctx: { storage: Storage; cleanup?: () => Promise<void> } = { storage: undefined as unknown as Storage };
  beforeAll(async () => {
    const opened = await factory();
    ctx.storage = opened.storage;
    ctx.cleanup = opened.cleanup;
    await ctx.storage.users.ensure('user-a', 'Alice');
    await ctx.storage.users.ensure('user-b', 'Bob');
  });
  afterAll(async () => ctx.cleanup?.());
  return ctx;
}
