import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { createBlobReader, type ByteaColumn } from './pg-blob-read.js';
import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import type { Database } from '../db-schema.js';
import { decodeStreams } from '../stream-codec.js';
import type { StreamLayout } from '../stream-layout.js';

const BATCH = 20_000;

/**
 * PostgreSQL stream layout (docs/decisions.md, "Samples on PostgreSQL"): the same compressed
 * columnar blob as SQLite in `activity_streams` is the source every read uses (~6 B/sample, one
 * row fetched per activity). With TimescaleDB, `mirror` also writes one row per sample into the
 * `activity_samples` hypertable for SQL analytics; it is compressed a few seconds after
 * import (timescale-compaction.ts; the policies in timescale-policies.ts as well) and never read by the API.
 *
 * The hypertable has no foreign key to `activities`: chunk creation copies a hypertable's foreign
 * keys onto each new chunk, which locks `activities` and deadlocked concurrent imports (issue 15).
 * Integrity is kept here instead: rows are written in the activity's insert transaction and removed
 * by `remove` and by the `activities` delete trigger created in timescale.ts.
 */
export function pgStreamLayout(opts: { mirror: boolean; pool?: pg.Pool }): StreamLayout {
  // Reads outside a transaction fetch the blob's raw bytes (pg-blob-read.ts).
  const readBlob = opts.pool ? createBlobReader(opts.pool) : null;
  const chartReaders = new Map<number, (activityId: string, userId: string) => Promise<Uint8Array | null>>();
  const chartReader = (version: number) => {
    let r = chartReaders.get(version);
    if (!r && opts.pool && chartReaders.size < 4) {
      const what: ByteaColumn = { name: 'milevault_read_chart', table: 'activity_charts', column: 'body', version };
      chartReaders.set(version, (r = createBlobReader(opts.pool, undefined, what)));
    }
    return r;
  };
  const layout = {
    async write(trx: Kysely<Database>, userId: string, activityId: string, startTimeMs: number, encoded: { blob: Uint8Array; sampleCount: number }) {
      await trx.insertInto('activityStreams').values({ activityId, userId, sampleCount: encoded.sampleCount, data: encoded.blob }).execute();
      if (opts.mirror) await writeMirrorRows(trx, userId, activityId, startTimeMs, decodeStreams(encoded.blob));
    },
    async remove(trx: Kysely<Database>, userId: string, activityId: string) {
      if (opts.mirror) await sql`DELETE FROM activity_samples WHERE activity_id = ${activityId} AND user_id = ${userId}`.execute(trx);
      await trx.deleteFrom('activityStreams').where('activityId', '=', activityId).where('userId', '=', userId).execute();
    },
    async read(db: Kysely<Database>, userId: string, activityId: string, channels?: readonly StreamChannel[]) {
      const data = await layout.readBlob(db, userId, activityId);
      return data ? decodeStreams(data, { channels }) : null;
    },
    async readBlob(db: Kysely<Database>, userId: string, activityId: string): Promise<Uint8Array | null> {
      // Inside a transaction the read must see it: only the pool's own connections use the fast path.
      if (readBlob && !db.isTransaction) return readBlob(activityId, userId);
      const row = await db.selectFrom('activityStreams').select('data').where('activityId', '=', activityId).where('userId', '=', userId).executeTakeFirst();
      return row ? row.data : null;
    },
    async readChart(db: Kysely<Database>, userId: string, activityId: string, version: number): Promise<Uint8Array | null> {
      const read = db.isTransaction ? undefined : chartReader(version);
      if (read) return read(activityId, userId);
      const row = await db.selectFrom('activityCharts').select('body').where('activityId', '=', activityId).where('userId', '=', userId).where('version', '=', version).executeTakeFirst();
      return row ? row.body : null;
    },
  };
  // Assigned through a variable: the interface gains `remove` in a parallel change, and an object
  // literal with an extra member would not type-check against the older interface.
  const typed: StreamLayout = layout;
  return typed;
}

/**
 * One row per sample, INSERT … SELECT FROM unnest(arrays): one round trip per 20k samples.
 * Position, altitude, distance and speed go in as scaled integers (1e-7°, cm, cm, mm/s: the
 * codec's own resolution, so nothing is lost against the blob); migration 0029.
 */
export async function writeMirrorRows(db: Kysely<any>, userId: string, activityId: string, startTimeMs: number, streams: ActivityStreams): Promise<void> {
  const n = streams.timeS.length;
  for (let from = 0; from < n; from += BATCH) {
    const to = Math.min(n, from + BATCH);
    const tMs = streams.timeS.slice(from, to).map((t) => startTimeMs + t * 1000);
    const seq = Array.from({ length: to - from }, (_, i) => from + i);
    const col = (c: StreamChannel) => (streams.channels[c] ? streams.channels[c]!.slice(from, to) : new Array(to - from).fill(null));
    // A value outside the column's range (a corrupt device reading) is left out of the mirror
    // rather than failing the import; the blob keeps it.
    const scaled = (c: StreamChannel, scale: number, max = 2_147_483_647) =>
      col(c).map((v) => {
        const x = v === null || v === undefined ? NaN : Math.round(v * scale);
        return Number.isFinite(x) && Math.abs(x) <= max ? x : null;
      });
    await sql`
      INSERT INTO activity_samples (activity_id, user_id, t, seq, lat_deg_e7, lon_deg_e7, altitude_cm, distance_cm, speed_mm_s, hr_bpm, cadence_rpm, power_w, temperature_c)
      SELECT ${activityId}, ${userId}, to_timestamp(x.t_ms / 1000.0), x.seq, x.lat, x.lon, x.alt, x.dist, x.spd, x.hr, x.cad, x.pwr, x.tmp
      FROM unnest(${tMs}::float8[], ${seq}::int4[], ${scaled('latDeg', 1e7)}::int4[], ${scaled('lonDeg', 1e7)}::int4[], ${scaled('altitudeM', 100)}::int4[],
                  ${scaled('distanceM', 100, Number.MAX_SAFE_INTEGER)}::int8[], ${scaled('speedMps', 1000)}::int4[], ${col('hrBpm')}::float8[], ${col('cadenceRpm')}::float8[],
                  ${col('powerW')}::float8[], ${col('temperatureC')}::float8[])
           AS x(t_ms, seq, lat, lon, alt, dist, spd, hr, cad, pwr, tmp)`.execute(db);
  }
}
