import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db-schema.js';
import { migrateToLatest } from '../migrate.js';
import type { Storage } from '../port.js';
import { storageFromDb } from '../storage-from-db.js';
import { sqliteBlobLayout } from './blob-layout.js';

/**
 * Kysely's SQLite driver prepares every statement on every call; preparing was ~10 % of import CPU.
 * better-sqlite3 statements are reusable, so keep the prepared ones by SQL text (bounded).
 * Schema changes (migrations) invalidate the cache, so DDL is never cached.
 */
function cachingStatements(conn: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = conn.prepare.bind(conn);
  return new Proxy(conn, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (sqlText: string) => {
        if (!/^\s*(select|insert|update|delete|with)\b/i.test(sqlText)) {
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

/** Opens (and migrates) the embedded SQLite database at `file` (":memory:" for tests). */
export async function openSqliteStorage(file: string): Promise<Storage> {
  const conn = new BetterSqlite3(file);
  // WAL lets readers proceed during an import; NORMAL sync is durable across app crashes in WAL mode.
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  // 64 MB page cache: imports touch many indexes (activities, efforts, tracks, health samples).
  conn.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(conn) }), plugins: [new CamelCasePlugin()] });
  await migrateToLatest(db, 'sqlite');
  return storageFromDb(db, { kind: 'sqlite', timescale: false, layout: sqliteBlobLayout });
}
