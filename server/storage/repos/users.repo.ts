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
    async ids() {
      return (await db.selectFrom('users').select('id').orderBy('id').execute()).map((r) => r.id);
    },
    async taskDone(name: string) {
      return Boolean(await db.selectFrom('maintenanceTasks').select('name').where('name', '=', name).executeTakeFirst());
    },
    async settings(userId: string) {
      const r = await db.selectFrom('userSettings').select(['timeZone']).where('userId', '=', userId).executeTakeFirst();
      return { timeZone: r?.timeZone ?? null };
    },
    async setSettings(userId, patch) {
      const cur = await this.settings(userId);
      const next = { ...cur, ...patch };
      await db
        .insertInto('userSettings')
        .values({ userId, timeZone: next.timeZone, updatedAtMs: Date.now() })
        .onConflict((oc) => oc.column('userId').doUpdateSet({ timeZone: next.timeZone, updatedAtMs: Date.now() }))
        .execute();
      return next;
    },
    async markTaskDone(name: string) {
      await db
        .insertInto('maintenanceTasks')
        .values({ name, doneAtMs: Date.now() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    },
  };
}
