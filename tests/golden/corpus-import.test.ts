import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportJobDto } from '../../shared/api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Corpus smoke test through the whole pipeline (worker threads → storage): every FIT file under
 * fit/fitsdk and fit/python-fitparse imports or is skipped/failed with a clear reason, and none
 * takes the process down. Reads ../shared/corpus in place; skipped visibly when absent.
 */
const corpus = corpusOrWarn();

describe.skipIf(!corpus)('corpus import smoke (fit/fitsdk, fit/python-fitparse)', () => {
  let t: TestApp;
  const jobs: Record<string, ImportJobDto> = {};
  const handlerErrors: string[] = [];

  beforeAll(async () => {
    // Event handlers (analysis, routes…) log their failures instead of failing the import: collect them.
    const log = console.error.bind(console);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('[events]')) handlerErrors.push(args[0]);
      log(...args);
    });
    t = await createTestApp();
    for (const sub of ['fit/fitsdk', 'fit/python-fitparse']) {
      const id = await t.services.imports.createJobFromPaths(LOCAL_USER_ID, [join(corpus!, sub)]);
      await t.services.imports.waitFor(id);
      jobs[sub] = (await t.services.storage.imports.get(LOCAL_USER_ID, id))!;
    }
  }, 600_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it.each(['fit/fitsdk', 'fit/python-fitparse'])('%s: every file ends with a final status and a reason', (sub) => {
    const job = jobs[sub];
    const fitFiles = job.files.filter((f) => /\.fit(\.gz)?$/i.test(f.name));
    expect(fitFiles.length).toBeGreaterThan(10);
    const counts: Record<string, number> = {};
    for (const f of fitFiles) {
      counts[f.status] = (counts[f.status] ?? 0) + 1;
      expect(['imported', 'duplicate', 'skipped', 'failed'], f.name).toContain(f.status);
      if (f.status === 'failed' || f.status === 'skipped') expect(f.error, f.name).toMatch(/\w{4,}/);
      if (f.status === 'imported') expect(f.activityId, f.name).toBeTruthy();
    }
    console.log(`[corpus] ${sub}: ${JSON.stringify(counts)}`);
    for (const f of fitFiles.filter((x) => x.status !== 'imported')) console.log(`  ${f.status} ${f.name}: ${f.error ?? f.warnings?.join('; ')}`);
    // Real activity files must mostly import; a regression that fails them all must not pass.
    expect(counts.imported ?? 0).toBeGreaterThan(fitFiles.length / 2);
  });

  it('every imported activity is analysed: no event handler failed (multisport legs: no effort rows that collide)', async () => {
    await t.services.analysis.service.flushAll();
    expect(handlerErrors).toEqual([]);
    const ids = Object.values(jobs).flatMap((j) => j.files.filter((f) => f.status === 'imported').map((f) => f.activityId!));
    const missing: string[] = [];
    for (const id of new Set(ids)) if (!(await t.services.storage.analysis.getMetrics(LOCAL_USER_ID, id))) missing.push(id);
    expect(missing).toEqual([]);
  });

  it('keeps serving after the whole corpus', async () => {
    expect((await t.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
  });
});
