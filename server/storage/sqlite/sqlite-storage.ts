import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db-schema.js';
import { migrateToLatest } from '../migrate.js';
import type { Storage } from '../port.js';
import { storageFromDb } from '../storage-from-db.js';
import { sqliteBlobLayout } from './blob-layout.js';

/**
 * Group commit for bulk imports (Storage.bulkWrites). better-sqlite3 is one synchronous
 * connection, so while a bulk is open one outer BEGIN spans every write; Kysely's own
 * transactions are rewritten to savepoints (a failed one still rolls back alone), and a timer
 * commits and reopens the outer transaction (every second) whenever no savepoint is open. Measured on 100
 * one-hour activities: commits went from 3 per file to a few per second, and the WAL writes each
 * touched index page once per batch instead of once per file.
 */
const BULK_COMMIT_EVERY_MS = 1000;

class BulkState {
  /** Open bulkWrites() handles. */
  opened = 0;
  /** Repository (Kysely) transactions currently running as savepoints. */
  private depth = 0;
  /** True while the outer transaction is ours. */
  private outer = false;
  private timer: NodeJS.Timeout | null = null;
  private statements = new Map<string, BetterSqlite3.Statement>();
  /** Storage.durable() callers waiting for the outer transaction's COMMIT. */
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  constructor(private conn: BetterSqlite3.Database) {}

  /**
   * Resolves once what was written before the call is committed: at the outer transaction's
   * next COMMIT while one is open, at once otherwise (a write outside a bulk committed with
   * its own statement or repository transaction). Rejects if the outer transaction rolls back.
   */
  durable(): Promise<void> {
    if (!this.outer || !this.conn.inTransaction) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private settle(error?: Error): void {
    const list = this.waiters;
    if (!list.length) return;
    this.waiters = [];
    for (const w of list) error ? w.reject(error) : w.resolve();
  }

  private commitOuter(): void {
    try {
      this.run('commit');
    } catch (e) {
      // COMMIT failed (disk full, I/O error). If SQLite rolled the transaction back, what it held
      // is gone and the waiters learn so; otherwise it is still open and the next tick retries.
      if (!this.conn.inTransaction) {
        this.outer = false;
        this.settle(new Error(`the group commit failed: ${e instanceof Error ? e.message : String(e)}`));
      }
      throw e;
    }
    this.outer = false;
    this.settle();
  }

  private run(sqlText: string): void {
    let st = this.statements.get(sqlText);
    if (!st) this.statements.set(sqlText, (st = this.conn.prepare(sqlText)));
    st.run();
  }

  private openOuter(): void {
    if (this.conn.inTransaction) return;
    this.run('begin');
    this.outer = true;
  }

  begin(): void {
    if (this.opened++ > 0) return;
    this.openOuter();
    if (!this.timer) {
      this.timer = setInterval(() => this.checkpoint(), BULK_COMMIT_EVERY_MS);
      this.timer.unref();
    }
  }

  /** Commits the outer transaction unless a repository transaction is half done; reopens it while bulk. */
  checkpoint(): void {
    if (this.depth > 0) return;
    if (this.outer && this.conn.inTransaction) {
      try {
        this.commitOuter();
      } catch (e) {
        console.error(`[sqlite] group commit failed: ${e instanceof Error ? e.message : String(e)}`);
        if (this.conn.inTransaction) return;
      }
    } else if (this.outer) this.rolledBack();
    this.outer = false;
    if (this.opened > 0) this.openOuter();
    else if (this.timer) clearInterval(this.timer), (this.timer = null);
  }

  /**
   * Closing the database: a repository transaction still half done is abandoned (its savepoints
   * rolled back, as a real transaction would be by a crash) and everything else is committed.
   */
  finish(): void {
    this.opened = 0;
    if (this.timer) clearInterval(this.timer), (this.timer = null);
    if (this.outer && !this.conn.inTransaction) this.rolledBack();
    if (!this.outer || !this.conn.inTransaction) return;
    for (; this.depth > 0; this.depth--) this.run('rollback to milevault_tx');
    this.commitOuter();
  }

  /** SQLite rolled the outer transaction back by itself (e.g. SQLITE_FULL): its writes are gone. */
  private rolledBack(): void {
    this.outer = false;
    this.depth = 0;
    this.settle(new Error('the group commit was rolled back; its writes were not saved'));
  }

  end(): void {
    if (this.opened === 0) return;
    // With a repository transaction half done the timer commits as soon as it finishes.
    if (--this.opened === 0) this.checkpoint();
  }

  /** Kysely's transaction statements, as they must run now. */
  rewrite(sqlText: string): string {
    if (!this.outer && this.depth === 0) return sqlText;
    if (!this.conn.inTransaction) {
      // An error rolled the outer transaction back (SQLite does so on e.g. a full disk).
      this.rolledBack();
      if (this.opened === 0) return sqlText;
      this.openOuter();
    }
    const t = sqlText.trim().toLowerCase();
    if (t === 'begin') {
      this.depth++;
      return 'savepoint milevault_tx';
    }
    if (this.depth > 0 && t === 'commit') {
      this.depth--;
      return 'release milevault_tx';
    }
    if (this.depth > 0 && t === 'rollback') {
      this.depth--;
      return 'rollback to milevault_tx';
    }
    return sqlText;
  }
}

/**
 * Kysely's SQLite driver prepares every statement on every call; preparing was ~10 % of import CPU.
 * better-sqlite3 statements are reusable, so keep the prepared ones by SQL text (bounded).
 * Schema changes (migrations) invalidate the cache, so DDL is never cached. Before transaction
 * statements were cached too, every begin/commit emptied the cache (measured: prepare was still
 * ~9 % of the main thread during imports).
 */
function cachingStatements(conn: BetterSqlite3.Database, bulk: BulkState): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = conn.prepare.bind(conn);
  return new Proxy(conn, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (original: string) => {
        const sqlText = bulk.rewrite(original);
        // Transaction control (begin/commit/savepoint) is reused like any statement; only DDL
        // (or anything unexpected) bypasses and empties the cache.
        if (!/^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i.test(sqlText)) {
          cache.clear();
          return prepare(sqlText);
        }
        let st = cache.get(sqlText);
        if (!st) {
          st = prepare(sqlText);
          if (cache.size >= 2000) cache.clear();
          cache.set(sqlText, st);
        }
        return st;
      };
    },
  });
}

