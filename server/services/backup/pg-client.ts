import type pg from 'pg';

/**
 * A PostgreSQL client for backup, restore and housekeeping, with `pg` loaded on first use: a
 * SQLite install never needs it, and loading it costs ~40 ms plus ~70 ms for the fetch stack
 * its Cloudflare check pulls in (server ready time, issue 14).
 */
export async function newPgClient(connectionString: string): Promise<pg.Client> {
  const { default: pgModule } = await import('pg');
  return new pgModule.Client({ connectionString });
}
