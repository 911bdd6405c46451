import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { newPgClient } from './pg-client.js';
import { encodeStreams } from '../../storage/stream-codec.js';
import { normaliseValue, pgLogicalType, sqliteLogicalType, type ColumnInfo } from './column-types.js';
import { BOOKKEEPING_TABLES, DERIVED_TABLES, describeLocation, kyselyOnClient, sqliteFileOf, topoOrder, type DbLocation, type TableInfo } from './db-location.js';

export type Row = Record<string, unknown>;

/**
 * One consistent view of a whole database (issue 16): every table's rows as canonical values
 * (column-types.ts), the applied migrations, tables parents-first. SQLite: a read transaction on
 * a separate read-only connection (WAL: the writer keeps importing; we see the last commit before
 * our first read). PostgreSQL: a REPEATABLE READ, READ ONLY transaction read through cursors.
 * Either way rows are streamed: memory does not grow with the database.
 */
export interface RowsOptions {
  /** In primary-key order (a table without one is read unordered). */
  ordered?: boolean;
  /** Only rows whose primary key is greater than this (keyset resume; needs `ordered`). */
  after?: unknown[] | null;
}

export interface SnapshotReader {
  kind: 'sqlite' | 'postgres';
  migrations: string[];
  tables: TableInfo[];
  rows(table: TableInfo, opts?: RowsOptions): AsyncGenerator<Row>;
  close(): Promise<void>;
}

/** A table streaming out gives the event loop a turn at least this often (issue 14: browsing during a backup). */
const YIELD_AFTER_MS = 8;
const tick = () => new Promise<void>((r) => setImmediate(r));

export async function openSnapshot(loc: DbLocation): Promise<SnapshotReader> {
  return loc.kind === 'sqlite' ? openSqliteSnapshot(loc.dataDir) : openPgSnapshot(loc.url);
}

function quote(id: string): string {
  return `"${id.replace(/"/g, '""')}"`;
}

/**
 * ORDER BY the primary key and, to resume, WHERE (k1, k2, …) > (after…): a row-value comparison,
 * which both SQLite (3.15+) and PostgreSQL evaluate in the same order as the ORDER BY.
 */
function keyset(table: TableInfo, opts: RowsOptions, param: (v: unknown) => string): { where: string; order: string; params: unknown[] } {
  const pk = table.primaryKey ?? [];
  if (!opts.ordered || !pk.length) return { where: '', order: '', params: [] };
  const order = ` ORDER BY ${pk.map(quote).join(', ')}`;
  if (!opts.after) return { where: '', order, params: [] };
  if (opts.after.length !== pk.length) throw new Error(`resume key of ${table.name} has ${opts.after.length} values, the key has ${pk.length} columns`);
  const params = opts.after;
  const where = ` WHERE (${pk.map(quote).join(', ')}) > (${params.map(param).join(', ')})`;
  return { where, order, params };
}

async function openSqliteSnapshot(dataDir: string): Promise<SnapshotReader> {
  const file = sqliteFileOf(dataDir);
  if (!existsSync(file)) throw new Error(`no MileVault database in ${dataDir} (${file} is missing)`);
  const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  conn.pragma('busy_timeout = 5000');
  // The snapshot starts at the first read inside the transaction and holds until COMMIT.
  conn.prepare('BEGIN').run();
  try {
    const hasMig = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).get();
    if (!hasMig) throw new Error(`${file} is not a MileVault database (no schema_migrations table)`);
    const migrations = (conn.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const names = (conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[])
      .map((r) => r.name)
      .filter((n) => !BOOKKEEPING_TABLES.has(n) && !DERIVED_TABLES.has(n));
    const parents = new Map<string, Set<string>>();
    const cols = new Map<string, ColumnInfo[]>();
    const pks = new Map<string, string[]>();
    for (const t of names) {
      parents.set(t, new Set((conn.prepare(`PRAGMA foreign_key_list(${quote(t)})`).all() as { table: string }[]).map((f) => f.table)));
      const info = conn.prepare(`PRAGMA table_info(${quote(t)})`).all() as { name: string; type: string; pk: number }[];
      cols.set(t, info.map((c) => ({ name: c.name, type: sqliteLogicalType(c.type) })));
      pks.set(t, info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name));
    }
    const tables = topoOrder(names, parents).map((name) => ({ name, columns: cols.get(name)!, primaryKey: pks.get(name) ?? [] }));
    return {
      kind: 'sqlite',
      migrations,
      tables,
      async *rows(table, opts = {}) {
        const { where, order, params } = keyset(table, opts, () => '?');
        const st = conn.prepare(`SELECT ${table.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)}${where}${order}`);
        let last = performance.now();
        for (const r of st.iterate(...params) as IterableIterator<Row>) {
          const out: Row = {};
          for (const c of table.columns) out[c.name] = normaliseValue(c.type, r[c.name]);
          yield out;
          // Keep a server's event loop turning while a large table streams out: by time, not by
          // rows (500 rows of stream blobs, written out by the backup, held the loop for 100s of ms).
          if (performance.now() - last >= YIELD_AFTER_MS) {
            await tick();
            last = performance.now();
          }
        }
      },
      async close() {
        if (!conn.open) return;
        if (conn.inTransaction) conn.prepare('COMMIT').run();
        conn.close();
      },
    };
  } catch (e) {
    conn.close();
    throw e;
  }
}

