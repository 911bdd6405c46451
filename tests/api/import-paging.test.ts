/**
 * GET /imports/:id pages its rows and summarises them (issue 12, defect 5): a zip of 100,000
 * members made an 11 MB answer on every poll. Also the pieces that bound import memory: the byte
 * budget, the first-bytes sniffing and a gzip's stated size.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobDto } from '../../shared/api.js';
import { gzipStatedSize, notAnActivity, parseFile } from '../../server/ingest/parse-file.js';
import { InflightBytes } from '../../server/services/inflight-bytes.js';
import { zipBuffer } from '../helpers/archive-fixtures.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('GET /imports/:id: counts and one page of rows', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    const fit = makeFitActivity({ startTime: new Date('2023-04-01T08:00:00Z'), durationS: 120 });
    const junk = Array.from({ length: 30 }, (_, i) => ({ name: `junk/${String(i).padStart(2, '0')}.fit`, bytes: `not an activity ${i}` }));
    const zip = await zipBuffer([{ name: 'a.fit', bytes: fit }, ...junk, { name: 'notes.txt', bytes: 'hello' }]);
    const res = await t.upload([{ name: 'big.zip', bytes: zip }]);
    expect(res.status).toBe(202);
    id = res.body.id;
    await t.services.imports.waitFor(id);
  });
  afterAll(async () => t?.close());

  const get = async (qs = '') => t.app.inject({ url: `/api/v1/imports/${id}${qs}` });

  it('answers a page with the row total and counts that count an archive through its members', async () => {
    const job = (await get('?offset=5&limit=10')).json() as ImportJobDto;
    expect(job).toMatchObject({ status: 'done', offset: 5, limit: 10, filesTotal: 1 + 32, total: 33, done: 33 });
    expect(job.files).toHaveLength(10);
    const all = (await get('?limit=1000')).json() as ImportJobDto;
    expect(all.files).toHaveLength(33);
    expect(job.files).toEqual(all.files.slice(5, 15));
    // The container row (big.zip, imported) is not counted: 1 imported, 30 failed, 1 skipped.
    expect(all.counts).toEqual({ pending: 0, imported: 1, duplicate: 0, skipped: 1, failed: 30 });
    expect(all.files[0]).toMatchObject({ name: 'big.zip', status: 'imported' });
  });

  it('pages by default and past the end answers an empty page', async () => {
    const job = (await get()).json() as ImportJobDto;
    expect(job).toMatchObject({ offset: 0, limit: 500, filesTotal: 33 });
    expect(((await get('?offset=1000')).json() as ImportJobDto).files).toEqual([]);
  });

  it.each(['?limit=0', '?limit=1001', '?limit=1e309', '?offset=-1', '?offset=abc', '?limit=2.5'])('refuses %s with 400', async (qs) => {
    const res = await get(qs);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});

describe('memory bounds of an import', () => {
  it('the byte budget lets through what fits, in order, and a file larger than all of it alone', async () => {
    const b = new InflightBytes(100);
    const r1 = await b.acquire(60);
    const order: string[] = [];
    const big = b.acquire(500).then((r) => (order.push('big'), r));
    const small = b.acquire(10).then((r) => (order.push('small'), r));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]); // first come, first served: the small one waits behind the big one
    r1();
    const rBig = await big;
    expect(b.inUse).toBe(100);
    rBig();
    (await small)();
    expect(order).toEqual(['big', 'small']);
    expect(b.inUse).toBe(0);
  });

  it('the first bytes say when a file cannot be an activity, with the reason parseFile gives', () => {
    const junk = new Uint8Array(200_000).fill(0x41);
    const reason = notAnActivity(junk.subarray(0, 65536), 'data.bin');
    expect(reason).toMatch(/^not a FIT, GPX or TCX file/);
    const parsed = parseFile(junk, 'data.bin');
    expect(parsed).toEqual({ kind: 'error', reason });
    // Named or shaped like an activity, or gzip: it must be decoded to know.
    expect(notAnActivity(junk.subarray(0, 65536), 'ride.fit')).toBeNull();
    expect(notAnActivity(makeFitActivity({ durationS: 10 }).subarray(0, 65536), 'x.bin')).toBeNull();
    expect(notAnActivity(Buffer.from('<?xml version="1.0"?><gpx></gpx>'), 'x.bin')).toBeNull();
    expect(notAnActivity(gzipSync(junk).subarray(0, 65536), 'x.bin')).toBeNull();
  });

  it('a gzip bomb is refused by the size it states, before it is inflated', () => {
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
    expect(gzipStatedSize(bomb, bomb.subarray(-4))).toBe(80 * 1024 * 1024);
    expect(parseFile(bomb, 'bomb.fit.gz')).toEqual({ kind: 'error', reason: expect.stringMatching(/gzip content larger than 64 MB/) });
    const fit = makeFitActivity({ durationS: 60 });
    const ok = parseFile(gzipSync(fit), 'ride.fit.gz');
    expect(ok.kind).toBe('activities');
  });
});
