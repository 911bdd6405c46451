import type { Kysely } from 'kysely';
import type { ActivityStreams, StreamChannel } from '../../shared/activity.js';
import type { Database } from './db-schema.js';
import type { EncodedStreams } from './stream-codec.js';

/**
 * How an adapter lays out sample streams. SQLite: one compressed columnar blob per activity.
 * PostgreSQL: one row per sample (hypertable under TimescaleDB) plus a blob for developer fields.
 * Rows are removed by ON DELETE CASCADE from `activities`, so there is no delete method.
 */
export interface StreamLayout {
  write(trx: Kysely<Database>, userId: string, activityId: string, startTimeMs: number, streams: EncodedStreams): Promise<void>;
  read(db: Kysely<Database>, userId: string, activityId: string, channels?: readonly StreamChannel[]): Promise<ActivityStreams | null>;
}
