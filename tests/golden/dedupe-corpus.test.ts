import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto } from '../../shared/api.js';
import type { ActivityMetaDto } from '../../shared/gear-api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 13 §1 on the real corpus: the same workout exported as FIT, TCX and GPX (the corpus holds
 * 11 such groups, found here by file stem, plus Garmin Connect's GPX of FR945-run-6782987395)
 * becomes one activity that lists every file as a source, whatever the order of arrival.
 */
const corpus = corpusOrWarn();

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

const stem = (name: string) => name.replace(/^GarminConnect-/, '').replace(/(\.(fit|gpx|tcx|gz))+$/i, '');

describe.skipIf(!corpus)('corpus: one workout = one activity across FIT, TCX and GPX', () => {
  let t: TestApp;
  let groups: Map<string, string[]>;

  beforeAll(async () => {
    const all = ['fit', 'tcx', 'gpx'].flatMap((f) => files(join(corpus!, f)));
    const byStem = new Map<string, string[]>();
    for (const p of all) {
      const name = p.split('/').pop()!;
      if (!/\.(fit|gpx|tcx)(\.gz)?$/i.test(name)) continue;
      byStem.set(stem(name), [...(byStem.get(stem(name)) ?? []), p]);
    }
    groups = new Map([...byStem].filter(([, v]) => v.length > 1));
    t = await createTestApp();
    // GPX and TCX first, FIT last: the richer file must replace what arrived before it.
    const order = [...groups.values()].flat().sort((a, b) => Number(/\.fit/i.test(a)) - Number(/\.fit/i.test(b)));
    const id = await t.services.imports.createJobFromPaths(LOCAL_USER_ID, order);
    await t.services.imports.waitFor(id);
  }, 600_000);
  afterAll(async () => t?.close());

  it('finds the multi-format groups', () => {
    console.log(`[dedupe] ${groups.size} multi-format groups: ${[...groups.keys()].join(', ')}`);
    expect(groups.size).toBeGreaterThanOrEqual(10);
  });

  it('stores each group once, listing every file as a source', async () => {
    const list = (await t.app.inject({ url: '/api/v1/activities?limit=500' })).json() as ActivityListDto;
    const sourcesOf = new Map<string, string[]>();
    for (const a of list.items) {
      const meta = (await t.app.inject({ url: `/api/v1/activities/${a.id}/meta` })).json() as ActivityMetaDto;
      sourcesOf.set(a.id, meta.sources.map((s) => s.fileName ?? ''));
    }
    const split: string[] = [];
    for (const [key, paths] of groups) {
      const names = paths.map((p) => p.split('/').pop()!);
      const holders = [...sourcesOf].filter(([, srcs]) => srcs.some((s) => names.includes(s))).map(([id]) => id);
      if (holders.length !== 1) split.push(`${key}: ${holders.length} activities for ${names.join(', ')}`);
      else expect(new Set(sourcesOf.get(holders[0]))).toEqual(new Set(names));
    }
    expect(split).toEqual([]);
    // Every group kept a FIT when it had one (the richest format wins).
    for (const [, paths] of groups) {
      if (!paths.some((p) => /\.fit/i.test(p))) continue;
      const names = paths.map((p) => p.split('/').pop()!);
      const holder = [...sourcesOf].find(([, srcs]) => srcs.some((s) => names.includes(s)))!;
      const a = list.items.find((x) => x.id === holder[0])!;
      expect(a.format, names.join(', ')).toBe('fit');
    }
  });

  it('counts the FR945 run of 10 June 2019 once in its week (was 42.10 km for one 14 km run)', async () => {
    const list = (await t.app.inject({ url: '/api/v1/activities?from=2019-06-08&to=2019-06-16&limit=50' })).json() as ActivityListDto;
    const km = list.items.reduce((s, a) => s + (a.distanceM ?? 0), 0) / 1000;
    expect(km).toBeGreaterThan(13);
    expect(km).toBeLessThan(15);
  });
});
