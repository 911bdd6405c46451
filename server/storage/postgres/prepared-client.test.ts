import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/helpers/pg-database.js';
import { createStatementNamer, preparingClient } from './prepared-client.js';

describe('statement namer', () => {
  it('names a text from its second run on, one name per text for good', () => {
    const n = createStatementNamer(3);
    expect(n.nameOf('select $1')).toBeUndefined();
    const a = n.nameOf('select $1');
    expect(a).toMatch(/^mv_\d+$/);
    expect(n.nameOf('select $1')).toBe(a);
    n.nameOf('select $2');
    const b = n.nameOf('select $2');
    expect(b).not.toBe(a);
    expect(n.named).toBe(2);
  });

  it('stops naming at its cap and keeps the names it gave', () => {
    const n = createStatementNamer(2);
    for (const t of ['a', 'b', 'c']) {
      n.nameOf(t);
      n.nameOf(t);
    }
    expect(n.named).toBe(2);
    expect(n.nameOf('c')).toBeUndefined();
    expect(n.nameOf('a')).toBe('mv_0');
    expect(n.nameOf('b')).toBe('mv_1');
  });
});

describe('preparing client on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    if (!db) return;
    pool = new pg.Pool({ connectionString: db.url, max: 1, Client: preparingClient(createStatementNamer()) });
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, $$one$$), (2, $$two$$)');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('prepares a repeated parameterized statement once, with the same answers', async (ctx) => {
    if (!db) return ctx.skip();
    const sql = 'SELECT v FROM t WHERE id = $1';
    const answers: string[] = [];
    for (const id of [1, 2, 1, 2]) answers.push((await pool.query(sql, [id])).rows[0].v);
    expect(answers).toEqual(['one', 'two', 'one', 'two']);
    const prepared = await pool.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
    expect(prepared.rows).toEqual([{ name: expect.stringMatching(/^mv_\d+$/), statement: sql }]);
  });

  it('leaves statements without values (several commands in one string) and config objects alone', async (ctx) => {
    if (!db) return ctx.skip();
    for (let i = 0; i < 3; i++) await pool.query('UPDATE t SET v = v WHERE id = 1; SELECT 1');
    expect((await pool.query({ text: 'SELECT count(*)::int AS n FROM t WHERE id > $1', values: [0] })).rows[0].n).toBe(2);
    expect((await pool.query({ text: 'SELECT count(*)::int AS n FROM t WHERE id > $1', values: [1] })).rows[0].n).toBe(1);
    const prepared = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    expect(prepared.rows.map((r) => r.statement)).toEqual(['SELECT v FROM t WHERE id = $1']);
  });

  it('reports a failing named statement as an error and keeps the connection usable', async (ctx) => {
    if (!db) return ctx.skip();
    const bad = 'SELECT v FROM t WHERE id = $1::int / 0';
    for (let i = 0; i < 3; i++) await expect(pool.query(bad, [1])).rejects.toThrow(/division by zero/);
    expect((await pool.query('SELECT v FROM t WHERE id = $1', [2])).rows[0].v).toBe('two');
  });

  it('prepares a statement again when its table changed shape under it (a migration by another process)', async (ctx) => {
    if (!db) return ctx.skip();
    const sql = 'SELECT * FROM t WHERE id = $1';
    for (let i = 0; i < 3; i++) expect(Object.keys((await pool.query(sql, [1])).rows[0])).toEqual(['id', 'v']);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    await other.query('ALTER TABLE t ADD COLUMN w int DEFAULT 7');
    await other.end();
    expect((await pool.query(sql, [1])).rows[0]).toEqual({ id: 1, v: 'one', w: 7 });
    expect((await pool.query(sql, [2])).rows[0]).toEqual({ id: 2, v: 'two', w: 7 });
    // Inside a transaction the error reaches the caller; the next run outside it recovers.
    await pool.query('ALTER TABLE t DROP COLUMN w');
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await expect(c.query(sql, [1])).rejects.toThrow(/cached plan/);
      await c.query('ROLLBACK');
      expect((await c.query(sql, [1])).rows[0]).toEqual({ id: 1, v: 'one' });
    } finally {
      c.release();
    }
  });
});
