import type { Kysely } from 'kysely';
import type { Database, UserSettingsTable } from '../db-schema.js';
import type { UserSettings, UsersRepo } from '../port.js';

/** user_settings with the display preferences of migration 0022 (units, map layer; issue 14). */
type SettingsRow = UserSettingsTable & { units: string | null; mapLayer: string | null };

export function createUsersRepo(base: Kysely<Database>): UsersRepo {
  const db = base.withTables<{ userSettings: SettingsRow }>();
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
    async settings(userId: string): Promise<UserSettings> {
      const r = await db.selectFrom('userSettings').select(['timeZone', 'units', 'mapLayer']).where('userId', '=', userId).executeTakeFirst();
      return { timeZone: r?.timeZone ?? null, units: r?.units === 'metric' || r?.units === 'imperial' ? r.units : null, mapLayer: r?.mapLayer ?? null };
    },
    async setSettings(userId, patch) {
      const cur = await this.settings(userId);
      const next: UserSettings = { ...cur, ...patch };
      const values = { timeZone: next.timeZone, units: next.units, mapLayer: next.mapLayer, updatedAtMs: Date.now() };
      await db
        .insertInto('userSettings')
        .values({ userId, ...values })
        .onConflict((oc) => oc.column('userId').doUpdateSet(values))
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
