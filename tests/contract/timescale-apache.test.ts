import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { compactorOf, timescaleHealth } from '../../server/storage/postgres/timescale-status.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/**
 * Issue 15 §5: an Apache-only TimescaleDB (timescaledb.license = apache, as on some managed
 * clouds) refuses compression, continuous aggregates and policies. The server must still start,
 * keep what that edition allows (hypertables), and say so in health. Opt-in:
 * MILEVAULT_TEST_TIMESCALE_APACHE_URL (a server started with timescaledb.license = 'apache').
 */
const url = process.env.MILEVAULT_TEST_TIMESCALE_APACHE_URL;
if (!url) console.warn('[timescale] MILEVAULT_TEST_TIMESCALE_APACHE_URL not set: Apache-edition test SKIPPED');

describe.skipIf(!url)('TimescaleDB Apache edition', () => {
  const name = `mv_tsa_${randomBytes(5).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  afterAll(async () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('starts with hypertables only and reports the fallback', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(url!);
    u.pathname = `/${name}`;
    const storage = await openPostgresStorage(u.toString());
    try {
      expect(storage.timescale).toBe(true);
      const h = await timescaleHealth(storage);
      expect(h).toMatchObject({ edition: 'apache', compression: false, rollups: false });
      expect(h!.notes.join(' ')).toMatch(/Apache-only/);
      // No app-side compression either (compress_chunk is community-licensed).
      expect(compactorOf(storage)).toBeNull();
      expect(h!.appCompression).toBeNull();
      await storage.users.ensure('u', 'u');
      const parsed = makeParsedActivity({ n: 300 });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: 'x', sourceIndex: 0, name: 'r', parsed, streams: prepareStreams(parsed.streams) });
      expect((await storage.activities.readStreams('u', id, ['hrBpm']))!.channels.hrBpm).toEqual(parsed.streams.channels.hrBpm);
      expect((await storage.activities.delete('u', id)).deleted).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
