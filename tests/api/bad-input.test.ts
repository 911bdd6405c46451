import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDetailDto, ActivityListDto } from '../../shared/api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Bad input gets a clear per-file error, the server keeps serving, nothing stored changes. */
describe('imports: bad input', () => {
  let t: TestApp;
  let before: ActivityDetailDto;
  const good = makeFitActivity({ durationS: 1800 });
  const LIMIT = 256 * 1024;

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: LIMIT });
    const job = await t.importAndWait([{ name: 'good.fit', bytes: good }]);
    before = (await t.app.inject({ url: `/api/v1/activities/${job.files[0].activityId}` })).json();
  });
  afterAll(async () => t?.close());

  it('rejects an upload with no files, and a non-multipart body', async () => {
    const empty = await t.upload([]);
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: { code: 'no_files', message: expect.any(String) } });
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: { files: [] } });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('unsupported_media_type');
  });

  it('gives each bad file its own clear error while the good one in the same job imports', async () => {
    const other = makeFitActivity({ durationS: 900, startTime: new Date('2026-02-02T09:00:00Z') });
    const truncated = good.slice(0, Math.floor(good.length * 0.6));
    const job = await t.importAndWait([
      { name: 'notes.fit', bytes: new TextEncoder().encode('these are my training notes, not a FIT file\n'.repeat(20)) },
      { name: 'empty.fit', bytes: new Uint8Array(0) },
      { name: 'huge.fit', bytes: new Uint8Array(LIMIT + 10).fill(7) },
      { name: 'cut.fit', bytes: truncated },
      { name: 'other.fit', bytes: other },
    ]);
    expect(job.status).toBe('done');
    expect(job.done).toBe(5);
    const [text, empty, huge, cut, ok] = job.files;
    expect(text.status).toBe('failed');
    expect(text.error).toMatch(/not a FIT/i);
    expect(empty).toMatchObject({ status: 'failed', error: expect.stringMatching(/empty/) });
    expect(huge).toMatchObject({ status: 'failed', error: expect.stringMatching(/limit/) });
    // A truncated file (the watch died) keeps what was recorded before the cut, with a warning.
    expect(cut.status).toBe('imported');
    expect(cut.warnings?.join(' ')).toMatch(/truncat|cut|end of file|CRC/i);
    expect(ok.status).toBe('imported');
  });

  it('keeps serving and leaves stored data unchanged', async () => {
    const health = await t.app.inject({ url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    const after = (await t.app.inject({ url: `/api/v1/activities/${before.id}` })).json();
    expect(after).toEqual(before);
    const list = (await t.app.inject({ url: '/api/v1/activities' })).json() as ActivityListDto;
    expect(list.total).toBe(3);
  });
});

describe('auth with a launch token', () => {
  let t: TestApp;
  const token = 'a'.repeat(64);
  beforeAll(async () => {
    t = await createTestApp({ authToken: token });
  });
  afterAll(async () => t?.close());

  it('refuses the API without the token but keeps health open', async () => {
    const res = await t.app.inject({ url: '/api/v1/activities' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    expect((await t.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/activities', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
  });

  it('accepts a Bearer header, and a cookie set by /auth/launch', async () => {
    expect((await t.app.inject({ url: '/api/v1/activities', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/auth/launch?token=nope' })).statusCode).toBe(401);
    const launch = await t.app.inject({ url: `/auth/launch?token=${token}` });
    expect(launch.statusCode).toBe(302);
    const cookie = String(launch.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    const res = await t.app.inject({ url: '/api/v1/activities', headers: { cookie: cookie.split(';')[0] } });
    expect(res.statusCode).toBe(200);
  });
});
