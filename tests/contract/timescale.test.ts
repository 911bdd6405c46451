import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/**
 * The TimescaleDB path needs a server with the extension, which cannot be installed here.
 * Set MILEVAULT_TEST_TIMESCALE_URL (e.g. the compose file's timescale service) to run it.
 */
const url = process.env.MILEVAULT_TEST_TIMESCALE_URL;
if (!url) console.warn('[timescale] MILEVAULT_TEST_TIMESCALE_URL not set: TimescaleDB tests are SKIPPED');

describe.skipIf(!url)('TimescaleDB features', () => {
  const name = `mv_ts_${randomBytes(5).toString('hex')}`;
  let dbUrl = '';
  afterAll(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('turns activity_samples into a compressed hypertable with a continuous aggregate, and still round-trips', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url!);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    const storage = await openPostgresStorage(dbUrl);
    try {
      expect(storage.timescale).toBe(true);
      await storage.users.ensure('u', 'u');
      const parsed = makeParsedActivity({ n: 600 });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: 'x', sourceIndex: 0, name: 'r', parsed, streams: prepareStreams(parsed.streams) });
      const s = await storage.activities.readStreams('u', id, ['hrBpm']);
      expect(s!.channels.hrBpm).toEqual(parsed.streams.channels.hrBpm);
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      const ht = await c.query(`SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = 'activity_samples'`);
      expect(ht.rows[0]).toMatchObject({ compression_enabled: true });
      const cagg = await c.query(`SELECT view_name FROM timescaledb_information.continuous_aggregates WHERE view_name = 'activity_samples_daily'`);
      expect(cagg.rowCount).toBe(1);
      await c.end();
      expect((await storage.activities.delete('u', id)).deleted).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
