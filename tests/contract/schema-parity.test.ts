import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../../server/storage/migrate.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { createTestDatabase } from '../helpers/pg-database.js';

/** Tables only one dialect has, by design: Postgres keeps samples as rows (a Timescale hypertable). */
const DIALECT_ONLY = new Set(['activity_samples', 'activity_samples_daily']);
const BOOKKEEPING = new Set(['schema_migrations', 'schema_migrations_lock']);

type Schema = Record<string, string[]>;

async function sqliteSchema(): Promise<Schema> {
  const conn = new BetterSqlite3(':memory:');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()] });
  await migrateToLatest(db, 'sqlite');
  const tables = conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
  const out: Schema = {};
  for (const { name } of tables) out[name] = (conn.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name).sort();
  await db.destroy();
  return out;
}

describe('migrations', () => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => drop?.());

  it('have the same names in both dialects', () => {
    expect(Object.keys(MIGRATIONS.sqlite)).toEqual(Object.keys(MIGRATIONS.postgres));
  });

  it('give SQLite and PostgreSQL the same logical schema', async () => {
    const tdb = await createTestDatabase();
    expect(tdb, 'PostgreSQL must be available to the test run').not.toBeNull();
    drop = tdb!.drop;
    const storage = await openPostgresStorage(tdb!.url);
    await storage.close();
    const c = new pg.Client({ connectionString: tdb!.url });
    await c.connect();
    const res = await c.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`);
    await c.end();
    const pgSchema: Schema = {};
    for (const r of res.rows as { table_name: string; column_name: string }[]) (pgSchema[r.table_name] ??= []).push(r.column_name);
    for (const k of Object.keys(pgSchema)) pgSchema[k].sort();
    const strip = (s: Schema) => Object.fromEntries(Object.entries(s).filter(([t]) => !DIALECT_ONLY.has(t) && !BOOKKEEPING.has(t)));
    const lite = await sqliteSchema();
    expect(Object.keys(strip(pgSchema)).sort()).toEqual(Object.keys(strip(lite)).sort());
    expect(strip(pgSchema)).toEqual(strip(lite));
    expect(pgSchema.activity_samples).toBeDefined();
  });
});
