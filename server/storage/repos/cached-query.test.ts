/**
 * cachedQuery runs Kysely's compiled SQL again with new values: the results must be exactly those
 * of building the query each time, whatever the order in which the builder uses the values, and
 * queries it cannot map safely must still run through Kysely.
 */
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db-schema.js';
import { cachedQuery } from './cached-query.js';

function open() {
  const conn = new BetterSqlite3(':memory:');
  conn.exec(`CREATE TABLE daily_load (user_id TEXT NOT NULL, day TEXT NOT NULL, load REAL NOT NULL, PRIMARY KEY (user_id, day))`);
  const sqls: string[] = [];
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()], log: (e) => void sqls.push(e.query.sql) });
  return { db, conn, sqls };
}

const upsert = (db: Kysely<Database>, userId: string, day: string, load: number) =>
  cachedQuery(db, 'test.upsert', [userId, day, load], (p) =>
    db
      .insertInto('dailyLoad')
      .values({ userId: p[0] as string, day: p[1] as string, load: p[2] as number })
      .onConflict((oc) => oc.columns(['userId', 'day']).doUpdateSet({ load: p[2] as number })),
  );

describe('cachedQuery', () => {
  it('runs the same statement with new values, including values used twice and constants of the query', async () => {
    const { db, conn, sqls } = open();
    await upsert(db, 'u', '2024-01-01', 10);
    await upsert(db, 'u', '2024-01-02', 10); // equal values in different roles must not be confused
    await upsert(db, 'u', '2024-01-01', 12.5); // the conflict branch, with the repeated parameter
    await cachedQuery(db, 'test.bump', ['u', '2024-01-02'], (p) =>
      db.updateTable('dailyLoad').set((eb) => ({ load: eb('load', '+', 1) })).where('userId', '=', p[0] as string).where('day', '=', p[1] as string),
    );
    await cachedQuery(db, 'test.bump', ['u', '2024-01-02'], (p) =>
      db.updateTable('dailyLoad').set((eb) => ({ load: eb('load', '+', 1) })).where('userId', '=', p[0] as string).where('day', '=', p[1] as string),
    );
    expect(conn.prepare('select * from daily_load order by day').all()).toEqual([
      { user_id: 'u', day: '2024-01-01', load: 12.5 },
      { user_id: 'u', day: '2024-01-02', load: 12 },
    ]);
    // One SQL text per key, every time.
    expect(new Set(sqls.slice(0, 3)).size).toBe(1);
  });

  it('maps parameters whatever order the builder uses them in, and camelCases result rows', async () => {
    const { db, conn } = open();
    conn.exec(`INSERT INTO daily_load VALUES ('a', '2024-01-01', 1), ('a', '2024-01-02', 2), ('b', '2024-01-01', 3)`);
    // The builder reads p[1] before p[0]: the plan must follow the builder, not the array order.
    const between = (from: string, userId: string) =>
      cachedQuery(db, 'test.since', [from, userId], (p) => db.selectFrom('dailyLoad').selectAll().where('userId', '=', p[1] as string).where('day', '>=', p[0] as string).orderBy('day'));
    expect((await between('2024-01-01', 'a')).rows).toEqual([
      { userId: 'a', day: '2024-01-01', load: 1 },
      { userId: 'a', day: '2024-01-02', load: 2 },
    ]);
    expect((await between('2024-01-02', 'a')).rows).toEqual([{ userId: 'a', day: '2024-01-02', load: 2 }]);
    expect((await between('2024-01-01', 'b')).rows).toEqual([{ userId: 'b', day: '2024-01-01', load: 3 }]);
  });

  it('falls back to building every time when a value does not reach the SQL as a parameter', async () => {
    const { db, conn } = open();
    conn.exec(`INSERT INTO daily_load VALUES ('a', '2024-01-01', 1), ('a', '2024-01-02', 2)`);
    // p[1] is ignored by the builder: a plan would silently drop it, so there must be none.
    const q = (day: string) => cachedQuery(db, 'test.ignores', ['a', day], (p) => db.selectFrom('dailyLoad').select('day').where('userId', '=', p[0] as string).where('day', '=', day));
    expect((await q('2024-01-01')).rows).toEqual([{ day: '2024-01-01' }]);
    expect((await q('2024-01-02')).rows).toEqual([{ day: '2024-01-02' }]);
  });

  it('reports the rows an update changed', async () => {
    const { db, conn } = open();
    conn.exec(`INSERT INTO daily_load VALUES ('a', '2024-01-01', 1)`);
    const set = (userId: string) => cachedQuery(db, 'test.set', [userId, 5], (p) => db.updateTable('dailyLoad').set({ load: p[1] as number }).where('userId', '=', p[0] as string));
    expect(Number((await set('a')).numAffectedRows)).toBe(1);
    expect(Number((await set('zz')).numAffectedRows)).toBe(0);
  });
});
