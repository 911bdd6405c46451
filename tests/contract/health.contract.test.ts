import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAdapters } from '../helpers/storage-adapters.js';
import type { Storage } from '../../server/storage/port.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';

/** The wellness store, API keys and insights repositories: one contract on SQLite and PostgreSQL. */
const adapters = storageAdapters;

const DAY = 86_400_000;
const D0 = Date.UTC(2025, 3, 1);

describe.each(adapters)('health storage contract: %s', (_kind, factory) => {
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

  it('upserts daily values idempotently and only rewrites changed values', async () => {
    const rows = [
      { metric: 'restingHrBpm', dayMs: D0, source: 'garmin', value: 48 },
      { metric: 'restingHrBpm', dayMs: D0, source: 'apple_health', value: 51 },
      { metric: 'steps', dayMs: D0 + DAY, source: 'garmin', value: 12034 },
    ];
    expect(await storage.health.upsertDaily(A, rows)).toBe(3);
    expect(await storage.health.upsertDaily(A, rows)).toBe(0);
    expect(await storage.health.upsertDaily(A, [{ ...rows[0], value: 49 }])).toBe(1);
    const got = await storage.health.daily(A, D0, D0 + DAY);
    expect(got).toHaveLength(3);
    expect(got.find((r) => r.source === 'garmin' && r.metric === 'restingHrBpm')?.value).toBe(49);
    expect(typeof got[0].dayMs).toBe('number');
    expect(await storage.health.daily(B, D0, D0 + DAY)).toEqual([]);
    expect(await storage.health.daily(A, D0, D0 + DAY, ['steps'])).toEqual([{ metric: 'steps', dayMs: D0 + DAY, source: 'garmin', value: 12034 }]);
  });

  it('gives first and last day per metric and of sleep, per user (issue 17 extents)', async () => {
    const X = 'user-extents';
    await storage.users.ensure(X, 'Xena');
    expect(await storage.health.extents(X)).toEqual([]);
    await storage.health.upsertDaily(X, [
      { metric: 'hrvMs', dayMs: D0 - 400 * DAY, source: 'a', value: 50 },
      { metric: 'hrvMs', dayMs: D0, source: 'b', value: 52 },
      { metric: 'steps', dayMs: D0 + 3 * DAY, source: 'a', value: 10 },
    ]);
    await storage.health.upsertSleep(X, [{ source: 's', startMs: D0 + 9 * DAY - 7200_000, endMs: D0 + 9 * DAY + 21_600_000, dayMs: D0 + 9 * DAY, stages: [] }]);
    expect(await storage.health.extents(X)).toEqual([
      { metric: 'hrvMs', firstDayMs: D0 - 400 * DAY, lastDayMs: D0 },
      { metric: 'steps', firstDayMs: D0 + 3 * DAY, lastDayMs: D0 + 3 * DAY },
      { metric: 'sleep', firstDayMs: D0 + 9 * DAY, lastDayMs: D0 + 9 * DAY },
    ]);
  });

  it('keeps the last of duplicate keys within one batch', async () => {
    await storage.health.upsertDaily(A, [
      { metric: 'weightKg', dayMs: D0, source: 'garmin', value: 70 },
      { metric: 'weightKg', dayMs: D0, source: 'garmin', value: 70.5 },
    ]);
    expect((await storage.health.daily(A, D0, D0, ['weightKg']))[0].value).toBe(70.5);
  });

  it('upserts intraday samples keyed by (user, metric, source, time), in bulk', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ metric: 'hrBpm', tMs: D0 + i * 60_000, source: 'garmin', value: 50 + (i % 40) }));
    expect(await storage.health.upsertSamples(A, rows)).toBe(5000);
    expect(await storage.health.upsertSamples(A, rows)).toBe(0);
    const other = rows.slice(0, 10).map((r) => ({ ...r, source: 'apple_health', value: r.value + 1 }));
    await storage.health.upsertSamples(A, other);
    const all = await storage.health.samples(A, ['hrBpm'], D0, D0 + 10 * 60_000);
    expect(all).toHaveLength(20);
    const garmin = await storage.health.samples(A, ['hrBpm'], D0, D0 + 10 * 60_000, 'garmin');
    expect(garmin.map((r) => r.value)).toEqual(rows.slice(0, 10).map((r) => r.value));
    expect(garmin[1].tMs).toBe(D0 + 60_000);
    expect(await storage.health.samples(B, ['hrBpm'], D0, D0 + DAY)).toEqual([]);
  });

  it('stores sleep sessions with stages and replaces a session that grew', async () => {
    const s = { source: 'garmin', startMs: D0 - 3600_000, endMs: D0 + 6 * 3600_000, dayMs: D0, stages: [{ stage: 'deep', startMs: D0 - 3600_000, endMs: D0 }] };
    expect(await storage.health.upsertSleep(A, [s])).toBe(1);
    expect(await storage.health.upsertSleep(A, [s])).toBe(0);
    const longer = { ...s, endMs: s.endMs + 600_000, stages: [...s.stages, { stage: 'rem', startMs: D0, endMs: D0 + 600_000 }] };
    expect(await storage.health.upsertSleep(A, [longer])).toBe(1);
    const got = await storage.health.sleep(A, D0, D0);
    expect(got).toHaveLength(1);
    expect(got[0].stages).toHaveLength(2);
    expect(got[0].endMs).toBe(longer.endMs);
    expect(await storage.health.sleep(B, D0, D0)).toEqual([]);
  });

  it('stores per-user source priorities and payload receipts', async () => {
    await storage.health.setPriority(A, 'restingHrBpm', ['apple_health', 'garmin']);
    await storage.health.setPriority(A, 'restingHrBpm', ['garmin']);
    expect(await storage.health.priorities(A)).toEqual({ restingHrBpm: ['garmin'] });
    expect(await storage.health.priorities(B)).toEqual({});
    const p = { sha256: 'a'.repeat(64), kind: 'health-auto-export', sizeBytes: 10, summary: { ok: true } };
    expect(await storage.health.recordPayload(A, p)).toBe(true);
    expect(await storage.health.recordPayload(A, p)).toBe(false);
    expect(await storage.health.recordPayload(B, p)).toBe(true);
    // Users with health data: A (and the extents case's own user), never B who only has a receipt.
    const ids = await storage.health.userIds();
    expect(ids).toContain(A);
    expect(ids).not.toContain(B);
    expect((await storage.health.counts(A)).samples).toBe(5010);
  });

  it('keeps API keys per user, revocable, with last use', async () => {
    await storage.apiKeys.create({ id: 'k1', userId: A, name: 'phone', keyHash: '$argon2id$x', createdAtMs: D0 });
    expect((await storage.apiKeys.byId('k1'))?.userId).toBe(A);
    expect(await storage.apiKeys.list(B)).toEqual([]);
    await storage.apiKeys.touch('k1', D0 + 5);
    expect((await storage.apiKeys.list(A))[0].lastUsedAtMs).toBe(D0 + 5);
    expect(await storage.apiKeys.revoke(B, 'k1', D0 + 6)).toBe(false);
    expect(await storage.apiKeys.revoke(A, 'k1', D0 + 6)).toBe(true);
    expect(await storage.apiKeys.revoke(A, 'k1', D0 + 7)).toBe(false);
    expect((await storage.apiKeys.byId('k1'))?.revokedAtMs).toBe(D0 + 6);
  });

  it('stores insights once per (detector, key), dismissable, plus detector state', async () => {
    const row = { id: 'i1', detector: 'resting-hr-elevated', dedupeKey: '2025-04-01', dayMs: D0, severity: 'warning', title: 't', message: 'm', evidence: { days: [1, 2] }, createdAtMs: D0 };
    expect(await storage.insights.add(A, row)).toBe(true);
    expect(await storage.insights.add(A, { ...row, id: 'i2' })).toBe(false);
    expect(await storage.insights.list(A, { includeDismissed: false, limit: 10 })).toMatchObject([{ id: 'i1', evidence: { days: [1, 2] }, dismissedAtMs: null }]);
    expect(await storage.insights.dismiss(B, 'i1', D0)).toBe(false);
    expect(await storage.insights.dismiss(A, 'i1', D0 + 1)).toBe(true);
    expect(await storage.insights.list(A, { includeDismissed: false, limit: 10 })).toEqual([]);
    expect(await storage.insights.list(A, { includeDismissed: true, limit: 10 })).toHaveLength(1);
    expect(await storage.insights.state(A, 'x')).toBeNull();
    await storage.insights.setState(A, 'x', { lastOnset: '2025-04-01' }, D0);
    await storage.insights.setState(A, 'x', { lastOnset: '2025-04-02' }, D0);
    expect(await storage.insights.state(A, 'x')).toEqual({ lastOnset: '2025-04-02' });
    expect(await storage.insights.state(B, 'x')).toBeNull();
  });
});

/** Opt-in like tests/contract/timescale.test.ts: needs a server with the extension. */
const tsUrl = process.env.MILEVAULT_TEST_TIMESCALE_URL;
describe.skipIf(!tsUrl)('health samples on TimescaleDB', () => {
  it('makes health_samples a hypertable and still upserts idempotently', async () => {
    const pg = (await import('pg')).default;
    const name = `mv_hts_${Math.random().toString(16).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: tsUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(tsUrl!);
    u.pathname = `/${name}`;
    try {
      const storage = await openPostgresStorage(u.toString());
      expect(storage.timescale).toBe(true);
      await storage.users.ensure('a', 'A');
      const rows = [{ metric: 'hrBpm', tMs: D0, source: 'garmin', value: 50 }];
      expect(await storage.health.upsertSamples('a', rows)).toBe(1);
      expect(await storage.health.upsertSamples('a', rows)).toBe(0);
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      const r = await c.query(`SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_name = 'health_samples'`);
      await c.end();
      expect(r.rows[0].n).toBe(1);
      await storage.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
