import type { Kysely } from 'kysely';
import type { ActivityStreams, StreamChannel } from '../../shared/activity.js';
import type { Database } from './db-schema.js';
import type { EncodedStreams } from './stream-codec.js';

/**
 * How an adapter lays out sample streams. SQLite: one compressed columnar blob per activity.
 * PostgreSQL: one row per sample (hypertable under TimescaleDB) plus a blob for developer fields.
 * Deleting an activity removes its rows by ON DELETE CASCADE from `activities`; `remove` drops
 * them while the activity stays (its streams are replaced after a re-parse of the original).
 */
export interface StreamLayout {
  write(trx: Kysely<Database>, userId: string, activityId: string, startTimeMs: number, streams: EncodedStreams): Promise<void>;
  remove(trx: Kysely<Database>, userId: string, activityId: string): Promise<void>;
  read(db: Kysely<Database>, userId: string, activityId: string, channels?: readonly StreamChannel[]): Promise<ActivityStreams | null>;
  /** The encoded blob `read` decodes. */
  readBlob(db: Kysely<Database>, userId: string, activityId: string): Promise<Uint8Array | null>;
  /** The stored chart's body when its version is `version` (repos/activity-charts.repo.ts). */
  readChart(db: Kysely<Database>, userId: string, activityId: string, version: number): Promise<Uint8Array | null>;
}
