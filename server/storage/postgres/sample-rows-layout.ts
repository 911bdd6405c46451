import { sql } from 'kysely';
import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import { STREAM_CHANNELS } from '../../../shared/activity.js';
import { decodeStreams, encodeStreams } from '../stream-codec.js';
import type { StreamLayout } from '../stream-layout.js';

/** Column of activity_samples for each native channel. */
const COLUMN: Record<StreamChannel, string> = {
  latDeg: 'lat_deg',
  lonDeg: 'lon_deg',
  altitudeM: 'altitude_m',
  distanceM: 'distance_m',
  speedMps: 'speed_mps',
  hrBpm: 'hr_bpm',
  cadenceRpm: 'cadence_rpm',
  powerW: 'power_w',
  temperatureC: 'temperature_c',
};
const BATCH = 20_000;

/**
 * PostgreSQL: native channels one row per sample in `activity_samples` (a Timescale hypertable
 * when the extension exists, so time-range analytics and compression work on real columns);
 * developer fields and the list of channels present stay in `activity_streams` as a small blob.
 * Rows go in with INSERT … SELECT FROM unnest(arrays): one round trip per 20k samples.
 */
export const pgSampleRowsLayout: StreamLayout = {
  async write(trx, userId, activityId, startTimeMs, encoded) {
    const streams = decodeStreams(encoded.blob);
    const n = streams.timeS.length;
    const present = STREAM_CHANNELS.filter((c) => streams.channels[c] !== undefined);
    // The blob keeps time, developer channels and an empty marker channel per present native channel.
    const marker: ActivityStreams['channels'] = {};
    for (const c of present) marker[c] = new Array(n).fill(null);
    const data = encodeStreams({ timeS: streams.timeS, channels: marker, developer: streams.developer });
    await trx.insertInto('activityStreams').values({ activityId, userId, sampleCount: n, data }).execute();
    for (let from = 0; from < n; from += BATCH) {
      const to = Math.min(n, from + BATCH);
      const tMs = streams.timeS.slice(from, to).map((t) => startTimeMs + t * 1000);
      const seq = Array.from({ length: to - from }, (_, i) => from + i);
      const col = (c: StreamChannel) => (streams.channels[c] ? streams.channels[c]!.slice(from, to) : new Array(to - from).fill(null));
      await sql`
        INSERT INTO activity_samples (activity_id, user_id, t, seq, lat_deg, lon_deg, altitude_m, distance_m, speed_mps, hr_bpm, cadence_rpm, power_w, temperature_c)
        SELECT ${activityId}, ${userId}, to_timestamp(x.t_ms / 1000.0), x.seq, x.lat, x.lon, x.alt, x.dist, x.spd, x.hr, x.cad, x.pwr, x.tmp
        FROM unnest(${tMs}::float8[], ${seq}::int4[], ${col('latDeg')}::float8[], ${col('lonDeg')}::float8[], ${col('altitudeM')}::float8[],
                    ${col('distanceM')}::float8[], ${col('speedMps')}::float8[], ${col('hrBpm')}::float8[], ${col('cadenceRpm')}::float8[],
                    ${col('powerW')}::float8[], ${col('temperatureC')}::float8[])
             AS x(t_ms, seq, lat, lon, alt, dist, spd, hr, cad, pwr, tmp)`.execute(trx);
    }
  },

  async remove(trx, userId, activityId) {
    await sql`DELETE FROM activity_samples WHERE activity_id = ${activityId} AND user_id = ${userId}`.execute(trx);
    await trx.deleteFrom('activityStreams').where('activityId', '=', activityId).where('userId', '=', userId).execute();
  },

  async read(db, userId, activityId, channels) {
    const row = await db.selectFrom('activityStreams').select('data').where('activityId', '=', activityId).where('userId', '=', userId).executeTakeFirst();
    if (!row) return null;
    const meta = decodeStreams(row.data);
    const wanted = STREAM_CHANNELS.filter((c) => meta.channels[c] !== undefined && (!channels || channels.includes(c)));
    const out: ActivityStreams = { timeS: meta.timeS, channels: {}, developer: meta.developer };
    if (!wanted.length) return out;
    const cols = wanted.map((c) => COLUMN[c]);
    const res = await sql<Record<string, number | null>>`
      SELECT seq, ${sql.raw(cols.join(', '))} FROM activity_samples
      WHERE activity_id = ${activityId} AND user_id = ${userId} ORDER BY seq`.execute(db);
    const n = meta.timeS.length;
    for (const c of wanted) out.channels[c] = new Array(n).fill(null);
    for (const r of res.rows) {
      const i = Number(r.seq);
      for (let k = 0; k < wanted.length; k++) {
        // CamelCasePlugin hands result columns back camelCased: lat_deg → latDeg, i.e. the channel name.
        const v = r[wanted[k]];
        out.channels[wanted[k]]![i] = v === null || v === undefined ? null : Number(v);
      }
    }
    return out;
  },
};
