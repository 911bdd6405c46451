import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { UsersRepo } from '../port.js';

export function createUsersRepo(db: Kysely<Database>): UsersRepo {
  return {
    async ensure(id: string, name: string) {
      await db
        .insertInto('users')
        .values({ id, name, createdAtMs: Date.now() })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
  };
}
