import { mkdirSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { newPgClient } from './pg-client.js';
import type { Database } from '../../storage/db-schema.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { pgStreamLayout } from '../../storage/postgres/pg-stream-layout.js';
import { enableTimescale } from '../../storage/postgres/timescale.js';
import type { EncodedStreams } from '../../storage/stream-codec.js';
import { pgLogicalType, sqliteLogicalType, type ColumnInfo } from './column-types.js';
import { BOOKKEEPING_TABLES, DERIVED_TABLES, MIGRATE_LEDGER_TABLE, describeLocation, kyselyOnClient, migrateOnly, sqliteFileOf, type DbLocation } from './db-location.js';
import type { Row } from './snapshot-reader.js';

/**
 * An empty database being filled from a backup or another database. `prepare` creates the schema
 * the rows were taken from (exactly those migrations); rows go in inside one transaction;
 * `countRows` lets the caller verify before `commit`, which also runs the newer migrations.
 * `abort` leaves the location as it was found (empty).
 */
export interface RestoreTarget {
  prepare(migrations: readonly string[]): Promise<void>;
  /** The target's columns of a table (after prepare), or undefined when it has no such table. */
  columns(table: string): ColumnInfo[] | undefined;
  /** Every table after prepare. */
  tableNames(): string[];
  insert(table: string, columns: readonly ColumnInfo[], rows: Row[]): Promise<void>;
  countRows(table: string): Promise<number>;
  /** Commits the rows (foreign keys checked first); the schema stays at the prepared version. */
  commit(): Promise<void>;
  /** After commit: runs the newer migrations (and Timescale) and closes. */
  upgrade(): Promise<void>;
  abort(): Promise<void>;

  // Resumable loading (`milevault migrate`): instead of prepare → insert → commit in one
  // transaction, every batch commits together with its ledger entry, so a run that is killed
  // resumes from the last committed batch.
  /**
   * A new target: the ledger (first, with the source's fingerprint) and the schema. A target left by
   * an interrupted migrate from the same source: its ledger. Anything else is refused.
   */
  prepareResumable(migrations: readonly string[], fingerprint: string): Promise<Map<string, LedgerEntry>>;
  /** Rows and the table's ledger entry in one transaction. */
  loadBatch(table: string, columns: readonly ColumnInfo[], rows: Row[], entry: LedgerEntry): Promise<void>;
  /** Empties a table (one without a primary key that was copied only in part). */
  clearTable(table: string): Promise<void>;
  /** After all batches: referential integrity (SQLite loads with foreign keys off). */
  checkLoaded(): Promise<void>;
  /** Closes, keeping everything loaded so far (an interrupted migrate). */
  detach(): Promise<void>;
}

/** What a resumable load has committed of one table. */
export interface LedgerEntry {
  rows: number;
  /** Primary key of the last committed row; null before the first batch or without a key. */
  lastKey: unknown[] | null;
  done: boolean;
}

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS ${'"' + MIGRATE_LEDGER_TABLE + '"'} (table_name TEXT PRIMARY KEY, rows_copied BIGINT NOT NULL, last_key TEXT, done INTEGER NOT NULL)`;
const LEDGER_UPSERT = (p: (i: number) => string) =>
  `INSERT INTO "${MIGRATE_LEDGER_TABLE}" (table_name, rows_copied, last_key, done) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}) ON CONFLICT (table_name) DO UPDATE SET rows_copied = excluded.rows_copied, last_key = excluded.last_key, done = excluded.done`;
/** The ledger row holding the source's fingerprint. */
const FINGERPRINT_ROW = '*';

function ledgerMap(rows: { table_name: string; rows_copied: number | string; last_key: string | null; done: number }[]): Map<string, LedgerEntry> {
  const out = new Map<string, LedgerEntry>();
  for (const r of rows) {
    if (r.table_name === FINGERPRINT_ROW) continue;
    out.set(r.table_name, { rows: Number(r.rows_copied), lastKey: r.last_key ? (JSON.parse(r.last_key) as unknown[]) : null, done: Number(r.done) === 1 });
  }
  return out;
}

function checkFingerprint(where: string, stored: string | undefined, fingerprint: string): void {
  if (stored === undefined) throw new Error(`${where} holds an unfinished migrate without its source; empty it to start over`);
  if (stored !== fingerprint) {
    const was = (JSON.parse(stored) as { from?: string }).from ?? 'another source';
    throw new Error(`${where} holds an unfinished migrate from ${was} (or from an older schema of it); finish that one, or empty the target to start over`);
  }
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

export async function openRestoreTarget(loc: DbLocation): Promise<RestoreTarget> {
  return loc.kind === 'sqlite' ? sqliteTarget(loc.dataDir) : pgTarget(loc.url);
}

/** SQLite in a data folder the caller created empty (restores build in a fresh folder, then rename). */
async function sqliteTarget(dataDir: string): Promise<RestoreTarget> {
  mkdirSync(dataDir, { recursive: true });
  const conn = new BetterSqlite3(sqliteFileOf(dataDir));
  conn.pragma('journal_mode = WAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }), plugins: [new CamelCasePlugin()] });
  const cols = new Map<string, ColumnInfo[]>();
  const inserts = new Map<string, BetterSqlite3.Statement>();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (conn.inTransaction) conn.prepare('ROLLBACK').run();
    await db.destroy();
  };
  const insertRows = (table: string, columns: readonly ColumnInfo[], rows: Row[]) => {
    const key = `${table}\0${columns.map((c) => c.name).join(',')}`;
    let st = inserts.get(key);
    if (!st) {
      st = conn.prepare(`INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      inserts.set(key, st);
    }
    for (const r of rows) st.run(columns.map((c) => r[c.name] ?? null));
  };
  const loadColumns = () => {
    for (const { name } of conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]) {
      if (name === MIGRATE_LEDGER_TABLE) continue;
      cols.set(name, (conn.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; type: string }[]).map((c) => ({ name: c.name, type: sqliteLogicalType(c.type) })));
    }
  };
  return {
    async prepareResumable(migrations, fingerprint) {
      const names = (conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
      if (names.length && !names.includes(MIGRATE_LEDGER_TABLE)) throw new Error(`${dataDir} already holds a database`);
      if (!names.length) {
        conn.exec(LEDGER_DDL);
        conn.prepare(LEDGER_UPSERT(() => '?')).run(FINGERPRINT_ROW, 0, fingerprint, 0);
      }
      const ledger = conn.prepare(`SELECT table_name, rows_copied, last_key, done FROM "${MIGRATE_LEDGER_TABLE}"`).all() as { table_name: string; rows_copied: number; last_key: string | null; done: number }[];
      checkFingerprint(dataDir, ledger.find((r) => r.table_name === FINGERPRINT_ROW)?.last_key ?? undefined, fingerprint);
      // Applies what is missing: all on a new target, the rest after a kill during the schema.
      await migrateOnly(db, 'sqlite', migrations);
      loadColumns();
      conn.pragma('foreign_keys = OFF');
      return ledgerMap(ledger);
    },
    async loadBatch(table, columns, rows, entry) {
      conn.prepare('BEGIN').run();
      try {
        insertRows(table, columns, rows);
        conn.prepare(LEDGER_UPSERT(() => '?')).run(table, entry.rows, entry.lastKey ? JSON.stringify(entry.lastKey) : null, entry.done ? 1 : 0);
        conn.prepare('COMMIT').run();
      } catch (e) {
        if (conn.inTransaction) conn.prepare('ROLLBACK').run();
        throw e;
      }
    },
    async clearTable(table) {
      conn.prepare(`DELETE FROM ${quote(table)}`).run();
    },
    async checkLoaded() {
      const broken = conn.prepare('PRAGMA foreign_key_check').all() as { table: string; parent: string }[];
      if (broken.length) throw new Error(`${broken.length} row(s) point at missing rows (first: ${broken[0].table} → ${broken[0].parent})`);
      conn.pragma('foreign_keys = ON');
    },
    detach: close,
    async prepare(migrations) {
      const existing = conn.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type='table'`).get() as { n: number };
      if (existing.n) throw new Error(`${dataDir} already holds a database`);
      await migrateOnly(db, 'sqlite', migrations);
      loadColumns();
      // Foreign keys are checked once, before commit (PRAGMA foreign_key_check), not per row.
      conn.pragma('foreign_keys = OFF');
      conn.prepare('BEGIN').run();
    },
    columns: (t) => cols.get(t),
    tableNames: () => [...cols.keys()],
    async insert(table, columns, rows) {
      insertRows(table, columns, rows);
    },
    async countRows(table) {
      return (conn.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
    },
    async commit() {
      const broken = conn.prepare('PRAGMA foreign_key_check').all() as { table: string; parent: string }[];
      if (broken.length) throw new Error(`${broken.length} row(s) point at missing rows (first: ${broken[0].table} → ${broken[0].parent})`);
      conn.prepare('COMMIT').run();
      conn.pragma('foreign_keys = ON');
    },
    async upgrade() {
      conn.exec(`DROP TABLE IF EXISTS "${MIGRATE_LEDGER_TABLE}"`);
      await migrateToLatest(db, 'sqlite');
      conn.pragma('wal_checkpoint(TRUNCATE)');
      await close();
    },
    abort: close,
  };
}

/**
 * PostgreSQL: the database must be empty (no tables). Migrations run first (Kysely's migrator
 * commits its own transactions), rows in one transaction; on abort the transaction rolls back and
 * the tables the migrations created are dropped, so the database is empty again.
 */
async function pgTarget(url: string): Promise<RestoreTarget> {
  const where = describeLocation({ kind: 'postgres', url });
  const client = await newPgClient(url);
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot connect to ${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const kdb = kyselyOnClient(client);
  const cols = new Map<string, ColumnInfo[]>();
  let migrated = false;
  let inTx = false;
  const startTimes = new Map<string, number>();
  const tableNames = async () =>
    (await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)).rows.map((r) => r.table_name);
  const end = () => client.end().catch(() => {});
  const loadColumns = async () => {
    const res = await client.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    for (const r of res.rows) {
      if (r.table_name === MIGRATE_LEDGER_TABLE) continue;
      (cols.get(r.table_name) ?? cols.set(r.table_name, []).get(r.table_name)!).push({ name: r.column_name, type: pgLogicalType(r.data_type) });
    }
  };

  async function insertRows(table: string, columns: readonly ColumnInfo[], rows: Row[]): Promise<void> {
    if (!rows.length) return;
    if (table === 'activity_streams') {
      // The samples go in as rows through the PostgreSQL stream layout (which also writes this row).
      const names = columns.map((c) => c.name).sort().join(',');
      if (names !== 'activity_id,data,sample_count,user_id') throw new Error(`activity_streams has columns (${names}) the PostgreSQL stream layout does not carry`);
      for (const r of rows) {
        const activityId = String(r.activity_id);
        let start = startTimes.get(activityId);
        if (start === undefined) {
          const a = await client.query<{ s: string }>('SELECT start_time_ms AS s FROM activities WHERE id = $1', [activityId]);
          if (!a.rows.length) throw new Error(`activity_streams row for a missing activity ${activityId}`);
          start = Number(a.rows[0].s);
        }
        const blob = r.data as Buffer;
        await pgStreamLayout({ mirror: false }).write(kdb, String(r.user_id), activityId, start, { blob: new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), sampleCount: Number(r.sample_count) } as EncodedStreams);
      }
      return;
    }
    if (table === 'activities') for (const r of rows) startTimes.set(String(r.id), Number(r.start_time_ms));
    // pg allows 65,535 parameters per statement.
    const per = Math.max(1, Math.floor(60_000 / columns.length));
    const colList = columns.map((c) => quote(c.name)).join(', ');
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => `(${columns.map((c) => (params.push(r[c.name] ?? null), `$${params.length}`)).join(', ')})`);
      await client.query(`INSERT INTO ${quote(table)} (${colList}) VALUES ${tuples.join(', ')}`, params);
    }
  }

  return {
    async prepare(migrations) {
      const existing = await tableNames();
      if (existing.length) throw new Error(`${where} is not empty (${existing.length} tables); restore needs an empty database`);
      migrated = true;
      await migrateOnly(kdb, 'postgres', migrations);
      await loadColumns();
      await client.query('BEGIN');
      inTx = true;
    },
    columns: (t) => cols.get(t),
    tableNames: () => [...cols.keys()],
    insert: insertRows,
    async countRows(table) {
      return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`)).rows[0].n);
    },
    async commit() {
      await client.query('COMMIT');
      inTx = false;
    },
    async upgrade() {
      await client.query(`DROP TABLE IF EXISTS "${MIGRATE_LEDGER_TABLE}"`);
      await migrateToLatest(kdb, 'postgres');
      await enableTimescale(kdb);
      await end();
    },
    async abort() {
      if (inTx) await client.query('ROLLBACK').catch(() => {});
      if (migrated) {
        // The database was empty when we started: drop what our migrations created.
        for (const t of await tableNames().catch(() => [] as string[])) await client.query(`DROP TABLE IF EXISTS ${quote(t)} CASCADE`).catch(() => {});
      }
      await end();
    },
    async prepareResumable(migrations, fingerprint) {
      const existing = await tableNames();
      if (existing.length && !existing.includes(MIGRATE_LEDGER_TABLE)) throw new Error(`${where} is not empty (${existing.length} tables); migrate needs an empty database`);
      if (!existing.length) {
        await client.query(LEDGER_DDL);
        await client.query(LEDGER_UPSERT((i) => `$${i}`), [FINGERPRINT_ROW, 0, fingerprint, 0]);
      }
      const ledger = (await client.query<{ table_name: string; rows_copied: string; last_key: string | null; done: number }>(`SELECT table_name, rows_copied, last_key, done FROM "${MIGRATE_LEDGER_TABLE}"`)).rows;
      checkFingerprint(where, ledger.find((r) => r.table_name === FINGERPRINT_ROW)?.last_key ?? undefined, fingerprint);
      // A failed verification may drop everything (abort); from here on the tables are ours.
      migrated = true;
      await migrateOnly(kdb, 'postgres', migrations);
      await loadColumns();
      return ledgerMap(ledger);
    },
    async loadBatch(table, columns, rows, entry) {
      await client.query('BEGIN');
      inTx = true;
      try {
        await insertRows(table, columns, rows);
        await client.query(LEDGER_UPSERT((i) => `$${i}`), [table, entry.rows, entry.lastKey ? JSON.stringify(entry.lastKey) : null, entry.done ? 1 : 0]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        inTx = false;
      }
    },
    async clearTable(table) {
      await client.query(`DELETE FROM ${quote(table)}`);
    },
    async checkLoaded() {
      // PostgreSQL checked every foreign key as the rows went in.
    },
    async detach() {
      if (inTx) await client.query('ROLLBACK').catch(() => {});
      inTx = false;
      await end();
    },
  };
}

/** Tables a target has that a backup must have carried (for the "every table covered" check). */
export function portableTables(names: Iterable<string>): string[] {
  return [...names].filter((n) => !BOOKKEEPING_TABLES.has(n) && !DERIVED_TABLES.has(n));
}
