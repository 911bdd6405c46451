import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import { cachedQuery } from './cached-query.js';

/**
 * Plain multi-row INSERTs whose SQL is compiled once per table, column list and row count
 * (cached-query.ts). Kysely rebuilt and recompiled an activity's ~80 effort rows for ~0.35 ms on
 * every import, and each one-row insert for ~45 µs (measured on 500 one-hour activities).
 * Rows must share one set of keys with defined values; anything else goes through Kysely as usual.
 */
function sameKeys(rows: readonly Record<string, unknown>[], cols: readonly string[]): boolean {
  for (const r of rows) {
    let n = 0;
    for (const k in r) {
      if (r[k] === undefined) return false;
      n++;
    }
    if (n !== cols.length) return false;
    for (let i = 0; i < cols.length; i++) if (!(cols[i] in r)) return false;
  }
  return true;
}

export async function insertRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  if (!rows.length) return;
  const recs = rows as readonly Record<string, unknown>[];
  const cols = Object.keys(recs[0]);
  if (!sameKeys(recs, cols)) {
    await db.insertInto(table).values(rows as never).execute();
    return;
  }
  const k = cols.length;
  const values = new Array<unknown>(recs.length * k);
  let i = 0;
  for (const r of recs) for (const c of cols) values[i++] = r[c];
  await cachedQuery(db, `insert:${table}:${recs.length}:${cols.join(',')}`, values, (p) => {
    const built: Record<string, unknown>[] = [];
    for (let r = 0; r < recs.length; r++) built.push(Object.fromEntries(cols.map((c, j) => [c, p[r * k + j]])));
    return db.insertInto(table).values(built as never);
  });
}
