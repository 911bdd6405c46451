import pg from 'pg';

/**
 * Named prepared statements for the statements the server runs again and again (issue 14).
 *
 * Kysely sends every query as an unnamed statement, so PostgreSQL parses, analyses and plans it on
 * each run. For the activity page's reads that was 60 % of their time on the database: the three
 * row/sessions/laps reads took 0.48 ms per page unnamed and 0.20 ms named (8 at a time, 50 × 1,000
 * bench database). A statement is named from its second run on, so one-off SQL (DDL, migrations,
 * long IN lists) stays unnamed; PostgreSQL then keeps its plan per connection, choosing a generic
 * plan only where that costs no more than the custom ones (plan_cache_mode auto).
 *
 * Only statements with parameters are named: without them node-postgres uses the simple protocol,
 * which migrations rely on for several commands in one string. Names never change meaning (one
 * text, one name, for the life of the process) and their number is capped, because a connection
 * keeps every statement it prepared until it closes.
 */
export const MAX_NAMED_STATEMENTS = 400;
const SEEN_CAP = 20_000;

export interface StatementNamer {
  /** The name to prepare `sql` under, or undefined to run it unnamed. */
  nameOf(sql: string): string | undefined;
  readonly named: number;
}

export function createStatementNamer(max = MAX_NAMED_STATEMENTS): StatementNamer {
  const names = new Map<string, string>();
  let seen = new Set<string>();
  return {
    nameOf(sql) {
      const name = names.get(sql);
      if (name !== undefined) return name;
      if (names.size >= max) return undefined;
      if (!seen.has(sql)) {
        if (seen.size >= SEEN_CAP) seen = new Set();
        seen.add(sql);
        return undefined;
      }
      seen.delete(sql);
      const fresh = `mv_${names.size}`;
      names.set(sql, fresh);
      return fresh;
    },
    get named() {
      return names.size;
    },
  };
}

/** One namer per process: a name must mean the same text on every connection of every pool. */
const processNamer = createStatementNamer();

/** A pg.Client that prepares repeated parameterized statements under a name (the pool's `Client`). */
export function preparingClient(namer: StatementNamer = processNamer): typeof pg.Client {
  class PreparingClient extends pg.Client {
    // pg's overloads cannot be restated here; the arguments pass through unchanged except for
    // (text, values[, callback]) with at least one value.
    override query(...args: unknown[]): never {
      const [text, values, cb] = args;
      const run = super.query as (...a: unknown[]) => never;
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && (cb === undefined || typeof cb === 'function')) {
        const name = namer.nameOf(text);
        if (name !== undefined) {
          const result = this.named(run, name, text, values);
          if (!cb) return result as never;
          // pg.Pool#query passes a callback.
          result.then((r) => (cb as (e: unknown, r?: unknown) => void)(null, r), (e: unknown) => (cb as (e: unknown) => void)(e));
          return undefined as never;
        }
      }
      return run.apply(this, args);
    }

    /**
     * A table that changed shape under a statement this connection prepared (another process ran
     * a migration: a new version starting beside the old one) fails with "cached plan must not
     * change result type" on every later run. The statement is dropped here and run again: the
     * next run prepares it anew.
     */
    private async named(run: (...a: unknown[]) => never, name: string, text: string, values: unknown[]): Promise<unknown> {
      try {
        return await run.call(this, { name, text, values });
      } catch (e) {
        if ((e as { code?: string }).code !== '0A000' || !/cached plan/.test(String((e as Error).message))) throw e;
        // Inside a transaction the failure aborted it: nothing can run until it ends, so the
        // caller gets the error, and the statement is dropped on its next run outside one.
        await (run.call(this, `DEALLOCATE "${name}"`) as Promise<unknown>).catch(() => {
          throw e;
        });
        const parsed = (this as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
        if (parsed) delete parsed[name];
        return run.call(this, { name, text, values });
      }
    }
  }
  return PreparingClient as unknown as typeof pg.Client;
}
