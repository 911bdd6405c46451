import { sql, type Kysely } from 'kysely';
import { decodeStreams } from '../stream-codec.js';
import { writeMirrorRows } from './pg-stream-layout.js';
import { createTimescalePolicies } from './timescale-policies.js';
import { createTimescaleAggregates } from './timescale-aggregates.js';
import { createTimescaleRollups } from './timescale-rollups.js';
import { noteTimescaleSetup, type TimescaleSetup } from './timescale-status.js';

/**
 * TimescaleDB features, switched on only when the extension exists (design.md §4). Idempotent:
 * runs at every start after the migrations. Returns whether Timescale is active.
 *
 * Every Timescale-only object (hypertables, policies, continuous aggregates, the mirror's delete
 * trigger) is created here at run time, not in the shared migrations, so plain PostgreSQL and
 * SQLite keep the same logical schema (tests/contract/schema-parity.test.ts).
 */
export async function enableTimescale(db: Kysely<any>): Promise<boolean> {
  const setup = await setupTimescale(db);
  noteTimescaleSetup(db, setup);
  return setup.active;
}

export async function setupTimescale(db: Kysely<any>): Promise<TimescaleSetup> {
  const notes: string[] = [];
  const off = (why: string): TimescaleSetup => ({ active: false, edition: null, version: null, compression: false, rollups: false, activityRollups: false, healthRollups: false, notes: [why] });
  const ext = await sql<{ def: string; inst: string | null }>`
    SELECT default_version AS def, installed_version AS inst FROM pg_available_extensions WHERE name = 'timescaledb'`.execute(db);
  if (!ext.rows.length) return off('timescaledb extension not available');
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS timescaledb`.execute(db);
  } catch (e) {
    return off(`CREATE EXTENSION timescaledb refused: ${msg(e)}`); // not allowed (no privilege / not preloaded)
  }
  let version = await installedVersion(db);
  if (version && ext.rows[0].def && newer(ext.rows[0].def, version)) {
    // The server has a newer extension build than this database uses: move to it (needs the
    // extension's owner; a refusal is reported, the older version keeps working).
    try {
      await sql.raw('ALTER EXTENSION timescaledb UPDATE').execute(db);
      notes.push(`extension updated ${version} → ${ext.rows[0].def}`);
      version = await installedVersion(db);
    } catch (e) {
      notes.push(`ALTER EXTENSION timescaledb UPDATE to ${ext.rows[0].def} failed: ${msg(e)}`);
    }
  }
  const license = await sql<{ l: string | null }>`SELECT current_setting('timescaledb.license', true) AS l`.execute(db);
  const edition = license.rows[0]?.l === 'apache' ? 'apache' : 'community';

  // Samples mirror: no foreign key (see pg-stream-layout.ts). One-year chunks: a personal history
  // is sparse (a few activities a week), and per-chunk overhead dominated 90-day chunks (corpus:
  // 37.7 B/sample compressed with 90-day chunks, 25.9 with 1-year chunks; docs/decisions.md).
  // No default index on t: reads go by activity (activity_samples_activity), and compressed chunks
  // are found by their segment (issue 15 §2, bytes per sample).
  await sql`SELECT create_hypertable('activity_samples', 't', chunk_time_interval => INTERVAL '365 days', if_not_exists => TRUE, migrate_data => TRUE, create_default_indexes => FALSE)`.execute(db);
  await sql`SELECT set_chunk_time_interval('activity_samples', INTERVAL '365 days')`.execute(db);
  await sql`ALTER TABLE activity_samples DROP CONSTRAINT IF EXISTS activity_samples_activity_id_fkey`.execute(db);
  await sql.raw(`
    CREATE OR REPLACE FUNCTION milevault_delete_samples() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM activity_samples WHERE activity_id = OLD.id; RETURN OLD; END $$`).execute(db);
  // SQL access in SI units over the scaled-integer columns (migration 0029), under the old names.
  await sql.raw(`
    CREATE OR REPLACE VIEW activity_samples_si AS
    SELECT activity_id, user_id, t, seq, lat_deg_e7 / 1e7::float8 AS lat_deg, lon_deg_e7 / 1e7::float8 AS lon_deg,
           altitude_cm / 100::float8 AS altitude_m, distance_cm / 100::float8 AS distance_m, speed_mm_s / 1000::float8 AS speed_mps,
           hr_bpm, cadence_rpm, power_w, temperature_c
    FROM activity_samples`).execute(db);
  await sql.raw(`DROP TRIGGER IF EXISTS activities_delete_samples ON activities`).execute(db);
  await sql.raw(`CREATE TRIGGER activities_delete_samples AFTER DELETE ON activities FOR EACH ROW EXECUTE FUNCTION milevault_delete_samples()`).execute(db);
  await backfillMirror(db, notes);
  try {
    await sql`SELECT create_hypertable('health_samples', 't_ms', chunk_time_interval => 2592000000::bigint, if_not_exists => TRUE, migrate_data => TRUE)`.execute(db);
  } catch (e) {
    notes.push(`health_samples stays a plain table: ${msg(e)}`);
  }

  let compression = false;
  let rollups = false;
  let aggregates = { activities: false, health: false };
  if (edition === 'apache') {
    // Compression, continuous aggregates and policies are community-licensed: the Apache-only
    // build (some managed clouds) refuses them. Hypertables still work; rollups come from tables.
    notes.push('Apache-only TimescaleDB: no compression, continuous aggregates or policies; rollups read the plain tables');
  } else {
    compression = await createTimescalePolicies(db, notes);
    rollups = await createTimescaleRollups(db, notes);
    aggregates = await createTimescaleAggregates(db, notes);
  }
  return { active: true, edition, version, compression, rollups, activityRollups: aggregates.activities, healthRollups: aggregates.health, notes };
}

async function installedVersion(db: Kysely<any>): Promise<string | null> {
  const r = await sql<{ v: string }>`SELECT extversion AS v FROM pg_extension WHERE extname = 'timescaledb'`.execute(db);
  return r.rows[0]?.v ?? null;
}

/** a > b for dotted versions ("2.28.3" > "2.23.0-dev"). */
export function newer(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
}

/**
 * A database that was plain PostgreSQL (or restored from a backup) has blobs but no mirror rows:
 * fill the mirror once, activity by activity, so SQL analytics see every activity.
 */
async function backfillMirror(db: Kysely<any>, notes: string[]): Promise<void> {
  const missing = await sql<{ aid: string; uid: string; start: number }>`
    SELECT s.activity_id AS aid, s.user_id AS uid, a.start_time_ms AS start FROM activity_streams s JOIN activities a ON a.id = s.activity_id
    WHERE NOT EXISTS (SELECT 1 FROM activity_samples m WHERE m.activity_id = s.activity_id)
      AND NOT EXISTS (SELECT 1 FROM activity_samples LIMIT 1)`.execute(db);
  for (const r of missing.rows) {
    const row = await sql<{ data: Uint8Array }>`SELECT data FROM activity_streams WHERE activity_id = ${r.aid}`.execute(db);
    await writeMirrorRows(db, r.uid, r.aid, Number(r.start), decodeStreams(row.rows[0].data));
  }
  if (missing.rows.length) notes.push(`samples mirror filled for ${missing.rows.length} activities`);
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
