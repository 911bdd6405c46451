import { randomUUID } from 'node:crypto';
import { storageAdapters } from '../helpers/storage-adapters.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../server/storage/port.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/** Gear, archive metadata and activity sources (issue 4), on SQLite and on a real PostgreSQL. */
const adapters = storageAdapters;

describe.each(adapters)('gear and activity metadata contract: %s', (_kind, factory) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const A = 'user-a';
  const B = 'user-b';

  beforeAll(async () => {
    ({ storage, cleanup } = await factory());
    await storage.users.ensure(A, 'Alice');
    await storage.users.ensure(B, 'Bob');
  });
  afterAll(async () => cleanup?.());

  async function insert(user: string, opts: Parameters<typeof makeParsedActivity>[0] = {}) {
    const id = randomUUID();
    const sha = randomUUID();
    const parsed = makeParsedActivity(opts);
    await storage.originals.upsert({ userId: user, sha256: sha, fileName: 'a.fit', sizeBytes: 1, format: 'fit' });
    await storage.activities.insert({ id, userId: user, originalSha256: sha, sourceIndex: 0, name: 'Run', parsed, streams: prepareStreams(parsed.streams) });
    return { id, parsed };
  }

  it('creates, finds by name (case-insensitive), updates and lists gear per user', async () => {
    const g = await storage.gear.create(A, { name: 'Red Bike', kind: 'bike', brand: 'Canyon', defaultForSports: ['cycling'], initialDistanceM: 500 });
    expect(g).toMatchObject({ name: 'Red Bike', kind: 'bike', brand: 'Canyon', retired: false, defaultForSports: ['cycling'], totalDistanceM: 500, activityCount: 0 });
    expect(await storage.gear.ensureByName(A, 'red bike', 'bike')).toBe(g.id);
    const other = await storage.gear.ensureByName(B, 'Red Bike', 'bike');
    expect(other).not.toBe(g.id);
    expect((await storage.gear.list(B)).map((x) => x.id)).toEqual([other]);
    expect(await storage.gear.get(B, g.id)).toBeNull();
    expect(await storage.gear.update(A, g.id, { retired: true, notes: 'sold' })).toBe(true);
    expect(await storage.gear.update(B, g.id, { retired: false })).toBe(false);
    expect(await storage.gear.get(A, g.id)).toMatchObject({ retired: true, notes: 'sold' });
    expect(await storage.gear.defaultFor(A, 'cycling')).toBeNull(); // retired gear is nobody's default
    await storage.gear.update(A, g.id, { retired: false });
    expect(await storage.gear.defaultFor(A, 'cycling')).toBe(g.id);
  });

  it('sums distance and time of linked activities; deleting gear unlinks them', async () => {
    const g = await storage.gear.create(A, { name: 'Shoes', kind: 'shoes' });
    const a1 = await insert(A);
    const a2 = await insert(A);
    await storage.activityMeta.set(A, a1.id, { gearId: g.id });
    await storage.activityMeta.set(A, a2.id, { gearId: g.id });
    const got = await storage.gear.get(A, g.id);
    expect(got!.activityCount).toBe(2);
    expect(got!.totalDistanceM).toBeCloseTo((a1.parsed.summary.distanceM ?? 0) + (a2.parsed.summary.distanceM ?? 0), 3);
    expect(got!.totalTimeS).toBeGreaterThan(0);
    expect(await storage.gear.delete(A, g.id)).toBe(true);
    expect((await storage.activityMeta.get(A, a1.id))!.gearId).toBeNull();
  });

  it('stores activity metadata and sources, scoped by user', async () => {
    const { id } = await insert(A);
    expect(await storage.activityMeta.get(A, id)).toMatchObject({ description: null, commute: null, perceivedExertion: null, source: null, sources: [], media: [] });
    expect(await storage.activityMeta.set(A, id, { description: 'Hilly', privateNote: 'pn', commute: true, perceivedExertion: 7, source: 'strava', name: 'Renamed', media: [{ sha256: 'a'.repeat(64), fileName: 'p.jpg' }] })).toBe(true);
    expect(await storage.activityMeta.set(B, id, { description: 'x' })).toBe(false);
    expect(await storage.activityMeta.get(B, id)).toBeNull();
    expect(await storage.activityMeta.get(A, id)).toMatchObject({ description: 'Hilly', privateNote: 'pn', commute: true, perceivedExertion: 7, source: 'strava', media: [{ fileName: 'p.jpg' }] });
    expect((await storage.activities.get(A, id))!.name).toBe('Renamed');
    await storage.activityMeta.addSource(A, id, { source: 'strava', externalId: '42', sha256: null, fileName: 'a.gpx' });
    await storage.activityMeta.addSource(A, id, { source: 'strava', externalId: '42', sha256: null, fileName: 'a.gpx' }); // idempotent
    expect(await storage.activityMeta.findBySource(A, 'strava', '42')).toBe(id);
    expect(await storage.activityMeta.findBySource(B, 'strava', '42')).toBeNull();
    const other = await insert(A);
    await storage.activityMeta.moveSources(A, id, other.id);
    expect(await storage.activityMeta.findBySource(A, 'strava', '42')).toBe(other.id);
    expect((await storage.activityMeta.get(A, other.id))!.sources).toEqual([{ source: 'strava', externalId: '42', fileName: 'a.gpx' }]);
  });

  it('appends archive member rows to an import job and raises its total', async () => {
    await storage.imports.create({ id: `job-${randomUUID()}`, userId: A, files: ['x.zip'] });
    const jobs = await storage.imports.list(A, 1);
    const jobId = jobs[0].id;
    expect(await storage.imports.addFiles(jobId, ['x.zip › a.fit', 'x.zip › b.fit'])).toBe(1);
    expect(await storage.imports.addFiles(jobId, ['x.zip › c.fit'])).toBe(3);
    const job = (await storage.imports.get(A, jobId))!;
    expect(job.total).toBe(4);
    expect(job.files.map((f) => f.name)).toEqual(['x.zip', 'x.zip › a.fit', 'x.zip › b.fit', 'x.zip › c.fit']);
    await storage.imports.setFile(jobId, 2, { name: 'x.zip › b.fit', status: 'imported' });
    expect((await storage.imports.get(A, jobId))!.done).toBe(1);
  });
});
