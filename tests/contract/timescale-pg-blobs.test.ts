import { randomUUID } from 'node:crypto';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { STREAM_CHANNELS, type ActivityStreams, type StreamChannel } from '../../shared/activity.js';
import { up as foldRowsIntoBlobs } from '../../server/storage/migrations/postgres/0028_stream_blobs.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { compactorOf } from '../../server/storage/postgres/timescale-status.js';
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
      expect(compactorOf(storage)).toBeNull(); // no app-side compression on plain PostgreSQL
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
      await writeOldRows(db, id, Date.parse(parsed.startTime), full);
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

/**
 * The table and rows as the pre-0028 layout wrote them: SI floats per channel (0001's columns;
 * migration 0029 has since recreated the table with scaled integers, so the test restores them).
 */
async function writeOldRows(db: Kysely<any>, activityId: string, startTimeMs: number, streams: ActivityStreams): Promise<void> {
  await sql.raw(`DROP TABLE activity_samples`).execute(db);
  await sql.raw(`
    CREATE TABLE activity_samples (activity_id TEXT NOT NULL, user_id TEXT NOT NULL, t TIMESTAMPTZ NOT NULL, seq INTEGER NOT NULL,
      lat_deg DOUBLE PRECISION, lon_deg DOUBLE PRECISION, altitude_m REAL, distance_m DOUBLE PRECISION, speed_mps REAL,
      hr_bpm REAL, cadence_rpm REAL, power_w REAL, temperature_c REAL)`).execute(db);
  const n = streams.timeS.length;
  const col = (c: StreamChannel) => streams.channels[c] ?? new Array(n).fill(null);
  await sql`
    INSERT INTO activity_samples (activity_id, user_id, t, seq, lat_deg, lon_deg, altitude_m, distance_m, speed_mps, hr_bpm, cadence_rpm, power_w, temperature_c)
    SELECT ${activityId}, 'u', to_timestamp(x.t_ms / 1000.0), x.seq, x.lat, x.lon, x.alt, x.dist, x.spd, x.hr, x.cad, x.pwr, x.tmp
    FROM unnest(${streams.timeS.map((t) => startTimeMs + t * 1000)}::float8[], ${Array.from({ length: n }, (_, i) => i)}::int4[],
                ${col('latDeg')}::float8[], ${col('lonDeg')}::float8[], ${col('altitudeM')}::float8[], ${col('distanceM')}::float8[],
                ${col('speedMps')}::float8[], ${col('hrBpm')}::float8[], ${col('cadenceRpm')}::float8[], ${col('powerW')}::float8[],
                ${col('temperatureC')}::float8[])
         AS x(t_ms, seq, lat, lon, alt, dist, spd, hr, cad, pwr, tmp)`.execute(db);
}
