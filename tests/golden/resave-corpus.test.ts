import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto, ImportJobDto } from '../../shared/api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 13 §1 on the corpus: GoldenCheetah's re-save of an FR55 walk (manufacturer 0, sport
 * generic, its clock 224 s later than the watch's first fix, so the spans overlap by only 41 %)
 * is the same recording and becomes one activity with the watch's file kept.
 */
const corpus = corpusOrWarn();

describe.skipIf(!corpus)('corpus: a re-saved copy with a shifted clock is the same workout', () => {
  let t: TestApp;
  let job: ImportJobDto;
  beforeAll(async () => {
    t = await createTestApp();
    const dir = join(corpus!, 'fit', 'goldencheetah');
    // The poorer copy first: the watch's file must replace it.
    const id = await t.services.imports.createJobFromPaths(LOCAL_USER_ID, [join(dir, 'FR55-saved-by-GoldenCheetah.fit'), join(dir, 'FR55-CoreTemp-Walk.fit')]);
    await t.services.imports.waitFor(id);
    job = (await t.app.inject({ url: `/api/v1/imports/${id}` })).json() as ImportJobDto;
  }, 120_000);
  afterAll(async () => t?.close());

  it('keeps one activity, the watch file, listing both files as sources', async () => {
    const list = (await t.app.inject({ url: '/api/v1/activities?limit=10' })).json() as ActivityListDto;
    expect(list.items).toHaveLength(1);
    const a = list.items[0]!;
    expect(a.sport).toBe('walking');
    expect(a.startTime).toBe('2025-01-28T13:31:00.000Z');
    const meta = (await t.app.inject({ url: `/api/v1/activities/${a.id}/meta` })).json();
    expect(new Set(meta.sources.map((s: { fileName: string }) => s.fileName))).toEqual(new Set(['FR55-saved-by-GoldenCheetah.fit', 'FR55-CoreTemp-Walk.fit']));
    // Whichever file the import stored second says why (parse workers finish in either order).
    expect(job.files.flatMap((f) => f.warnings ?? []).join(' ')).toMatch(/clock shifted by 224 s/);
  });
});
