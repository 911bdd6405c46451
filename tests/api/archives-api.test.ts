import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDetailDto, ActivityListDto, ImportJobDto } from '../../shared/api.js';
import type { ActivityMetaDto, GearDto, ImportPreviewDto } from '../../shared/gear-api.js';
import { DEFAULT_ZIP_LIMITS } from '../../server/services/archive/zip-limits.js';
import { bombEntry, corruptMember, makeGarminExport, makeStravaExport, renameMember, zipBuffer, type StravaFixtureActivity } from '../helpers/archive-fixtures.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, multipartBody, type TestApp } from '../helpers/test-app.js';

const byName = (job: ImportJobDto, part: string) => job.files.find((f) => f.name.endsWith(part));

async function activities(t: TestApp): Promise<ActivityListDto> {
  return (await t.app.inject({ url: '/api/v1/activities?limit=500' })).json() as ActivityListDto;
}
async function meta(t: TestApp, id: string): Promise<ActivityMetaDto> {
  return (await t.app.inject({ url: `/api/v1/activities/${id}/meta` })).json() as ActivityMetaDto;
}

describe('Strava export import (generated zip)', () => {
  let t: TestApp;
  let job: ImportJobDto;
  const ride: StravaFixtureActivity = { id: '101', startTime: new Date('2024-05-01T06:00:00Z'), name: 'Morning commute', type: 'Ride', description: 'Windy', commute: true, gear: 'Red Bike', perceivedExertion: 6, file: 'fit.gz', fileId: '555', media: ['media/1111-aaaa.jpg'] };
  const run: StravaFixtureActivity = { id: '102', startTime: new Date('2024-05-02T17:00:00Z'), name: 'Tempo, "hard"', type: 'Run', description: 'Line 1\nLine 2', privateNote: 'knee ok', gear: 'Trail Shoes', file: 'gpx' };
  const gym: StravaFixtureActivity = { id: '103', startTime: new Date('2024-05-03T18:00:00Z'), name: 'Gym', type: 'Weight Training', durationS: 2700, file: 'none' };
  const missing: StravaFixtureActivity = { id: '104', startTime: new Date('2024-05-04T18:00:00Z'), name: 'Lost', type: 'Run', file: 'fit' };

  beforeAll(async () => {
    t = await createTestApp();
    const zip = await makeStravaExport([ride, run, gym, missing], [{ name: 'bikes.csv', bytes: 'Bike Name,Bike Brand,Bike Model,Bike Default Sport Types\nRed Bike,Canyon,Endurace,Ride\n' }]);
    // The 4th row's file is left out of the zip on purpose.
    const { readEntries } = await import('../helpers/zip-read.js');
    const entries = (await readEntries(zip)).filter((e) => e.name !== 'activities/104.fit');
    job = await t.importAndWait([{ name: 'export_123.zip', bytes: await zipBuffer(entries) }]);
  });
  afterAll(async () => t?.close());

  it('grows the job to one row per member, each with its own result', () => {
    expect(job.status).toBe('done');
    expect(job.total).toBe(job.files.length);
    expect(job.done).toBe(job.total);
    expect(job.files[0]).toMatchObject({ name: 'export_123.zip', status: 'imported' });
    expect(job.files[0].warnings?.[0]).toMatch(/Strava export: 4 activities/);
    expect(byName(job, 'activities/555.fit.gz')?.status).toBe('imported');
    expect(byName(job, 'activities/102.gpx')?.status).toBe('imported');
    expect(byName(job, '#103 (no file)')?.status).toBe('imported');
    expect(byName(job, 'activities/104.fit')).toMatchObject({ status: 'failed', error: expect.stringMatching(/not in the archive/) });
    expect(byName(job, 'profile.csv')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/not activity data/) });
  });

  it('applies names, types, descriptions, notes, commute, effort and gear from the CSV', async () => {
    const a = await activities(t);
    expect(a.total).toBe(3);
    const r = a.items.find((x) => x.name === 'Morning commute')!;
    expect(r).toMatchObject({ sport: 'cycling', format: 'fit' });
    const m = await meta(t, r.id);
    expect(m).toMatchObject({ description: 'Windy', commute: true, perceivedExertion: 6, source: 'strava' });
    expect(m.sources).toEqual([expect.objectContaining({ source: 'strava', externalId: '101' })]);
    const gear = (await t.app.inject({ url: '/api/v1/gear' })).json() as GearDto[];
    const bike = gear.find((g) => g.name === 'Red Bike')!;
    expect(bike).toMatchObject({ kind: 'bike', brand: 'Canyon', model: 'Endurace', activityCount: 1 });
    expect(bike.totalDistanceM).toBeCloseTo(r.distanceM!, 0);
    expect(m.gearId).toBe(bike.id);
    const tempo = a.items.find((x) => x.name === 'Tempo, "hard"')!;
    expect(tempo).toMatchObject({ sport: 'running', format: 'gpx' });
    expect(await meta(t, tempo.id)).toMatchObject({ description: 'Line 1\nLine 2', privateNote: 'knee ok' });
    expect(gear.find((g) => g.name === 'Trail Shoes')).toMatchObject({ kind: 'shoes', activityCount: 1 });
  });

  it('stores a manual entry as an activity without streams, with the CSV figures', async () => {
    const gym = (await activities(t)).items.find((x) => x.name === 'Gym')!;
    expect(gym).toMatchObject({ sport: 'training', subSport: 'strength_training', sampleCount: 0, hasGps: false, elapsedTimeS: 2700 });
    expect(gym.startTime).toBe('2024-05-03T18:00:00.000Z');
  });

  it('keeps photos from media/ with their activity', async () => {
    const r = (await activities(t)).items.find((x) => x.name === 'Morning commute')!;
    const m = await meta(t, r.id);
    expect(m.media).toHaveLength(1);
    const res = await t.app.inject({ url: `/api/v1/activities/${r.id}/media/${m.media[0].sha256}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.body).toBe('JPEG-101-media/1111-aaaa.jpg');
  });

  it('importing the same zip again changes nothing and says duplicate', async () => {
    const again = await t.importAndWait([{ name: 'export_123.zip', bytes: await makeStravaExport([ride, run, gym]) }]);
    expect(again.files.filter((f) => f.name.includes(' › ') && /activities\/|#103/.test(f.name)).map((f) => f.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect((await activities(t)).total).toBe(3);
  });

  it('gear: edit, retire, default per sport, assignment on an activity', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/gear', payload: { name: 'Spare Shoes', kind: 'shoes', defaultForSports: ['running'], initialDistanceM: 1000 } });
    expect(created.statusCode).toBe(201);
    const g = created.json() as GearDto;
    expect(g).toMatchObject({ totalDistanceM: 1000, activityCount: 0, retired: false });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/gear', payload: { name: 'spare shoes' } })).statusCode).toBe(409);
    const tempo = (await activities(t)).items.find((x) => x.sport === 'running')!;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${tempo.id}/meta`, payload: { gearId: g.id } });
    expect(patched.statusCode).toBe(200);
    const after = (await t.app.inject({ url: `/api/v1/gear/${g.id}` })).json() as GearDto;
    expect(after.activityCount).toBe(1);
    expect(after.totalDistanceM).toBeCloseTo(1000 + tempo.distanceM!, 0);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/gear/${g.id}`, payload: { retired: true } })).json()).toMatchObject({ retired: true });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${tempo.id}/meta`, payload: { gearId: 'nope' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/gear/${g.id}` })).statusCode).toBe(204);
    expect((await meta(t, tempo.id)).gearId).toBeNull();
  });

  it('a new activity gets the default gear of its sport', async () => {
    const g = (await t.app.inject({ method: 'POST', url: '/api/v1/gear', payload: { name: 'Daily Trainer', kind: 'shoes', defaultForSports: ['running'] } })).json() as GearDto;
    const j = await t.importAndWait([{ name: 'new.fit', bytes: makeFitActivity({ startTime: new Date('2025-01-01T08:00:00Z'), durationS: 300 }) }]);
    expect((await meta(t, j.files[0].activityId!)).gearId).toBe(g.id);
  });
});

describe('dry run', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t?.close());

  it('reports what would happen and writes nothing', async () => {
    const list: StravaFixtureActivity[] = [
      { id: '1', startTime: new Date('2023-01-01T08:00:00Z'), name: 'A', type: 'Run', file: 'fit' },
      { id: '2', startTime: new Date('2023-01-02T08:00:00Z'), name: 'B', type: 'Run', file: 'none' },
    ];
    const zip = await makeStravaExport(list);
    await t.importAndWait([{ name: 'a.fit', bytes: makeFitActivity({ startTime: list[0].startTime, durationS: 600, sport: 'running' }) }]);
    const { payload, headers } = multipartBody([{ name: 'export.zip', bytes: zip }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports?dryRun=true', payload, headers });
    expect(res.statusCode).toBe(200);
    const p = res.json() as ImportPreviewDto;
    expect(p.dryRun).toBe(true);
    expect(p.files.find((f) => f.name.endsWith('activities/1.fit'))?.status).toBe('duplicate');
    expect(p.files.find((f) => f.name.endsWith('#2 (no file)'))?.status).toBe('imported');
    expect(p.counts).toMatchObject({ duplicate: 1, skipped: 1 });
    expect((await activities(t)).total).toBe(1);
    expect((await t.app.inject({ url: '/api/v1/gear' })).json()).toEqual([]);
    expect(((await t.app.inject({ url: '/api/v1/imports' })).json() as unknown[]).length).toBe(1);
  });
});

describe('Garmin account export import (generated zip)', () => {
  let t: TestApp;
  let job: ImportJobDto;
  beforeAll(async () => {
    t = await createTestApp();
    // First without the health importer (an optional capability): wellness must be reported, not dropped.
    t.services.imports.setHealth(null);
    const zip = await makeGarminExport(
      [
        { activityId: '9001', uploadId: '77001', startTime: new Date('2025-06-01T05:00:00Z'), name: 'Lakeside loop', activityType: 'trail_running', gearPk: 5 },
        { activityId: '9002', uploadId: '77002', startTime: new Date('2025-06-03T05:00:00Z'), name: 'Intervals', activityType: 'running' },
        { activityId: '9003', uploadId: '0', startTime: new Date('2025-06-04T17:00:00Z'), name: 'Gym session', activityType: 'strength_training', noFile: true, durationS: 3000 },
      ],
      { gear: [{ gearPk: 5, displayName: 'Speedgoat', gearTypeName: 'Shoes' }] },
    );
    job = await t.importAndWait([{ name: 'garmin_export.zip', bytes: zip }]);
  });
  afterAll(async () => t?.close());

  it('imports originals from the nested zip, joined to summaries by start time', async () => {
    expect(job.status).toBe('done');
    expect(byName(job, 'athlete@example.org_77001.fit')?.status).toBe('imported');
    const a = await activities(t);
    expect(a.items.map((x) => x.name).sort()).toEqual(['Gym session', 'Intervals', 'Lakeside loop']);
    const loop = a.items.find((x) => x.name === 'Lakeside loop')!;
    expect(loop).toMatchObject({ sport: 'running', format: 'fit' });
    const m = await meta(t, loop.id);
    expect(m.source).toBe('garmin');
    const gear = (await t.app.inject({ url: '/api/v1/gear' })).json() as GearDto[];
    expect(m.gearId).toBe(gear.find((g) => g.name === 'Speedgoat')!.id);
    expect(a.items.find((x) => x.name === 'Gym session')).toMatchObject({ sampleCount: 0, sport: 'training', elapsedTimeS: 3000 });
  });

  it('reports wellness files as waiting for the health importer, never drops them', () => {
    expect(byName(job, '_sleepData.json')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/waiting for the health importer/) });
    expect(byName(job, 'UDSFile_2025-11-01_2026-02-09.json')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/waiting for the health importer/) });
    expect(byName(job, '_personalRecord.json')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/computed by MileVault/) });
  });

  it('routes wellness files to the health importer when it exists', async () => {
    const seen: string[] = [];
    t.services.imports.setHealth({ ingestGarminExportFile: async (_u: string, name: string) => (seen.push(name), { status: 'imported' as const }) });
    const zip = await makeGarminExport([]);
    const j = await t.importAndWait([{ name: 'g2.zip', bytes: zip }]);
    expect(seen.sort()).toEqual(['DI_CONNECT/DI-Connect-Aggregator/UDSFile_2025-11-01_2026-02-09.json', 'DI_CONNECT/DI-Connect-Wellness/2025-11-01_2026-02-09_123_sleepData.json']);
    expect(byName(j, '_sleepData.json')?.status).toBe('imported');
  });
});

describe.each(['sqlite', 'postgres'])('the same activity from Strava, Garmin and a loose FIT is stored once (%s)', (kind) => {
  let t: TestApp;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await createTestDatabase();
      expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
      drop = db!.drop;
      t = await createTestApp({ databaseUrl: db!.url });
    } else t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('keeps the original FIT over the Strava GPX and merges metadata', async () => {
    const start = new Date('2024-09-10T06:30:00Z');
    const strava = await makeStravaExport([{ id: '555', startTime: start, name: 'Sunrise run', type: 'Run', description: 'From Strava', gear: 'Trail Shoes', file: 'gpx', durationS: 900 }]);
    const j1 = await t.importAndWait([{ name: 'strava.zip', bytes: strava }]);
    expect(byName(j1, 'activities/555.gpx')?.status).toBe('imported');
    // The watch's own file, 2 s later in its first record: richer, so it replaces the Strava GPX.
    const fit = makeFitActivity({ startTime: new Date(start.getTime() + 2000), durationS: 900 });
    const j2 = await t.importAndWait([{ name: 'watch.fit', bytes: fit }]);
    expect(j2.files[0].status).toBe('imported');
    expect(j2.files[0].warnings?.join(' ')).toMatch(/replaced ".*", a poorer copy/);
    // Garmin's copy: the same device (serial), a slightly different file.
    const garmin = await makeGarminExport([{ activityId: '31', uploadId: '41', startTime: new Date(start.getTime() + 1000), name: 'Garmin name', activityType: 'running', durationS: 899 }]);
    const j3 = await t.importAndWait([{ name: 'garmin.zip', bytes: garmin }]);
    expect(byName(j3, '_41.fit')).toMatchObject({ status: 'duplicate', warnings: [expect.stringMatching(/same device/)] });
    const a = await activities(t);
    expect(a.total).toBe(1);
    expect(a.items[0]).toMatchObject({ format: 'fit', name: 'Sunrise run', sport: 'running' });
    const m = await meta(t, a.items[0].id);
    expect(m.description).toBe('From Strava');
    expect(m.sources.map((s) => s.source).sort()).toEqual(['file', 'garmin', 'strava']);
    const detail = (await t.app.inject({ url: `/api/v1/activities/${a.items[0].id}` })).json() as ActivityDetailDto;
    expect(detail.sampleCount).toBe(901);
  });
});

describe('hostile and damaged zips: a clear error per member, the rest continue', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => {
    t.services.imports.archiveLimits = DEFAULT_ZIP_LIMITS;
    await t?.close();
  });

  it('refuses traversal names, bombs and corrupt members; imports the good one', async () => {
    const good = makeFitActivity({ startTime: new Date('2022-02-02T10:00:00Z'), durationS: 300 });
    const other = makeFitActivity({ startTime: new Date('2022-02-03T10:00:00Z'), durationS: 300 });
    let zip = await zipBuffer([
      { name: 'good.fit', bytes: good },
      { name: 'xx/evil.fit', bytes: other },
      bombEntry('bomb.fit'),
      { name: 'broken.fit', bytes: makeFitActivity({ startTime: new Date('2022-02-04T10:00:00Z'), durationS: 1200 }) },
      { name: 'notes.txt', bytes: 'hello' },
      { name: 'copy/good.fit', bytes: good },
    ]);
    zip = corruptMember(renameMember(zip, 'xx/evil.fit', '../evil.fit'), 'broken.fit');
    const job = await t.importAndWait([{ name: 'hostile.zip', bytes: zip }]);
    expect(job.status).toBe('done');
    expect(byName(job, 'good.fit')?.status).toBe('imported');
    expect(byName(job, '../evil.fit')).toMatchObject({ status: 'failed', error: expect.stringMatching(/outside the archive/) });
    expect(byName(job, 'bomb.fit')).toMatchObject({ status: 'failed', error: expect.stringMatching(/zip bomb/) });
    expect(byName(job, 'broken.fit')).toMatchObject({ status: 'failed', error: expect.stringMatching(/corrupt|invalid|not a FIT|CRC/i) });
    expect(byName(job, 'notes.txt')?.status).toBe('skipped');
    // The same bytes twice in one archive, imported in parallel: stored once.
    expect(byName(job, 'copy/good.fit')?.status).toBe('duplicate');
    expect((await activities(t)).total).toBe(1);
  });

  it('stops at the member-count and total-size limits with a clear message', async () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}.fit`, bytes: makeFitActivity({ startTime: new Date(Date.UTC(2021, 0, 1 + i)), durationS: 120 }) }));
    t.services.imports.archiveLimits = { ...DEFAULT_ZIP_LIMITS, maxMembers: 5 };
    const j1 = await t.importAndWait([{ name: 'many.zip', bytes: await zipBuffer(entries) }]);
    expect(j1.files).toHaveLength(1 + 5);
    expect(j1.files[0].warnings?.join(' ')).toMatch(/3 further members were not read/);
    const size = entries[0].bytes.length;
    t.services.imports.archiveLimits = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: size * 2.5 };
    const j2 = await t.importAndWait([{ name: 'big.zip', bytes: await zipBuffer(entries.slice(5)) }]);
    expect(j2.files.filter((f) => f.status === 'failed').map((f) => f.error)).toEqual([expect.stringMatching(/total-size limit/)]);
  });

  it('an activities.csv in an unknown layout fails the archive clearly; its files still import', async () => {
    const fit = makeFitActivity({ startTime: new Date('2020-05-05T05:05:05Z'), durationS: 200 });
    const zip = await zipBuffer([{ name: 'activities.csv', bytes: 'ID aktivity,Datum aktivity,Název\n1,x,y\n' }, { name: 'activities/1.fit', bytes: fit }]);
    const job = await t.importAndWait([{ name: 'cz-export.zip', bytes: zip }]);
    expect(job.files[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/layout we do not know \(3 columns.*imported without their Strava names/) });
    expect(byName(job, 'activities/1.fit')?.status).toBe('imported');
  });

  it('a file that is not a zip fails clearly', async () => {
    const job = await t.importAndWait([{ name: 'fake.zip', bytes: Buffer.from('not a zip at all, really not') }]);
    expect(job.files[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/zip archive cannot be read/) });
  });
});

