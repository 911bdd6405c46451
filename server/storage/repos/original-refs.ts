import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';

const SHA256 = /[0-9a-f]{64}/g;
/** Rows read per query: a few milliseconds each, so the scan never holds the event loop long. */
export const REFERENCE_PAGE_ROWS = 2_000;

/** One table's reference columns, read in primary-key order, a page at a time. */
interface RefSource {
  table: string;
  key: readonly string[];
  cols: readonly string[];
  take(row: Record<string, unknown>, add: (sha256: string) => void): void;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

const SOURCES: readonly RefSource[] = [
  { table: 'originals', key: ['userId', 'sha256'], cols: [], take: (r, add) => str(r.sha256) && add(r.sha256 as string) },
  {
    table: 'activities',
    key: ['id'],
    cols: ['originalSha256', 'mediaJson'],
    take(r, add) {
      if (str(r.originalSha256)) add(r.originalSha256 as string);
      for (const m of str(r.mediaJson)?.match(SHA256) ?? []) add(m);
    },
  },
  { table: 'activitySources', key: ['userId', 'source', 'externalId'], cols: ['sha256'], take: (r, add) => str(r.sha256) && add(r.sha256 as string) },
  { table: 'importFiles', key: ['jobId', 'idx'], cols: ['sha256'], take: (r, add) => str(r.sha256) && add(r.sha256 as string) },
  { table: 'healthPayloads', key: ['userId', 'sha256'], cols: [], take: (r, add) => str(r.sha256) && add(r.sha256 as string) },
];

/**
 * Every SHA-256 a row points at in the original store, for every user: OriginalsRepo.referenced.
 * The columns are all the places that name a kept file: `originals` (claims), `activities`
 * (the file it came from, and archive photos kept by keepMedia in `media_json`), `activity_sources`
 * (the poorer copy of a merged duplicate keeps its file), `import_files` (results of jobs) and
 * `health_payloads`. `media_json` is searched for anything shaped like a hash rather than parsed,
 * so a malformed value can only keep more, never less.
 *
 * Read by primary key in pages of REFERENCE_PAGE_ROWS, yielding to the event loop between pages
 * (issue 14): at 50,000 activities the whole-table reads (with DISTINCT, a temporary B-tree on
 * SQLite) held the loop for 0.4–0.6 s at every start, in front of the first requests.
 */
export async function referencedOriginals(db: Kysely<Database>, pageRows = REFERENCE_PAGE_ROWS): Promise<Set<string>> {
  const out = new Set<string>();
  const add = (v: string) => void out.add(v);
  const any = db as unknown as Kysely<any>;
  for (const src of SOURCES) {
    let after: unknown[] | null = null;
    // Each page starts after the last key of the one before: every row is read once, and a page
    // shorter than pageRows ends the table.
    for (;;) {
      let q = any.selectFrom(src.table).select([...src.key, ...src.cols]).limit(pageRows);
      for (const k of src.key) q = q.orderBy(k);
      if (after) {
        const last = after;
        q = q.where((eb) => (src.key.length === 1 ? eb(src.key[0]!, '>', last[0]) : eb(eb.refTuple(...(src.key as [string, string])), '>', eb.tuple(...(last as [unknown, unknown])))));
      }
      const rows = (await q.execute()) as Record<string, unknown>[];
      for (const r of rows) src.take(r, add);
      if (rows.length < pageRows) break;
      const lastRow = rows[rows.length - 1]!;
      after = src.key.map((k) => lastRow[k]);
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  return out;
}
