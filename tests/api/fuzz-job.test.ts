import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { mulberry32, mutateFit } from '../helpers/fit-mutate.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Mutated FIT files through the whole pipeline: the server stays up and good files in the same job import. */
describe('import job with fuzzed files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('imports the good files and gives every mutated one a final status', async () => {
    const src = makeFitActivity({ durationS: 600, withPower: true, laps: 2 });
    const rnd = mulberry32(7);
    const files = Array.from({ length: 60 }, (_, i) => ({ name: `m${i}.fit`, bytes: mutateFit(src, rnd).bytes }));
    const goods = [0, 1, 2].map((k) => ({ name: `good${k}.fit`, bytes: makeFitActivity({ durationS: 300, startTime: new Date(Date.UTC(2021, 0, 1 + k)) }) }));
    const job = await t.importAndWait([goods[0], ...files.slice(0, 30), goods[1], ...files.slice(30), goods[2]]);
    expect(job.status).toBe('done');
    expect(job.done).toBe(63);
    for (const f of job.files) {
      expect(['imported', 'duplicate', 'skipped', 'failed'], f.name).toContain(f.status);
      if (f.status === 'failed' || f.status === 'skipped') expect(f.error, f.name).toBeTruthy();
    }
    for (const g of goods) expect(job.files.find((f) => f.name === g.name)?.status).toBe('imported');
    expect((await t.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
  });
});
