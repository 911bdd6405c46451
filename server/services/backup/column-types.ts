/**
 * The one place where the two dialects' column types meet (issue 16). A backup, a migration and a
 * verification all see a row as plain values of four logical types:
 *   integer → a JS number (pg hands BIGINT back as a string, booleans become 0/1)
 *   real    → a JS number; ±Infinity/NaN, which JSON cannot carry, as the strings "Infinity"…
 *   text    → a string (JSON columns are TEXT in both dialects; a pg json/jsonb value is re-serialised)
 *   blob    → a Buffer in memory, base64 in the backup's NDJSON
 * NULL is null everywhere.
 */
export type LogicalType = 'integer' | 'real' | 'text' | 'blob';

export interface ColumnInfo {
  name: string;
  type: LogicalType;
}

/** SQLite's type-affinity rules (https://sqlite.org/datatype3.html §3.1) applied to a declared type. */
export function sqliteLogicalType(declared: string): LogicalType {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'blob';
  return 'real';
}

/** information_schema.columns.data_type of PostgreSQL. */
export function pgLogicalType(dataType: string): LogicalType {
  const t = dataType.toLowerCase();
  if (t === 'integer' || t === 'bigint' || t === 'smallint' || t === 'boolean') return 'integer';
  if (t === 'double precision' || t === 'real' || t === 'numeric') return 'real';
  if (t === 'bytea') return 'blob';
  return 'text';
}

/** A value as either driver returns it → the canonical in-memory value. */
export function normaliseValue(type: LogicalType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'bigint') return Number(v);
      return typeof v === 'string' ? Number(v) : v;
    case 'real':
      return typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
    case 'text':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'blob':
      return Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(String(v));
  }
}

/** Canonical value → what goes into a JSON line. */
export function toJsonValue(type: LogicalType, v: unknown): unknown {
  if (v === null) return null;
  if (type === 'blob') return (v as Buffer).toString('base64');
  if (type === 'real' && typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

/** A JSON line's value → canonical value; throws on a value that does not fit the column. */
export function fromJsonValue(col: ColumnInfo, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (col.type) {
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`column ${col.name}: ${JSON.stringify(v)} is not an integer`);
      return v;
    case 'real':
      if (typeof v === 'number') return v;
      if (v === 'Infinity' || v === '-Infinity' || v === 'NaN') return Number(v);
      throw new Error(`column ${col.name}: ${JSON.stringify(v)} is not a number`);
    case 'text':
      if (typeof v !== 'string') throw new Error(`column ${col.name}: ${JSON.stringify(v)} is not text`);
      return v;
    case 'blob':
      if (typeof v !== 'string') throw new Error(`column ${col.name}: expected base64`);
      return Buffer.from(v, 'base64');
  }
}

/** A stable text form of a canonical row (keys sorted), for digests and comparisons. */
export function canonicalRow(columns: readonly ColumnInfo[], row: Record<string, unknown>): string {
  const sorted = [...columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(sorted.map((c) => [c.name, toJsonValue(c.type, row[c.name] ?? null)]));
}
