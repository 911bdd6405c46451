import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { OriginalRecord, OriginalsRepo } from '../port.js';

export function createOriginalsRepo(db: Kysely<Database>): OriginalsRepo {
  return {
    async upsert(o: OriginalRecord) {
      await db
        .insertInto('originals')
        .values({ ...o, createdAtMs: Date.now() })
        .onConflict((oc) => oc.columns(['userId', 'sha256']).doNothing())
        .execute();
    },
    async get(userId: string, sha256: string) {
      const r = await db.selectFrom('originals').selectAll().where('userId', '=', userId).where('sha256', '=', sha256).executeTakeFirst();
      return r ? { userId: r.userId, sha256: r.sha256, fileName: r.fileName, sizeBytes: Number(r.sizeBytes), format: r.format } : null;
    },
    async remove(userId: string, sha256: string) {
      await db.deleteFrom('originals').where('userId', '=', userId).where('sha256', '=', sha256).execute();
      const left = await db
        .selectFrom('originals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      return { stillReferenced: Number(left.n) > 0 };
    },
  };
}
