import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto, ImportJobDto } from '../../shared/api.js';
import type { ActivityMetaDto } from '../../shared/gear-api.js';
import { zipBuffer, type ZipEntry } from '../helpers/archive-fixtures.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const corpus = corpusOrWarn();
const sample = corpus ? join(corpus, 'strava', 'sportiva-export') : null;

/** The real (anonymised) Strava export subset, zipped in memory as Strava ships it; read in place. */
function sampleEntries(dir: string): ZipEntry[] {
  const out: ZipEntry[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: relative(dir, p), bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(!sample)('real Strava export sample (corpus strava/sportiva-export)', () => {
  let t: TestApp;
  let job: ImportJobDto;
  beforeAll(async () => {
    t = await createTestApp();
    job = await t.importAndWait([{ name: 'sportiva-export.zip', bytes: await zipBuffer(sampleEntries(sample!)) }]);
  });
  afterAll(async () => t?.close());

  it('imports the two activities whose files are present, with names, types and descriptions from the CSV', async () => {
    expect(job.status).toBe('done');
    expect(job.files[0].warnings?.[0]).toMatch(/Strava export: 23 activities/);
    const list = (await t.app.inject({ url: '/api/v1/activities' })).json() as ActivityListDto;
    expect(list.total).toBe(2);
    const hike = list.items.find((a) => a.name === 'Greolières - Cheiron : randonnée')!;
    expect(hike).toMatchObject({ sport: 'hiking', format: 'gpx', startTime: '2022-05-02T08:54:21.000Z' });
    const meta = (await t.app.inject({ url: `/api/v1/activities/${hike.id}/meta` })).json() as ActivityMetaDto;
    expect(meta).toMatchObject({ description: 'Avec mon papounet', commute: false, source: 'strava' });
    // Row 7083412669 points to a file numbered differently (FORMATS.md §5).
    expect(meta.sources[0]).toMatchObject({ source: 'strava', externalId: '7083412669' });
    expect(list.items.find((a) => a.name === 'Pogačar on a Bixi')).toMatchObject({ sport: 'cycling', format: 'gpx' });
  });

  it('reports every CSV row whose file is not in this subset as failed with the reason', () => {
    const missing = job.files.filter((f) => f.status === 'failed');
    expect(missing).toHaveLength(21);
    for (const f of missing) expect(f.error).toMatch(/names activities\/\d+\.gpx(\.gz)? which is not in the archive|, which is not in the archive/);
    expect(job.files.find((f) => f.name.endsWith('followers.csv'))?.status).toBe('skipped');
  });
});
