import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { HealthTables } from './health-tables.js';

const SHA256 = /[0-9a-f]{64}/g;

/**
 * Every SHA-256 a row points at in the original store, for every user: OriginalsRepo.referenced.
 * The columns are all the places that name a kept file: `originals` (claims), `activities`
 * (the file it came from, and archive photos kept by keepMedia in `media_json`), `activity_sources`
 * (the poorer copy of a merged duplicate keeps its file), `import_files` (results of jobs) and
 * `health_payloads`. `media_json` is searched for anything shaped like a hash rather than parsed,
 * so a malformed value can only keep more, never less.
 */
export async function referencedOriginals(db: Kysely<Database>): Promise<Set<string>> {
  const out = new Set<string>();
  const add = (v: string | null | undefined) => {
    if (v) out.add(v);
  };
  for (const r of await db.selectFrom('originals').select('sha256').distinct().execute()) add(r.sha256);
  for (const r of await db.selectFrom('activities').select('originalSha256').distinct().execute()) add(r.originalSha256);
  for (const r of await db.selectFrom('activities').select('mediaJson').where('mediaJson', 'is not', null).execute()) for (const m of r.mediaJson?.match(SHA256) ?? []) out.add(m);
  for (const r of await db.selectFrom('activitySources').select('sha256').where('sha256', 'is not', null).distinct().execute()) add(r.sha256);
  for (const r of await db.selectFrom('importFiles').select('sha256').where('sha256', 'is not', null).distinct().execute()) add(r.sha256);
  const health = db.withTables<HealthTables>();
  for (const r of await health.selectFrom('healthPayloads').select('sha256').distinct().execute()) add(r.sha256);
  return out;
}
