import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createCompactor, noteWritesOf, type Compactor } from './timescale-compaction.js';

/**
 * The scheduling and failure handling of the app-side compression (timescale-compaction.ts); the
 * compression itself is tested on TimescaleDB in tests/helpers/timescale-suite.ts. Here the
 * database is unreachable (a refused port), so every run fails: the failure must be recorded for
 * /api/v1/health and logged, and never reach the writer.
 */
describe('app-side Timescale compression scheduling', () => {
  let db: Kysely<any> | undefined;
  let compactor: Compactor | undefined;
  afterEach(async () => {
    await compactor?.close();
    await db?.destroy();
  });
  const unreachable = () => new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1, connectionTimeoutMillis: 2_000 }) }) });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs once after a burst of writes goes quiet, and records a failure without throwing', async () => {
    db = unreachable();
    const logged: string[] = [];
    compactor = createCompactor(db, { delayMs: 100, log: (l) => logged.push(l) });
    const repo = noteWritesOf({ async insert(x: number) { return x * 2; } }, ['insert'], compactor);
    for (let i = 0; i < 5; i++) {
      expect(await repo.insert(i)).toBe(i * 2); // the writer gets its answer at once
      await sleep(20);
    }
    expect(compactor.status()).toMatchObject({ pending: true, runs: 0 });
    await compactor.settled();
    const s = compactor.status();
    expect(s).toMatchObject({ runs: 1, failures: 1, lastStatus: 'failed', pending: false, running: false });
    expect(s.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(s.lastRunAt).not.toBeNull();
    expect(s.lastErrorAt).not.toBeNull();
    expect(logged.join('\n')).toMatch(/app-side compression failed/);
  });

  it('still runs during a steady stream of writes once the longest wait is reached', async () => {
    db = unreachable();
    compactor = createCompactor(db, { delayMs: 100, maxWaitMs: 150, log: () => {} });
    const until = Date.now() + 700;
    while (Date.now() < until) {
      compactor.noteWrite();
      await sleep(30);
    }
    await compactor.settled();
    expect(compactor.status().runs).toBeGreaterThanOrEqual(2);
  });

  it('does nothing after close', async () => {
    db = unreachable();
    compactor = createCompactor(db, { delayMs: 50, log: () => {} });
    compactor.noteWrite();
    await compactor.close();
    await sleep(120);
    expect(compactor.status()).toMatchObject({ runs: 0, pending: false });
    compactor.noteWrite();
    await compactor.settled();
    expect(compactor.status().runs).toBe(0);
  });
});
