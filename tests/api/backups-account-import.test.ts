import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../server/services/backup/create-backup.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 16: "in server mode an athlete can upload a desktop backup to their own account". A desktop
 * instance's backup goes into Ana's account: her activities (names, notes, gear) and health arrive
 * under her id; Ben's account and the admin's are untouched; a second upload only finds
 * duplicates; a damaged backup is refused with a clear error and nothing written.
 */
const PW = { admin: 'admin password 1', a: 'athlete A password', b: 'athlete B password' };
const root = mkdtempSync(join(tmpdir(), 'milevault-acct-import-'));
const backupFile = join(root, 'desktop.mvbackup.tar.gz');
let desktop: TestApp;
let server: ServerModeApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  desktop = await createTestApp();
  const job = await desktop.importAndWait([
    { name: 'ride.fit', bytes: makeFitActivity({ durationS: 600, sport: 'cycling', startTime: new Date('2025-04-01T07:00:00Z') }) },
    { name: 'run.fit', bytes: makeFitActivity({ durationS: 900, startTime: new Date('2025-04-02T07:00:00Z') }) },
  ]);
  const rideId = job.files[0]!.activityId!;
  const W = { 'x-milevault-client': 'test' };
  const bike = (await desktop.app.inject({ method: 'POST', url: '/api/v1/gear', payload: { name: 'Old steel', kind: 'bike' }, headers: W })).json();
  await desktop.app.inject({ method: 'PATCH', url: `/api/v1/activities/${rideId}`, payload: { name: 'Desktop ride' }, headers: W });
  await desktop.app.inject({ method: 'PATCH', url: `/api/v1/activities/${rideId}/meta`, payload: { privateNote: 'from the laptop', gearId: bike.id }, headers: W });
  await desktop.services.storage.health.upsertDaily('local', [{ metric: 'restingHrBpm', dayMs: Date.UTC(2025, 3, 1), source: 'garmin', value: 47 }]);
  await desktop.services.storage.health.upsertSamples('local', [{ metric: 'hrBpm', tMs: Date.UTC(2025, 3, 1, 3), source: 'garmin', value: 52 }]);
  // The athlete's setup: a threshold, settings, a health source priority, a segment and a route name.
  const ds = desktop.services.storage;
  await ds.thresholds.insert('local', 'thr-1', { kind: 'ftp', sport: 'cycling', value: 251, validFrom: '2025-01-01' });
  await ds.users.setSettings('local', { timeZone: 'Europe/Zurich' });
  await ds.health.setPriority('local', 'restingHrBpm', ['apple_health', 'garmin']);
  const seg = await desktop.app.inject({ method: 'POST', url: '/api/v1/segments', payload: { activityId: rideId, startOffsetS: 60, endOffsetS: 400, name: 'Desktop climb' }, headers: W });
  expect(seg.statusCode, seg.body).toBe(201);
  const routeId = (await desktop.app.inject({ url: `/api/v1/activities/${rideId}/route`, headers: W })).json().route?.routeId as string;
  expect(routeId).toBeTruthy();
  expect((await desktop.app.inject({ method: 'PATCH', url: `/api/v1/routes/${routeId}`, payload: { name: 'Laptop loop' }, headers: W })).statusCode).toBe(200);
  // The run is marked "not a record" (issue 13): the mark follows it into the account.
  const ex = await desktop.app.inject({ method: 'POST', url: '/api/v1/records/exclusions', payload: { activityId: job.files[1]!.activityId! }, headers: W });
  expect(ex.statusCode, ex.body).toBe(200);
  await createBackup({ source: { kind: 'sqlite', dataDir: desktop.dataDir }, dataDir: desktop.dataDir, outFile: backupFile });

  server = await createServerModeApp();
  cookies.admin = cookieOf(await server.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'admin@example.org', password: PW.admin } }));
  await server.req({ method: 'POST', url: '/api/v1/admin/users', payload: { email: 'ana@example.org', password: PW.a, name: 'Ana' }, cookie: cookies.admin });
  await server.req({ method: 'POST', url: '/api/v1/admin/users', payload: { email: 'ben@example.org', password: PW.b, name: 'Ben' }, cookie: cookies.admin });
  cookies.a = await server.login('ana@example.org', PW.a);
  cookies.b = await server.login('ben@example.org', PW.b);
  await server.importAs(cookies.b, [{ name: 'ben.fit', bytes: makeFitActivity({ durationS: 300, startTime: new Date('2025-04-03T07:00:00Z') }) }]);
});
afterAll(async () => {
  await desktop?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const upload = (bytes: Buffer, cookie: string) => server.req({ method: 'POST', url: '/api/v1/account/backup-import', payload: bytes, headers: { 'content-type': 'application/gzip' }, cookie });
const list = async (cookie: string) => (await server.req({ url: '/api/v1/activities?limit=50', cookie })).json().items as { id: string; name: string; sport: string }[];

describe('uploading a desktop backup into a server account', () => {
  it('brings the athlete\'s history into the caller\'s account only', async () => {
    const benBefore = await list(cookies.b);
    const res = await upload(readFileSync(backupFile), cookies.a);
    expect(res.statusCode, res.body).toBe(202);
    const r = res.json();
    expect(r).toMatchObject({ sourceUserId: 'local', activities: 2, health: { daily: 1, samples: 1, sleep: 0 }, carried: { thresholds: 1, segments: 1, settings: ['timeZone'], healthPriorities: 1 } });
    expect(r.followUp).toBeUndefined();
    await server.services.imports.waitFor(r.jobId);
    const ana = await list(cookies.a);
    expect(ana).toHaveLength(2);
    expect(ana.map((a) => a.name)).toContain('Desktop ride');
    const ride = ana.find((a) => a.name === 'Desktop ride')!;
    const meta = (await server.req({ url: `/api/v1/activities/${ride.id}/meta`, cookie: cookies.a })).json();
    expect(meta.privateNote).toBe('from the laptop');
    const gear = (await server.req({ url: '/api/v1/gear', cookie: cookies.a })).json() as { id: string; name: string }[];
    expect(gear.find((g) => g.id === meta.gearId)?.name).toBe('Old steel');
    // Health under Ana's id; nothing under the backup's "local" id, Ben's or the admin's.
    const anaId = (await server.req({ url: '/api/v1/account', cookie: cookies.a })).json().id as string;
    const h = server.services.storage.health;
    expect(await h.counts(anaId)).toEqual({ daily: 1, samples: 1, sleep: 0 });
    expect(await h.counts('local')).toEqual({ daily: 0, samples: 0, sleep: 0 });
    expect(await list(cookies.b)).toEqual(benBefore);
    expect(await list(cookies.admin)).toEqual([]);
    // Routes, segments (with the imported ride's effort), thresholds and settings came along.
    const thresholds = (await server.req({ url: '/api/v1/thresholds', cookie: cookies.a })).json() as { items: { kind: string; value: number; sport: string | null }[] };
    expect(thresholds.items.filter((t) => t.kind === 'ftp')).toMatchObject([{ value: 251, sport: 'cycling' }]);
    const settings = (await server.req({ url: '/api/v1/settings', cookie: cookies.a })).json();
    expect(settings).toMatchObject({ timeZone: 'Europe/Zurich' });
    expect((await server.req({ url: '/api/v1/health/source-priority', cookie: cookies.a })).json().metrics.restingHrBpm).toEqual(['apple_health', 'garmin']);
    const segs = (await server.req({ url: '/api/v1/segments', cookie: cookies.a })).json() as { items: { name: string; efforts: { activityId: string }[] }[] };
    expect(segs.items.map((x) => x.name)).toEqual(['Desktop climb']);
    expect(segs.items[0].efforts.map((e) => e.activityId)).toContain(ride.id);
    let routeName: string | undefined;
    for (let i = 0; i < 100 && routeName !== 'Laptop loop'; i++) {
      routeName = (await server.req({ url: `/api/v1/activities/${ride.id}/route`, cookie: cookies.a })).json().route?.name;
      if (routeName !== 'Laptop loop') await new Promise((res) => setTimeout(res, 50));
    }
    expect(routeName).toBe('Laptop loop');
    // The record exclusion is on Ana's copy of the run (applied after the import, records recomputed).
    const run = ana.find((a) => a.name !== 'Desktop ride')!;
    let excluded: { activityId: string; kind: string }[] = [];
    for (let i = 0; i < 100 && !excluded.length; i++) {
      excluded = (await server.req({ url: '/api/v1/records/exclusions', cookie: cookies.a })).json().items;
      if (!excluded.length) await new Promise((res) => setTimeout(res, 50));
    }
    expect(excluded.map((e) => [e.activityId, e.kind])).toEqual([[run.id, '*']]);
    expect((await server.req({ url: '/api/v1/records/exclusions', cookie: cookies.b })).json().items).toEqual([]);
    // Nothing of it in Ben's account.
    expect((await server.req({ url: '/api/v1/segments', cookie: cookies.b })).json().items).toEqual([]);
    expect((await server.req({ url: '/api/v1/settings', cookie: cookies.b })).json().timeZone ?? null).not.toBe('Europe/Zurich');
    // Again: duplicates only.
    const again = await upload(readFileSync(backupFile), cookies.a);
    expect(again.json().carried).toMatchObject({ thresholds: 0, segments: 0 });
    await server.services.imports.waitFor(again.json().jobId);
    expect(await list(cookies.a)).toHaveLength(2);
    expect((await server.req({ url: '/api/v1/segments', cookie: cookies.a })).json().items).toHaveLength(1);
  });

  it('refuses a truncated or tampered backup with a clear error and writes nothing', async () => {
    const bytes = readFileSync(backupFile);
    const before = await list(cookies.b);
    const cut = await upload(bytes.subarray(0, Math.floor(bytes.length / 2)), cookies.b);
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.code).toBe('bad_backup');
    const junk = await upload(Buffer.from('not a backup at all'), cookies.b);
    expect(junk.statusCode).toBe(400);
    expect(await list(cookies.b)).toEqual(before);
    const none = await server.req({ method: 'POST', url: '/api/v1/account/backup-import', cookie: cookies.b });
    expect(none.statusCode).toBe(400);
    writeFileSync(join(root, 'x'), ''); // keep root non-empty for the cleanup
  });
});
