import type pg from 'pg';

/**
 * Fetches one activity's stream blob (or another per-activity bytea, `what`: its stored chart) as
 * raw bytes (docs/decisions.md, "Samples on PostgreSQL").
 *
 * A plain `SELECT data` returns bytea as hex text: the server's hex encoding was most of the read
 * (48 KB blob of a 1 h GPS activity: 0.95 ms for the query, of which ~0.55 ms hex output), and `pg`
 * cannot take binary results (it decodes every DataRow field as UTF-8). `COPY (SELECT …) TO
 * STDOUT (FORMAT binary)` sends the bytes as they are, in CopyData messages that `pg` keeps as
 * Buffers: 0.62 vs 1.58 ms p50 for that blob, the same (0.44 ms) for a 600-byte one.
 *
 * COPY takes no parameters, so the ids are quoted with `escapeLiteral`, and only ids made of
 * plain characters (UUIDs, user ids) go that way; anything else, and any server that refuses the
 * COPY while the SELECT works (a proxy or an embedded server without COPY), uses the prepared
 * SELECT from then on. Behind a proxy that shares server sessions between clients (PgBouncer in
 * transaction mode, PGlite over a socket) a named statement may already exist or be missing:
 * unnamed statements then.
 */
export function createBlobReader(pool: pg.Pool, log: (line: string) => void = (l) => console.warn(l), what: ByteaColumn = STREAM_BLOB) {
  let mode: 'copy' | 'named' | 'unnamed' = 'copy';
  const READ = readStatement(what);

  async function select(activityId: string, userId: string): Promise<Uint8Array | null> {
    const values = [activityId, userId];
    try {
      const res = await pool.query<{ data: Uint8Array }>(mode === 'unnamed' ? { text: READ.text, values } : { ...READ, values });
      return res.rows[0]?.data ?? null;
    } catch (e) {
      if (mode === 'unnamed' || !PREPARED_STATEMENT_TROUBLE.has(sqlState(e))) throw e;
      mode = 'unnamed';
      return select(activityId, userId);
    }
  }

  return async function readBlob(activityId: string, userId: string): Promise<Uint8Array | null> {
    if (mode !== 'copy' || !PLAIN.test(activityId) || !PLAIN.test(userId)) return select(activityId, userId);
    try {
      return await copyBlob(pool, what, activityId, userId);
    } catch (e) {
      if (!sqlState(e)) throw e; // connection trouble: the SELECT would fail alike
      const data = await select(activityId, userId); // a real error (no table …) throws here too
      if (mode === 'copy') log(`[postgres] COPY … TO STDOUT (FORMAT binary) refused (${e instanceof Error ? e.message : String(e)}); stream blobs are read with SELECT`);
      mode = mode === 'copy' ? 'named' : mode;
      return data;
    }
  };
}

/**
 * Which bytea column of which per-activity table (keyed by activity_id and user_id) a reader
 * fetches; only constants of this code, never input. `version` adds `AND version = <n>`.
 */
export interface ByteaColumn {
  name: string;
  table: string;
  column: string;
  version?: number;
}

export const STREAM_BLOB: ByteaColumn = { name: 'milevault_read_stream', table: 'activity_streams', column: 'data' };

function selectText(c: ByteaColumn, activityId: string, userId: string): string {
  if (!/^[a-z_]+$/.test(c.table) || !/^[a-z_]+$/.test(c.column)) throw new Error(`not a plain table or column name: ${c.table}.${c.column}`);
  if (c.version !== undefined && !Number.isSafeInteger(c.version)) throw new Error(`not an integer version: ${c.version}`);
  return `SELECT ${c.column} AS data FROM ${c.table} WHERE activity_id = ${activityId} AND user_id = ${userId}${c.version === undefined ? '' : ` AND version = ${c.version}`}`;
}

function readStatement(c: ByteaColumn) {
  return { name: c.version === undefined ? c.name : `${c.name}_v${c.version}`, text: selectText(c, '$1', '$2') };
}

/** duplicate_prepared_statement, invalid_sql_statement_name (prepared statement does not exist). */
const PREPARED_STATEMENT_TROUBLE = new Set(['42P05', '26000']);
/** Ids that need no more than quoting: UUIDs, 'local', e-mail-like user ids. */
const PLAIN = /^[A-Za-z0-9_.:@-]{1,200}$/;
/** PGCOPY binary header: 11-byte signature, 32-bit flags, 32-bit extension length. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

function sqlState(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) ? c : '';
}

type CopyOutQuery = { chunks: Buffer[] };
type CopyOutQueryClass = new (text: string, values: undefined, cb: (err: Error | null) => void) => CopyOutQuery;
let copyOutQuery: CopyOutQueryClass | null = null;

/**
 * pg's Query with the CopyData messages kept (its own handler drops them). Made on first use: this
 * module is reachable from the SQLite server's backup code, which must not load pg at start.
 */
async function copyOutQueryClass(): Promise<CopyOutQueryClass> {
  if (copyOutQuery) return copyOutQuery;
  const { default: pgModule } = await import('pg');
  copyOutQuery = class extends (pgModule.Query as unknown as new (text: string, values: undefined, cb: (err: Error | null) => void) => object) {
    chunks: Buffer[] = [];
    handleCopyData(msg: { chunk: Buffer }): void {
      this.chunks.push(msg.chunk);
    }
  };
  return copyOutQuery;
}

async function copyBlob(pool: pg.Pool, what: ByteaColumn, activityId: string, userId: string): Promise<Uint8Array | null> {
  const CopyOut = await copyOutQueryClass();
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const text = `COPY (${selectText(what, client.escapeLiteral(activityId), client.escapeLiteral(userId))}) TO STDOUT (FORMAT binary)`;
    const chunks = await new Promise<Buffer[]>((resolve, reject) => {
      const q = new CopyOut(text, undefined, (err) => (err ? reject(err) : resolve(q.chunks)));
      client.query(q as unknown as pg.QueryConfig);
    });
    return parseSingleBytea(Buffer.concat(chunks));
  } catch (e) {
    if (!sqlState(e)) broken = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    client.release(broken);
  }
}

/** The one bytea field of at most one row in a PGCOPY binary stream (null: no row). */
export function parseSingleBytea(all: Buffer): Uint8Array | null {
  if (all.length < 19 || !all.subarray(0, 11).equals(SIGNATURE)) throw new Error('COPY binary: bad header');
  let o = 15;
  o += 4 + all.readInt32BE(o); // header extension
  const fields = all.readInt16BE(o);
  if (fields === -1) return null; // trailer right away: no row
  if (fields !== 1) throw new Error(`COPY binary: ${fields} fields, expected 1`);
  const len = all.readInt32BE(o + 2);
  if (len < 0) return null;
  const start = o + 6;
  if (start + len > all.length) throw new Error('COPY binary: truncated');
  return all.subarray(start, start + len);
}