async function openPgSnapshot(url: string): Promise<SnapshotReader> {
  // Loaded here, with pg: a SQLite server never needs either (server ready time).
  const { pgStreamLayout } = await import('../../storage/postgres/pg-stream-layout.js');
  const client = await newPgClient(url);
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot connect to ${describeLocation({ kind: 'postgres', url })}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const has = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`);
    if (!has.rowCount) throw new Error(`${describeLocation({ kind: 'postgres', url })} is not a MileVault database (no schema_migrations table)`);
    const migrations = (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
    const colRows = (
      await client.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
         WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`,
      )
    ).rows;
    const cols = new Map<string, ColumnInfo[]>();
    for (const r of colRows) {
      if (BOOKKEEPING_TABLES.has(r.table_name) || DERIVED_TABLES.has(r.table_name)) continue;
      (cols.get(r.table_name) ?? cols.set(r.table_name, []).get(r.table_name)!).push({ name: r.column_name, type: pgLogicalType(r.data_type) });
    }
    const fk = await client.query<{ child: string; parent: string }>(
      `SELECT cl.relname AS child, pr.relname AS parent FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pr ON pr.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    );
    const parents = new Map<string, Set<string>>();
    for (const r of fk.rows) (parents.get(r.child) ?? parents.set(r.child, new Set()).get(r.child)!).add(r.parent);
    const pkRows = await client.query<{ table_name: string; column_name: string }>(
      `SELECT cl.relname AS table_name, a.attname AS column_name FROM pg_index i
       JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = ANY(i.indkey)
       WHERE i.indisprimary AND n.nspname = current_schema()
       ORDER BY cl.relname, array_position(i.indkey::int2[], a.attnum)`,
    );
    const pks = new Map<string, string[]>();
    for (const r of pkRows.rows) (pks.get(r.table_name) ?? pks.set(r.table_name, []).get(r.table_name)!).push(r.column_name);
    const tables = topoOrder([...cols.keys()], parents).map((name) => ({ name, columns: cols.get(name)!, primaryKey: pks.get(name) ?? [] }));
    const kdb = kyselyOnClient(client);
    let cursorNo = 0;
    let closed = false;
    return {
      kind: 'postgres',
      migrations,
      tables,
      async *rows(table, opts = {}) {
        const cursor = `mv_backup_${++cursorNo}`;
        const { where, order } = keyset(table, opts, (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : client.escapeLiteral(String(v))));
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${table.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)}${where}${order}`);
        try {
          for (;;) {
            const batch = await client.query<Row>(`FETCH ${table.name === 'activity_streams' ? 50 : 1000} FROM ${cursor}`);
            if (!batch.rows.length) break;
            for (const r of batch.rows) {
              const out: Row = {};
              for (const c of table.columns) out[c.name] = normaliseValue(c.type, r[c.name]);
              // The portable form of a stream is the full blob: rebuild it from the sample rows.
              if (table.name === 'activity_streams') {
                const streams = await pgStreamLayout({ mirror: false }).read(kdb, String(out.user_id), String(out.activity_id));
                if (streams) out.data = Buffer.from(encodeStreams(streams));
              }
              yield out;
            }
          }
        } finally {
          await client.query(`CLOSE ${cursor}`).catch(() => {});
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        await client.query('COMMIT').catch(() => {});
        await client.end();
      },
    };
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
}
