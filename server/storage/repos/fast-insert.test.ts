/**
 * insertRows reuses Kysely's compiled SQL per (table, columns, row count): the rows it writes must
 * be exactly those Kysely writes, and shapes it cannot prove safe must go through Kysely.
 */
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db-schema.js';
import { insertRows } from './fast-insert.js';

function open() {
  const conn = new BetterSqlite3(':memory:');
  conn.exec(`CREATE TABLE activity_efforts (activity_id TEXT NOT NULL, user_id TEXT NOT NULL, sport TEXT NOT NULL, kind TEXT NOT NULL,
    key REAL NOT NULL, value REAL NOT NULL, start_time_ms INTEGER NOT NULL, year INTEGER NOT NULL DEFAULT 1999, PRIMARY KEY (activity_id, kind, key))`);
  const statements: string[] = [];
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()], log: (e) => void statements.push(e.query.sql) });
  return { db, conn, statements };
}

const row = (activityId: string, key: number, value: number) => ({ activityId, userId: 'u', sport: 'running', kind: 'power', key, value, startTimeMs: 1_700_000_000_000 + key, year: 2024 });

describe('insertRows', () => {
  it('writes the same rows as Kysely on the first call and on every reuse of the compiled shape', async () => {
    const { db, conn } = open();
    await insertRows(db, 'activityEfforts', [row('a', 1, 100), row('a', 2, 90)]);
    // Same shape, new values, and a different key order in the objects: columns follow the shape.
    const reordered = { value: 80, key: 3, activityId: 'b', userId: 'u', sport: 'running', kind: 'power', startTimeMs: 5, year: 2025 };
    await insertRows(db, 'activityEfforts', [row('b', 1, 200), reordered]);
    await insertRows(db, 'activityEfforts', [row('c', 7, 1.5)]);
    const rows = conn.prepare('select activity_id, key, value, start_time_ms, year from activity_efforts order by activity_id, key').all();
    expect(rows).toEqual([
      { activity_id: 'a', key: 1, value: 100, start_time_ms: 1_700_000_000_001, year: 2024 },
      { activity_id: 'a', key: 2, value: 90, start_time_ms: 1_700_000_000_002, year: 2024 },
      { activity_id: 'b', key: 1, value: 200, start_time_ms: 1_700_000_000_001, year: 2024 },
      { activity_id: 'b', key: 3, value: 80, start_time_ms: 5, year: 2025 },
      { activity_id: 'c', key: 7, value: 1.5, start_time_ms: 1_700_000_000_007, year: 2024 },
    ]);
  });

  it('reuses the compiled SQL: the second insert of a shape does not go through the query builder', async () => {
    const { db, statements } = open();
    await insertRows(db, 'activityEfforts', [row('a', 1, 100)]);
    await insertRows(db, 'activityEfforts', [row('b', 1, 100)]);
    // Both executed the same SQL text (Kysely's log sees raw compiled queries too).
    expect(statements).toHaveLength(2);
    expect(statements[1]).toBe(statements[0]);
    expect(statements[0]).toMatch(/insert into "activity_efforts" \("activity_id", "user_id"/);
  });

  it('leaves rows with undefined values or differing columns to Kysely, with Kysely\'s result', async () => {
    const batches = [[row('a', 1, 100)], [{ ...row('b', 1, 50), year: undefined }], [row('c', 2, 41), (({ year: _y, ...r }) => r)(row('c', 1, 40))]] as never[][];
    const ours = open();
    const theirs = open();
    for (const rows of batches) {
      const a = await insertRows(ours.db, 'activityEfforts', rows).then(() => 'ok', (e: Error) => e.message);
      const b = await theirs.db.insertInto('activityEfforts').values(rows).execute().then(() => 'ok', (e: Error) => e.message);
      expect(a).toBe(b);
    }
    const all = (c: BetterSqlite3.Database) => c.prepare('select * from activity_efforts order by activity_id, key').all();
    expect(all(ours.conn)).toEqual(all(theirs.conn));
    expect(all(ours.conn).length).toBeGreaterThanOrEqual(2);
  });

  it('does nothing for no rows and reports constraint errors like Kysely', async () => {
    const { db, conn } = open();
    await insertRows(db, 'activityEfforts', []);
    await insertRows(db, 'activityEfforts', [row('a', 1, 100)]);
    await expect(insertRows(db, 'activityEfforts', [row('a', 1, 100)])).rejects.toThrow(/UNIQUE constraint failed/);
    expect(conn.prepare('select count(*) as n from activity_efforts').get()).toEqual({ n: 1 });
  });
});