/**
 * Reads through a memory map of the database file (SQLite caps it at 2 GB; MILEVAULT_SQLITE_MMAP_MB,
 * 0 = off). An activity page at 50 athletes × 1,000 activities touches pages no 8 MB cache holds;
 * each was a read() system call and a copy. Mapped, the OS page cache serves them in place:
 * detail requests under 50 clients went from 430 to 870 a second (issue 14). Writes still go
 * through the WAL with write() and fsync, so durability is unchanged. The mapped pages count in
 * the process's RSS while the OS keeps them, as file cache it can drop at any time.
 */
const MMAP_BYTES = (() => {
  const mb = Number(process.env.MILEVAULT_SQLITE_MMAP_MB ?? 2048);
  return Number.isFinite(mb) && mb >= 0 ? Math.floor(mb * 1024 * 1024) : 2048 * 1024 * 1024;
})();

/** Opens (and migrates) the embedded SQLite database at `file` (":memory:" for tests). */
export async function openSqliteStorage(file: string): Promise<Storage> {
  const conn = new BetterSqlite3(file);
  // WAL lets readers proceed during an import. FULL sync: a COMMIT returns only once the WAL is on
  // disk, so it survives power loss as well as a killed process, and Storage.durable() (after which
  // staged uploads are deleted) means what it says (issue 12). Group commit keeps the fsyncs few:
  // importing 200 one-hour FIT files made 88 fsync calls (12.8 ms in all) against 9 with NORMAL, and 8 alternating runs each imported at a median 35.4 files/s (FULL) vs 32.2
  // (NORMAL), within this VM's noise.
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  // 8 MB page cache. Measured importing 5,000 one-hour activities: 64 MB was no faster (the OS
  // page cache serves the rest) and each halving from 64 MB lowered the peak RSS by 10–25 MB
  // (issue 3: < 300 MB while importing 5,000 activities).
  conn.pragma('cache_size = -8192');
  conn.pragma(`mmap_size = ${MMAP_BYTES}`);
  const bulk = new BulkState(conn);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(conn, bulk) }), plugins: [new CamelCasePlugin()] });
  await migrateToLatest(db, 'sqlite');
  // A second, read-only connection sees only committed transactions (WAL snapshot): what the
  // API reports about an import job comes from here, so no answer describes a write the group
  // commit still holds and a kill could undo (issue 12). An in-memory database has no second view.
  const reader = file === ':memory:' || file === '' ? null : new BetterSqlite3(file, { readonly: true });
  reader?.pragma('busy_timeout = 5000');
  reader?.pragma('cache_size = -1024');
  reader?.pragma(`mmap_size = ${MMAP_BYTES}`);
  const committedDb = reader ? new Kysely<Database>({ dialect: new SqliteDialect({ database: reader }), plugins: [new CamelCasePlugin()] }) : db;
  const storage = storageFromDb(db, {
    kind: 'sqlite',
    timescale: false,
    layout: sqliteBlobLayout,
    committedDb,
    durable: () => bulk.durable(),
    bulkWrites: () => {
      bulk.begin();
      let ended = false;
      return {
        end() {
          if (!ended) (ended = true), bulk.end();
        },
      };
    },
  });
  const close = storage.close;
  return {
    ...storage,
    async close() {
      // Whatever a bulk left pending is committed before the connection closes.
      bulk.finish();
      await close();
      if (committedDb !== db) await committedDb.destroy();
    },
  };
}
