import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSER_VERSION } from '../../server/ingest/parser-version.js';
import { reparseExisting } from '../../server/services/activities/reparse-existing.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Activities stored by an older parser are refreshed from their originals in place (issue 13:
 * "with a recompute so existing data is corrected too"). The old state is made by hand: what a
 * wave-1 parser stored (a "generic" sport, no sessions, a wrong ascent, a chained file's later
 * activity missing), then the pass runs as it does at start.
 */
type Sql = (text: string, params?: unknown[]) => Promise<void>;

const adapters: [string, () => Promise<{ t: TestApp; exec: Sql; done(): Promise<void> }>][] = [
  ['sqlite', async () => {
    const t = await createTestApp();
    const db = new Database(join(t.dataDir, 'milevault.sqlite'));
    db.pragma('busy_timeout = 5000');
    return {
      t,
      exec: async (text, params = []) => {
        db.prepare(text.replace(/\$\d+/g, '?')).run(...params);
        // The hand-made "old" state stands for a database as it was before this server started:
        // nothing of it may be answered from the read cache.
        t.services.readCache?.versions.bump('local');
      },
      async done() {
        db.close();
        await t.close();
      },
    };
  }],
  ['postgres', async () => {
    const pgdb = await createTestDatabase();
    if (!pgdb) throw new Error('PostgreSQL disabled (MILEVAULT_SKIP_PG=1)');
    const t = await createTestApp({ databaseUrl: pgdb.url });
    const c = new pg.Client({ connectionString: pgdb.url });
    await c.connect();
    return {
      t,
      exec: async (text, params = []) => {
        await c.query(text, params);
        t.services.readCache?.versions.bump('local');
      },
      async done() {
        await c.end();
        await t.close();
        await pgdb.drop();
      },
    };
  }],
];

describe.each(adapters)('refresh from originals: %s', (_kind, factory) => {
  let t: TestApp;
  let exec: Sql;
  let done: () => Promise<void>;
  const get = async (id: string) => (await t.app.inject({ url: `/api/v1/activities/${id}` })).json();
  const list = async () => (await t.app.inject({ url: '/api/v1/activities?limit=50' })).json().items as { id: string; name: string; sport: string; startTime: string }[];
  const run = () => reparseExisting({ ...t.services, store: t.services.imports.store });

  beforeAll(async () => {
    ({ t, exec, done } = await factory());
  });
  afterAll(async () => done?.());

  it('brings back the sport, sessions and totals an old parser got wrong, keeping id and typed names', async () => {
    const job = await t.importAndWait([
      { name: 'run.fit', bytes: makeFitActivity({ durationS: 1200, startTime: new Date('2021-04-03T07:10:00Z') }) },
      { name: 'ride.fit', bytes: makeFitActivity({ durationS: 900, sport: 'cycling', startTime: new Date('2021-04-05T16:00:00Z') }) },
    ]);
    const [runId, rideId] = job.files.map((f) => f.activityId!);
    const fresh = await get(runId);
    expect(fresh.sport).toBe('running');
    // What a wave-1 parser left: no sport, no sessions, a bad ascent, the default name of "generic".
    await exec(`UPDATE activities SET parser_version = 0, sport = 'generic', sub_sport = NULL, name = $1, ascent_m = 2437, distance_m = NULL WHERE id = $2`, [fresh.name.replace('Run', 'Activity'), runId]);
    await exec('DELETE FROM activity_sessions WHERE activity_id = $1', [runId]);
    await exec(`UPDATE activities SET parser_version = 0, name = 'Hill repeats with Sam' WHERE id = $1`, [rideId]);
    const stale = await get(runId);
    expect(stale.sport).toBe('generic');
    expect(stale.ascentM).toBe(2437);

    const report = await run();
    expect(report).toMatchObject({ refreshed: 2, sportsFixed: 1 });
    const after = await get(runId);
    expect(after.id).toBe(runId);
    expect(after.sport).toBe('running');
    expect(after.name).toBe(fresh.name);
    expect(after.ascentM).toBe(fresh.ascentM);
    expect(after.distanceM).toBeCloseTo(fresh.distanceM, 3);
    expect(after.sessions).toHaveLength(fresh.sessions.length);
    expect(after.laps).toHaveLength(fresh.laps.length);
    // The athlete's own name is theirs.
    expect((await get(rideId)).name).toBe('Hill repeats with Sam');
    // Analysed again under its sport: running records exist for the run.
    const recs = (await t.app.inject({ url: '/api/v1/records?sport=running' })).json();
    expect(JSON.stringify(recs)).toContain(runId);
    // Streams were replaced, not doubled.
    const s = (await t.app.inject({ url: `/api/v1/activities/${runId}/streams?channels=hrBpm` })).json();
    expect(s.timeS.length).toBe(1201);
    // Nothing left to do: a second pass refreshes nothing.
    expect(await run()).toMatchObject({ refreshed: 0, kept: 0 });
  });

  it('recovers the later activities of a chained file an old parser dropped', async () => {
    const job = await t.importAndWait([{ name: 'chained.fit', bytes: makeFitActivity({ durationS: 600, chained: 'activity', startTime: new Date('2020-02-01T09:00:00Z') }) }]);
    const before = (await list()).filter((a) => a.startTime.startsWith('2020-02'));
    expect(before).toHaveLength(2);
    const second = before.find((a) => a.startTime.startsWith('2020-02-02'))!;
    const first = before.find((a) => a.startTime.startsWith('2020-02-01'))!;
    // An old parser kept only the first part.
    await exec('DELETE FROM activity_sources WHERE activity_id = $1', [second.id]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${second.id}`, headers: { 'x-milevault-client': 'test' } })).statusCode).toBeLessThan(300);
    await exec('UPDATE activities SET parser_version = 0 WHERE id = $1', [first.id]);
    expect(job.files[0]!.status).toBe('imported');

    const report = await run();
    expect(report).toMatchObject({ refreshed: 1, partsAdded: 1 });
    const after = (await list()).filter((a) => a.startTime.startsWith('2020-02'));
    expect(after.map((a) => a.startTime).sort()).toEqual(before.map((a) => a.startTime).sort());
    expect(after.find((a) => a.startTime === first.startTime)!.id).toBe(first.id);
  });

  it('keeps what it cannot re-read and marks it checked', async () => {
    const job = await t.importAndWait([{ name: 'gone.fit', bytes: makeFitActivity({ durationS: 300, startTime: new Date('2019-07-07T06:00:00Z') }) }]);
    const id = job.files[0]!.activityId!;
    // A start time the athlete corrected by hand is theirs: the file's clock does not override it.
    await exec('UPDATE activities SET parser_version = 0, start_time_ms = start_time_ms + 3600000, ascent_m = 77 WHERE id = $1', [id]);
    const report = await run();
    expect(report).toMatchObject({ refreshed: 0, kept: 1 });
    expect((await get(id)).ascentM).toBe(77);
    expect(await run()).toMatchObject({ refreshed: 0, kept: 0 });
    expect(PARSER_VERSION).toBeGreaterThan(0);
  });
});
