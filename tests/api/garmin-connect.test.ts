import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOAuth1 } from '../../server/services/garmin-connect/oauth1.js';
import { aesGcmEncryptor } from '../../server/services/garmin-connect/token-crypto.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { zipBuffer } from '../helpers/archive-fixtures.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const H = { 'x-milevault-client': 'test' };
const CONSUMER = { consumerKey: 'fake-consumer', consumerSecret: 'fake-consumer-secret' };

/**
 * A local fake of Garmin's SSO and Connect API, with the shapes garth documents: the embed/signin
 * pages with a _csrf field and a ticket, OAuth1-signed preauthorized and exchange endpoints, the
 * activity list, the zip download and the daily wellness endpoints. Knobs: token lifetime, 429s,
 * and the activity list's field names.
 */
function fakeGarmin() {
  const s = {
    password: 'correct horse',
    accessTtlS: 3600,
    rateLimitNext: 0,
    exchanges: 0,
    downloads: [] as string[],
    changedFields: false,
    activities: [
      { activityId: 1001, activityName: 'Morning Run', startTimeGMT: '2024-03-01 06:00:00', activityType: { typeKey: 'running' } },
      { activityId: 1002, activityName: 'Evening Run', startTimeGMT: '2024-03-02 18:00:00', activityType: { typeKey: 'running' } },
    ] as Record<string, unknown>[],
    access: new Set<string>(),
  };
  const app: FastifyInstance = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.get('/sso/embed', async (_q, r) => r.header('set-cookie', 'GARMIN-SSO=1; Path=/').type('text/html').send('<html>embed</html>'));
  app.get('/sso/signin', async (q, r) => {
    if (!String(q.headers.cookie).includes('GARMIN-SSO=1')) return r.status(403).send('no session');
    return r.header('set-cookie', 'SESSION=abc; Path=/').type('text/html').send('<form><input type="hidden" name="_csrf" value="csrf-123"/></form>');
  });
  app.post('/sso/signin', async (q, r) => {
    const b = q.body as Record<string, string>;
    if (b._csrf !== 'csrf-123') return r.status(403).send('csrf');
    if (b.password !== s.password) return r.type('text/html').send('<html><head><title>GARMIN Authentication Application</title></head><body>Invalid sign in</body></html>');
    return r.type('text/html').send('<html><head><title>Success</title></head><body><script>var response_url = "https://sso.garmin.com/sso/embed?ticket=ST-0123-fake-cas";</script></body></html>');
  });
  const origin = () => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  app.get('/oauth-service/oauth/preauthorized', async (q, r) => {
    if (!verifyOAuth1('GET', `${origin()}${q.url}`, String(q.headers.authorization), CONSUMER)) return r.status(401).send('bad signature');
    if ((q.query as { ticket: string }).ticket !== 'ST-0123-fake-cas') return r.status(401).send('bad ticket');
    return r.type('text/plain').send('oauth_token=o1-token&oauth_token_secret=o1-secret&mfa_token=');
  });
  app.post('/oauth-service/oauth/exchange/user/2.0', async (q, r) => {
    if (!verifyOAuth1('POST', `${origin()}${q.url}`, String(q.headers.authorization), { ...CONSUMER, token: 'o1-token', tokenSecret: 'o1-secret' })) return r.status(401).send('bad signature');
    s.exchanges++;
    const token = `access-${s.exchanges}`;
    s.access.clear();
    s.access.add(token);
    return { scope: 'CONNECT_READ', jti: 'x', access_token: token, token_type: 'Bearer', refresh_token: `refresh-${s.exchanges}`, expires_in: s.accessTtlS, refresh_token_expires_in: 7200 };
  });
  app.addHook('onRequest', async (q, r) => {
    if (q.url.startsWith('/sso') || q.url.startsWith('/oauth-service')) return;
    if (s.rateLimitNext > 0) {
      s.rateLimitNext--;
      return r.status(429).header('retry-after', '120').send({ message: 'Too Many Requests' });
    }
    if (!s.access.has(String(q.headers.authorization).replace('Bearer ', ''))) return r.status(401).send({ message: 'expired' });
  });
  app.get('/userprofile-service/socialProfile', async () => ({ displayName: 'athlete-123', fullName: 'A. Thlete' }));
  app.get('/activitylist-service/activities/search/activities', async (q) => {
    const { start, limit } = q.query as { start: string; limit: string };
    const list = s.changedFields ? s.activities.map((a) => ({ activityId: String(a.activityId), beginTimestamp: Date.parse(`${String(a.startTimeGMT).replace(' ', 'T')}Z`), activityName: a.activityName })) : s.activities;
    return [...list].reverse().slice(Number(start), Number(start) + Number(limit));
  });
  app.get('/download-service/files/activity/:id', async (q, r) => {
    const id = (q.params as { id: string }).id;
    s.downloads.push(id);
    const a = s.activities.find((x) => String(x.activityId) === id)!;
    // A different pace each: identical tracks at shifted clocks are one recording to the dedupe.
    const fit = makeFitActivity({ startTime: new Date(`${String(a.startTimeGMT).replace(' ', 'T')}Z`), durationS: 300, speedMps: 2 + (Number(id) % 10) * 0.4 });
    return r.type('application/x-zip-compressed').send(await zipBuffer([{ name: `${id}_ACTIVITY.fit`, bytes: fit }]));
  });
  app.get('/usersummary-service/usersummary/daily/:name', async (q) => ({ calendarDate: (q.query as { calendarDate: string }).calendarDate, totalSteps: 12345, restingHeartRate: 48, averageStressLevel: 25, bodyBatteryHighestValue: 90 }));
  app.get('/wellness-service/wellness/dailySleepData/:name', async (q) => ({ dailySleepDTO: { calendarDate: (q.query as { date: string }).date, sleepTimeSeconds: 27000, deepSleepSeconds: 5400, lightSleepSeconds: 16200, remSleepSeconds: 5400, awakeSleepSeconds: 600 } }));
  return { app, s, origin };
}

