import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { ApiKeyRow, ApiKeysRepo } from './health-ports.js';
import type { ApiKeysTable, HealthTables } from './health-tables.js';

function row(r: ApiKeysTable): ApiKeyRow {
  return {
    id: r.id,
    userId: r.userId,
    name: r.name,
    keyHash: r.keyHash,
    createdAtMs: Number(r.createdAtMs),
    lastUsedAtMs: r.lastUsedAtMs === null ? null : Number(r.lastUsedAtMs),
    revokedAtMs: r.revokedAtMs === null ? null : Number(r.revokedAtMs),
  };
}

/** API keys for push integrations (Health Auto Export). Only the argon2id hash is stored. */
export function createApiKeysRepo(base: Kysely<Database>): ApiKeysRepo {
  const db = base.withTables<HealthTables>();
  return {
    async create(r) {
      await db.insertInto('apiKeys').values({ ...r, lastUsedAtMs: null, revokedAtMs: null }).execute();
    },
    async byId(id) {
      const r = await db.selectFrom('apiKeys').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? row(r) : null;
    },
    async list(userId) {
      const rows = await db.selectFrom('apiKeys').selectAll().where('userId', '=', userId).orderBy('createdAtMs', 'desc').execute();
      return rows.map(row);
    },
    async revoke(userId, id, atMs) {
      const res = await db.updateTable('apiKeys').set({ revokedAtMs: atMs }).where('userId', '=', userId).where('id', '=', id).where('revokedAtMs', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async touch(id, atMs) {
      await db.updateTable('apiKeys').set({ lastUsedAtMs: atMs }).where('id', '=', id).execute();
    },
  };
}
