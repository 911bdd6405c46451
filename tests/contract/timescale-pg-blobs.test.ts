import { randomUUID } from 'node:crypto';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { STREAM_CHANNELS, type ActivityStreams } from '../../shared/activity.js';
import { up as foldRowsIntoBlobs } from '../../server/storage/migrations/postgres/0028_stream_blobs.js';
import { writeMirrorRows } from '../../server/storage/postgres/pg-stream-layout.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { decodeStreams, encodeStreams, prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';
import { createTestDatabase } from '../helpers/pg-database.js';

/**
 * Migration 0028 (issue 15): a PostgreSQL database written by the old row-per-sample layout (the
 * blob held only time, developer fields and empty marker channels; the values were rows in
 * activity_samples) is folded back into full blobs, and the rows are dropped on plain PostgreSQL.
 */
describe('PostgreSQL stream rows folded into blobs (migration 0028)', () => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => drop?.());

  it('rebuilds every channel from the rows, then empties the row table', async () => {
    const tdb = await createTestDatabase();
    expect(tdb, 'PostgreSQL must be available to the test run').not.toBeNull();
    drop = tdb!.drop;
    const storage = await openPostgresStorage(tdb!.url);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: tdb!.url, max: 1 }) }), plugins: [new CamelCasePlugin()] });
    try {
      expect(storage.timescale).toBe(false);
      await storage.users.ensure('u', 'u');
      const parsed = makeParsedActivity({ n: 900, developer: true });
      const id = randomUUID();
      const streams = prepareStreams(parsed.streams);
      await storage.activities.insert({ id, userId: 'u', originalSha256: 's', sourceIndex: 0, name: 'r', parsed, streams });
      const full = decodeStreams(streams.blob);
      // Rewrite it the way the old layout stored it.
      const marker: ActivityStreams['channels'] = {};
      for (const c of STREAM_CHANNELS) if (full.channels[c]) marker[c] = new Array(full.timeS.length).fill(null);
      await db.updateTable('activityStreams').set({ data: encodeStreams({ timeS: full.timeS, channels: marker, developer: full.developer }) }).where('activityId', '=', id).execute();
      await writeMirrorRows(db, 'u', id, Date.parse(parsed.startTime), full);
      expect((await storage.activities.readStreams('u', id))!.channels.hrBpm!.every((v) => v === null)).toBe(true);

      await foldRowsIntoBlobs(db);
      expect(await storage.activities.readStreams('u', id)).toEqual(full);
      const rows = await db.selectFrom('activitySamples').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(0);
    } finally {
      await db.destroy();
      await storage.close();
    }
  });
});
