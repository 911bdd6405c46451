import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { GearDto, GearKind } from '../../../shared/gear-api.js';
import type { Database, GearTable } from '../db-schema.js';
import type { GearRepo } from '../port.js';

const KINDS: ReadonlySet<string> = new Set(['bike', 'shoes', 'other']);

function sportsOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function toDto(g: GearTable, totals: { distanceM: number; timeS: number; count: number } | undefined): GearDto {
  const initial = Number(g.initialDistanceM);
  return {
    id: g.id,
    name: g.name,
    kind: (KINDS.has(g.kind) ? g.kind : 'other') as GearKind,
    brand: g.brand,
    model: g.model,
    notes: g.notes,
    retired: Boolean(g.retired),
    defaultForSports: sportsOf(g.defaultSportsJson),
    initialDistanceM: initial,
    totalDistanceM: initial + (totals?.distanceM ?? 0),
    totalTimeS: totals?.timeS ?? 0,
    activityCount: totals?.count ?? 0,
  };
}

/** Gear queries, written once for both dialects. Totals are summed from the linked activities. */
export function createGearRepo(db: Kysely<Database>): GearRepo {
  async function totals(userId: string, ids?: string[]) {
    let q = db
      .selectFrom('activities')
      .select((eb) => [
        'gearId',
        eb.fn.coalesce(eb.fn.sum<number>('distanceM'), sql<number>`0`).as('distanceM'),
        eb.fn.coalesce(eb.fn.sum<number>(eb.fn.coalesce('movingTimeS', 'timerTimeS', 'elapsedTimeS')), sql<number>`0`).as('timeS'),
        eb.fn.countAll<number>().as('count'),
      ])
      .where('userId', '=', userId)
      .where('gearId', 'is not', null)
      .groupBy('gearId');
    if (ids) q = q.where('gearId', 'in', ids);
    const rows = await q.execute();
    return new Map(rows.map((r) => [r.gearId as string, { distanceM: Number(r.distanceM), timeS: Number(r.timeS), count: Number(r.count) }]));
  }

  const repo: GearRepo = {
    async list(userId) {
      const rows = await db.selectFrom('gear').selectAll().where('userId', '=', userId).orderBy('retired').orderBy('name').execute();
      const t = await totals(userId);
      return rows.map((g) => toDto(g, t.get(g.id)));
    },
    async get(userId, id) {
      const g = await db.selectFrom('gear').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!g) return null;
      return toDto(g, (await totals(userId, [id])).get(id));
    },
    async create(userId, g) {
      const id = randomUUID();
      await db
        .insertInto('gear')
        .values({
          id,
          userId,
          name: g.name.trim(),
          kind: g.kind && KINDS.has(g.kind) ? g.kind : 'other',
          brand: g.brand ?? null,
          model: g.model ?? null,
          notes: g.notes ?? null,
          retired: g.retired ? 1 : 0,
          defaultSportsJson: JSON.stringify(g.defaultForSports ?? []),
          initialDistanceM: g.initialDistanceM ?? 0,
          createdAtMs: Date.now(),
        })
        .execute();
      return (await repo.get(userId, id))!;
    },
    async ensureByName(userId, name, kind, extra = {}) {
      const clean = name.trim();
      const found = await db
        .selectFrom('gear')
        .select('id')
        .where('userId', '=', userId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', clean.toLowerCase()))
        .executeTakeFirst();
      if (found) return found.id;
      // Two imports racing on the same new name: the unique (user_id, name) index keeps one row.
      try {
        return (await repo.create(userId, { ...extra, name: clean, kind })).id;
      } catch (e) {
        const again = await db.selectFrom('gear').select('id').where('userId', '=', userId).where('name', '=', clean).executeTakeFirst();
        if (again) return again.id;
        throw e;
      }
    },
    async update(userId, id, p) {
      const values: Partial<GearTable> = {};
      if (p.name !== undefined) values.name = p.name.trim();
      if (p.kind !== undefined) values.kind = KINDS.has(p.kind) ? p.kind : 'other';
      if (p.brand !== undefined) values.brand = p.brand;
      if (p.model !== undefined) values.model = p.model;
      if (p.notes !== undefined) values.notes = p.notes;
      if (p.retired !== undefined) values.retired = p.retired ? 1 : 0;
      if (p.defaultForSports !== undefined) values.defaultSportsJson = JSON.stringify(p.defaultForSports);
      if (p.initialDistanceM !== undefined) values.initialDistanceM = p.initialDistanceM;
      if (!Object.keys(values).length) return Boolean(await repo.get(userId, id));
      const r = await db.updateTable('gear').set(values).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async delete(userId, id) {
      return db.transaction().execute(async (trx) => {
        await trx.updateTable('activities').set({ gearId: null }).where('userId', '=', userId).where('gearId', '=', id).execute();
        const r = await trx.deleteFrom('gear').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },
    async defaultFor(userId, sport) {
      const rows = await db.selectFrom('gear').select(['id', 'defaultSportsJson']).where('userId', '=', userId).where('retired', '=', 0).orderBy('createdAtMs').execute();
      return rows.find((r) => sportsOf(r.defaultSportsJson).includes(sport))?.id ?? null;
    },
  };
  return repo;
}
