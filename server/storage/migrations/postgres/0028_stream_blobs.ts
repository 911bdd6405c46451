import { sql, type Kysely } from 'kysely';
import type { ActivityStreams, StreamChannel } from '../../../../shared/activity.js';
import { STREAM_CHANNELS } from '../../../../shared/activity.js';
import { decodeStreams, encodeStreams } from '../../stream-codec.js';

const COLUMN: Record<StreamChannel, string> = {
  latDeg: 'lat_deg', lonDeg: 'lon_deg', altitudeM: 'altitude_m', distanceM: 'distance_m', speedMps: 'speed_mps',
  hrBpm: 'hr_bpm', cadenceRpm: 'cadence_rpm', powerW: 'power_w', temperatureC: 'temperature_c',
};

/**
 * Issue 15: PostgreSQL keeps the full columnar blob in `activity_streams` (as SQLite does) and
 * `activity_samples` becomes an optional TimescaleDB mirror without a foreign key (the key copied
 * onto every new chunk deadlocked concurrent imports). Existing rows are folded back into the
 * blobs; on plain PostgreSQL the rows are then dropped (264 B/sample), a hypertable keeps them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ids = await sql<{ aid: string; uid: string }>`SELECT activity_id AS aid, user_id AS uid FROM activity_streams`.execute(db);
  for (const { aid, uid } of ids.rows) {
    const row = await sql<{ data: Uint8Array }>`SELECT data FROM activity_streams WHERE activity_id = ${aid}`.execute(db);
    const meta = decodeStreams(row.rows[0].data);
    const present = STREAM_CHANNELS.filter((c) => meta.channels[c] !== undefined);
    if (!present.length) continue;
    const res = await sql.raw<Record<string, number | null>>(
      `SELECT seq AS i, ${present.map((c, k) => `${COLUMN[c]} AS c${k}`).join(', ')} FROM activity_samples WHERE activity_id = '${aid.replace(/'/g, "''")}' ORDER BY seq`,
    ).execute(db);
    const n = meta.timeS.length;
    const out: ActivityStreams = { timeS: meta.timeS, channels: {}, developer: meta.developer };
    for (const c of present) out.channels[c] = new Array(n).fill(null);
    for (const r of res.rows) {
      const i = Number(r.i);
      present.forEach((c, k) => {
        const v = r[`c${k}`];
        out.channels[c]![i] = v === null || v === undefined ? null : Number(v);
      });
    }
    await sql`UPDATE activity_streams SET data = ${encodeStreams(out)} WHERE activity_id = ${aid} AND user_id = ${uid}`.execute(db);
  }
  await sql`ALTER TABLE activity_samples DROP CONSTRAINT IF EXISTS activity_samples_activity_id_fkey`.execute(db);
  const ht = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_extension e WHERE e.extname = 'timescaledb'
      AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'activity_samples' AND relkind = 'r')`.execute(db);
  const isHypertable = ht.rows[0].n > 0 && (await sql<{ n: number }>`SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_name = 'activity_samples'`.execute(db)).rows[0].n > 0;
  if (!isHypertable) await sql`TRUNCATE activity_samples`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
