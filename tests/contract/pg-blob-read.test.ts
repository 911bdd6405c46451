import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobReader, parseSingleBytea } from '../../server/storage/postgres/pg-blob-read.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import type { Storage } from '../../server/storage/port.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';
import { createTestDatabase } from '../helpers/pg-database.js';

/**
 * The PostgreSQL stream read fetches the blob with COPY … (FORMAT binary) (pg-blob-read.ts): the
 * bytes must be exactly those stored, a missing activity null, and ids that cannot go into the
 * COPY text take the prepared SELECT without switching the fast path off.
 */
describe('PostgreSQL stream blob read (COPY binary)', () => {
  let tdb: { url: string; drop(): Promise<void> } | null = null;
  let storage: Storage;
  let pool: pg.Pool;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    expect(tdb, 'PostgreSQL must be available to the test run').not.toBeNull();
    storage = await openPostgresStorage(tdb!.url);
    pool = new pg.Pool({ connectionString: tdb!.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await storage?.close();
    await tdb?.drop();
  });

  it('returns the stored bytes exactly, null when there is no row, and reads through the storage port', async () => {
    await storage.users.ensure('u', 'u');
    const ids: string[] = [];
    for (const n of [30, 3600, 20_000]) {
      const parsed = makeParsedActivity({ n });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: `s${n}`, sourceIndex: 0, name: 'r', parsed, streams: prepareStreams(parsed.streams) });
      const back = await storage.activities.readStreams('u', id);
      expect(back!.channels.powerW).toEqual(parsed.streams.channels.powerW);
      ids.push(id);
    }
    const logged: string[] = [];
    const read = createBlobReader(pool, (l) => logged.push(l));
    for (const id of ids) {
      const want = (await pool.query<{ data: Buffer }>('SELECT data FROM activity_streams WHERE activity_id = $1', [id])).rows[0].data;
      expect(Buffer.compare(Buffer.from((await read(id, 'u'))!), want)).toBe(0);
    }
    expect(await read(randomUUID(), 'u')).toBeNull();
    expect(await read(ids[0], 'someone-else')).toBeNull();
    // Not a plain id: the SELECT answers (no row), the COPY path stays on.
    expect(await read(`x' OR '1'='1`, 'u')).toBeNull();
    expect(await storage.activities.readStreams('u', `x' OR '1'='1`)).toBeNull();
    expect(logged).toEqual([]);
  });

  it('parses the PGCOPY binary format of one bytea column', () => {
    const head = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const row = Buffer.alloc(6);
    row.writeInt16BE(1, 0);
    row.writeInt32BE(bytes.length, 2);
    const trailer = Buffer.from([0xff, 0xff]);
    expect(Buffer.from(parseSingleBytea(Buffer.concat([head, row, bytes, trailer]))!)).toEqual(bytes);
    expect(parseSingleBytea(Buffer.concat([head, trailer]))).toBeNull();
    expect(() => parseSingleBytea(Buffer.from('not a copy stream at all'))).toThrow(/header/);
  });
});
