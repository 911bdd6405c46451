import { decodeStreams } from '../stream-codec.js';
import type { StreamLayout } from '../stream-layout.js';
import { insertRows } from '../repos/fast-insert.js';

/** SQLite: all channels of an activity in one compressed columnar blob (see stream-codec.ts). */
export const sqliteBlobLayout: StreamLayout = {
  async write(trx, userId, activityId, _startTimeMs, streams) {
    await insertRows(trx, 'activityStreams', [{ activityId, userId, sampleCount: streams.sampleCount, data: streams.blob }]);
  },
  async remove(trx, userId, activityId) {
    await trx.deleteFrom('activityStreams').where('activityId', '=', activityId).where('userId', '=', userId).execute();
  },
  async read(db, userId, activityId, channels) {
    const blob = await sqliteBlobLayout.readBlob(db, userId, activityId);
    return blob ? decodeStreams(blob, { channels }) : null;
  },
  async readBlob(db, userId, activityId) {
    const row = await db.selectFrom('activityStreams').select('data').where('activityId', '=', activityId).where('userId', '=', userId).executeTakeFirst();
    return row ? row.data : null;
  },
  async readChart(db, userId, activityId, version) {
    const row = await db.selectFrom('activityCharts').select('body').where('activityId', '=', activityId).where('userId', '=', userId).where('version', '=', version).executeTakeFirst();
    return row ? row.body : null;
  },
};