describe('Garmin Connect sync against a local fake Garmin', () => {
  let t: TestApp;
  let fake: ReturnType<typeof fakeGarmin>;
  let nowMs = Date.parse('2024-03-03T12:00:00Z');
  beforeAll(async () => {
    fake = fakeGarmin();
    await fake.app.listen({ host: '127.0.0.1', port: 0 });
    t = await createTestApp();
    t.services.autoIngest.garmin.configure({ urls: { sso: fake.origin(), api: fake.origin(), ...CONSUMER }, now: () => nowMs });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.app.close();
  });

  const status = async () => (await t.app.inject({ url: '/api/v1/garmin' })).json();
  const sync = async (body: object = {}) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/garmin/sync', headers: H, payload: body });
    expect(r.statusCode).toBe(202);
    await t.services.autoIngest.jobs.waitFor(r.json().id);
    return (await t.app.inject({ url: `/api/v1/jobs/${r.json().id}` })).json();
  };

  it('is off by default; a bad password is refused plainly and nothing is stored', async () => {
    expect(await status()).toMatchObject({ enabled: false, connected: false, status: 'signed-out' });
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/garmin/connect', headers: H, payload: { username: 'a@b.c', password: 'wrong' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/did not accept the e-mail and password/);
    expect(await status()).toMatchObject({ connected: false, lastError: expect.stringMatching(/did not accept/) });
  });

  it('signs in once, keeps only encrypted tokens, first sync imports activities and wellness, the next is incremental', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/garmin/connect', headers: H, payload: { username: 'a@b.c', password: 'correct horse' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ enabled: true, connected: true, status: 'idle', intervalMin: 30 });
    const raw = JSON.stringify(await t.services.storage.sourceState.get(LOCAL_USER_ID, 'garmin-connect'));
    expect(raw).not.toMatch(/correct horse|o1-secret|access-1/);

    const first = await sync();
    expect(first.error).toBeNull();
    expect(first.status).toBe('done');
    expect(first.result.activities).toBe(2);
    expect(first.result.counts).toEqual({ imported: 2 });
    expect(first.result.wellnessDays).toBe(3);
    expect((await t.app.inject({ url: '/api/v1/activities' })).json().total).toBe(2);
    const daily = (await t.app.inject({ url: '/api/v1/health/daily?from=2024-03-01&to=2024-03-03' })).json();
    expect(JSON.stringify(daily)).toMatch(/12345/);

    fake.s.activities.push({ activityId: 1003, activityName: 'Ride', startTimeGMT: '2024-03-03 08:00:00', activityType: { typeKey: 'cycling' } });
    fake.s.downloads.length = 0;
    const second = await sync();
    expect(second.result.activities).toBe(1);
    expect(fake.s.downloads).toEqual(['1003']);
    expect(second.result.counts).toEqual({ imported: 1 });
    expect((await status()).lastSyncAt).not.toBeNull();
  });

  it('renews an expired token, backs off on 429 with the error visible, reads changed field names, backfills a range', async () => {
    nowMs += 2 * 3600_000; // past the access token's lifetime
    const exchanges = fake.s.exchanges;
    const renewed = await sync();
    expect(renewed.status).toBe('done');
    expect(fake.s.exchanges).toBe(exchanges + 1);

    fake.s.rateLimitNext = 1;
    nowMs += 3600_000;
    const limited = await sync();
    expect(limited.status).toBe('failed');
    expect(limited.error).toMatch(/429/);
    const st = await status();
    expect(st.status).toBe('backoff');
    expect(Date.parse(st.backoffUntil) - nowMs).toBe(120_000); // Retry-After
    expect(await t.services.autoIngest.garmin.tick()).toEqual([]); // the schedule waits out the backoff
    nowMs += 121_000;
    const started = await t.services.autoIngest.garmin.tick();
    expect(started).toHaveLength(1);
    await t.services.autoIngest.jobs.waitFor(started[0]);
    expect((await status()).status).toBe('idle');

    fake.s.changedFields = true;
    fake.s.activities.push({ activityId: 1004, activityName: 'Swim', startTimeGMT: '2024-03-04 07:00:00', activityType: { typeKey: 'swimming' } });
    nowMs += 3600_000;
    const changed = await sync();
    expect(changed.result.activities).toBe(1);
    expect(changed.result.counts).toEqual({ imported: 1 });

    // Backfill of a range: already known activities are not downloaded again; the import dedupes anyway.
    fake.s.downloads.length = 0;
    const back = await sync({ from: '2024-03-01', to: '2024-03-02' });
    expect(back.status).toBe('done');
    expect(fake.s.downloads).toEqual([]);
    expect(back.result.wellnessDays).toBe(2);
    expect((await t.app.inject({ url: '/api/v1/activities' })).json().total).toBe(4);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/garmin/sync', headers: H, payload: { from: '2024-02-31' } })).statusCode).toBe(400);
    const sched = (await t.app.inject({ url: '/api/v1/schedules' })).json().items.find((x: { id: string }) => x.id === 'garmin-sync');
    expect(sched).toMatchObject({ every: 'every 30 min', enabled: true, lastRun: { status: 'done' } });
  });

  it('tokens are sealed with AES-256-GCM: tampering is detected', () => {
    const e = aesGcmEncryptor(Buffer.alloc(32, 7));
    const sealed = e.encrypt('{"a":1}');
    expect(e.decrypt(sealed)).toBe('{"a":1}');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('{"a":2}').toString('base64');
    expect(() => e.decrypt(parts.join('.'))).toThrow();
  });
});
