import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { OriginalRecord, OriginalsRepo } from '../port.js';
import { cachedQuery } from './cached-query.js';
import { referencedOriginals } from './original-refs.js';

export function createOriginalsRepo(db: Kysely<Database>): OriginalsRepo {
  return {
    referenced: (pageRows?: number) => referencedOriginals(db, pageRows),
    async upsert(o: OriginalRecord) {
      await cachedQuery(db, 'originals.upsert', [o.userId, o.sha256, o.fileName, o.sizeBytes, o.format, Date.now()], (p) =>
        db
          .insertInto('originals')
          .values({ userId: p[0] as string, sha256: p[1] as string, fileName: p[2] as string, sizeBytes: p[3] as number, format: p[4] as string | null, createdAtMs: p[5] as number })
          .onConflict((oc) => oc.columns(['userId', 'sha256']).doNothing()),
      );
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