describe('milevault import --dry-run', () => {
  it('prints what would be imported and writes nothing', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runImport } = await import('../../server/cli/import.command.js');
    const { createServices } = await import('../../server/start.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-cli-dry-'));
    try {
      const zip = join(dataDir, 'export.zip');
      writeFileSync(zip, await makeStravaExport([{ id: '1', startTime: new Date('2023-03-01T08:00:00Z'), name: 'A', type: 'Run', file: 'gpx.gz' }, { id: '2', startTime: new Date('2023-03-02T08:00:00Z'), name: 'B', type: 'Ride', file: 'fit' }]));
      const out: string[] = [];
      const code = await runImport({ json: false, dataDir, paths: [zip], dryRun: true }, { out: (l) => out.push(l), err: () => {}, isTty: false, columns: 80 });
      expect(code).toBe(0);
      expect(out[0]).toBe('dry run: nothing was written');
      expect(out[1]).toMatch(/^3 file\(s\): 2 would be imported, 0 duplicate, 1 would be skipped, 0 failed/);
      expect(out.join('\n')).toMatch(/archive {2}.*export\.zip: Strava export: 2 activities/);
      const s = await createServices({ dataDir, maxUploadBytes: 1 << 26 }, 1);
      try {
        expect((await s.storage.activities.list('local', { limit: 10, offset: 0 })).total).toBe(0);
        expect(await s.storage.imports.list('local', 10)).toEqual([]);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
