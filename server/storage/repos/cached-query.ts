import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../db-schema.js';

/**
 * A query run many times with different values (per imported file: its import_files row, its
 * duplicate check, its metrics upsert…), built and compiled by Kysely once instead of every time.
 * Building and compiling a Kysely query (operation tree, camel-case plugin, compiler) cost
 * ~40 µs, as much as SQLite took to run most of these statements.
 *
 * `build(p)` must make the query from the values in `p` only; `key` must name everything else
 * that shapes the SQL (which optional clauses are present, how long an IN list is). The first call
 * builds it once more with a unique probe in place of each value, so the compiled SQL's parameters
 * map to `p` exactly (parameters Kysely added itself, such as the 1 of `done + 1`, stay as
 * compiled); later calls only execute that SQL with the new values. Results go through the
 * plugins as usual (rows come back camelCased).
 */
interface Plan {
  sql: string;
  /** Per compiled parameter: the index into `p`, or -1 for a constant of the query itself. */
  from: Int32Array;
  constants: unknown[];
}

const plans = new WeakMap<object, Map<string, Plan | null>>();

function probe(i: number): string {
  return `\u0000milevault-probe-${i}\u0000`;
}

function planOf(db: Kysely<Database>, key: string, n: number, build: (p: readonly unknown[]) => Compilable<unknown>): Plan | null {
  const adapter = db.getExecutor().adapter;
  let cache = plans.get(adapter);
  if (!cache) plans.set(adapter, (cache = new Map()));
  let plan = cache.get(key);
  if (plan !== undefined) return plan;
  const probes = Array.from({ length: n }, (_, i) => probe(i));
  const compiled = build(probes).compile();
  const from = new Int32Array(compiled.parameters.length);
  const constants: unknown[] = new Array(compiled.parameters.length);
  const used = new Set<number>();
  let ok = true;
  compiled.parameters.forEach((v, j) => {
    const i = typeof v === 'string' ? probes.indexOf(v) : -1;
    if (i >= 0) used.add(i);
    else if (typeof v === 'string' && v.includes('milevault-probe')) ok = false; // a probe transformed: not a plain parameter
    from[j] = i;
    constants[j] = i >= 0 ? undefined : v;
  });
  // Every value must reach the SQL as a parameter (not inlined or dropped), or the plan is unsafe.
  plan = ok && used.size === n && !compiled.sql.includes('milevault-probe') ? { sql: compiled.sql, from, constants } : null;
  if (cache.size > 500) cache.clear();
  cache.set(key, plan);
  return plan;
}

export async function cachedQuery<R>(db: Kysely<Database>, key: string, p: readonly unknown[], build: (p: readonly unknown[]) => Compilable<R>): Promise<QueryResult<R>> {
  return db.executeQuery<R>(cachedCompile(db, key, p, build));
}

/** The compiled query cachedQuery would run (for reads run together, read-together.ts). */
export function cachedCompile<R>(db: Kysely<Database>, key: string, p: readonly unknown[], build: (p: readonly unknown[]) => Compilable<R>): CompiledQuery<R> {
  const plan = planOf(db, key, p.length, build as (p: readonly unknown[]) => Compilable<unknown>);
  if (!plan) return build(p).compile();
  const params = new Array<unknown>(plan.from.length);
  for (let j = 0; j < params.length; j++) params[j] = plan.from[j] >= 0 ? p[plan.from[j]] : plan.constants[j];
  return CompiledQuery.raw(plan.sql, params) as CompiledQuery<R>;
}
