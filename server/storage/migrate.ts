import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as pg0001 from './migrations/postgres/0001_init.js';
import * as sqlite0001 from './migrations/sqlite/0001_init.js';
import * as pg0003analysis from './migrations/postgres/0003_analysis.js';
import * as sqlite0003analysis from './migrations/sqlite/0003_analysis.js';
import * as pg0004routes from './migrations/postgres/0004_routes_segments.js';
import * as sqlite0004routes from './migrations/sqlite/0004_routes_segments.js';
import * as pg0005health from './migrations/postgres/0005_health.js';
import * as sqlite0005health from './migrations/sqlite/0005_health.js';
import * as pg0002archives from './migrations/postgres/0002_archives_gear.js';
import * as sqlite0002archives from './migrations/sqlite/0002_archives_gear.js';
import * as pg0006effortIndex from './migrations/postgres/0006_effort_index.js';
import * as sqlite0006effortIndex from './migrations/sqlite/0006_effort_index.js';
import * as pg0007swim from './migrations/postgres/0007_swim_multisport.js';
import * as sqlite0007swim from './migrations/sqlite/0007_swim_multisport.js';
import * as pg0008effortSport from './migrations/postgres/0008_effort_sport_key.js';
import * as sqlite0008effortSport from './migrations/sqlite/0008_effort_sport_key.js';
import * as pg0012maintenance from './migrations/postgres/0012_maintenance_tasks.js';
import * as sqlite0012maintenance from './migrations/sqlite/0012_maintenance_tasks.js';
import * as pg0013localTime from './migrations/postgres/0013_local_time.js';
import * as sqlite0013localTime from './migrations/sqlite/0013_local_time.js';
import * as pg0014exclusions from './migrations/postgres/0014_record_exclusions.js';
import * as sqlite0014exclusions from './migrations/sqlite/0014_record_exclusions.js';
import * as pg0016live from './migrations/postgres/0016_live_sharing.js';
import * as sqlite0016live from './migrations/sqlite/0016_live_sharing.js';
import * as pg0040autoIngest from './migrations/postgres/0040_auto_ingest.js';
import * as sqlite0040autoIngest from './migrations/sqlite/0040_auto_ingest.js';
import * as pg0041jobCheckpoint from './migrations/postgres/0041_job_checkpoint.js';
import * as sqlite0041jobCheckpoint from './migrations/sqlite/0041_job_checkpoint.js';
import * as pg0020accounts from './migrations/postgres/0020_accounts.js';
import * as sqlite0020accounts from './migrations/sqlite/0020_accounts.js';
import * as pg0018livePlans from './migrations/postgres/0018_live_plans.js';
import * as sqlite0018livePlans from './migrations/sqlite/0018_live_plans.js';
import * as pg0050parser from './migrations/postgres/0050_parser_version.js';
import * as sqlite0050parser from './migrations/sqlite/0050_parser_version.js';
import * as pg0028streamBlobs from './migrations/postgres/0028_stream_blobs.js';
import * as sqlite0028streamBlobs from './migrations/sqlite/0028_stream_blobs.js';
import * as pg0029mirrorInts from './migrations/postgres/0029_samples_mirror_integers.js';
import * as sqlite0029mirrorInts from './migrations/sqlite/0029_samples_mirror_integers.js';
import * as pg0021authState from './migrations/postgres/0021_auth_state.js';
import * as sqlite0021authState from './migrations/sqlite/0021_auth_state.js';
import * as pg0022userPrefs from './migrations/postgres/0022_user_preferences.js';
import * as sqlite0022userPrefs from './migrations/sqlite/0022_user_preferences.js';
import * as pg0070yearGoals from './migrations/postgres/0070_year_goals.js';
import * as sqlite0070yearGoals from './migrations/sqlite/0070_year_goals.js';
import * as pg0071updatedIndex from './migrations/postgres/0071_activity_updated_index.js';
import * as sqlite0071updatedIndex from './migrations/sqlite/0071_activity_updated_index.js';
import * as pg0072metricsVersion from './migrations/postgres/0072_metrics_version_index.js';
import * as sqlite0072metricsVersion from './migrations/sqlite/0072_metrics_version_index.js';
import * as pg0073charts from './migrations/postgres/0073_activity_charts.js';
import * as sqlite0073charts from './migrations/sqlite/0073_activity_charts.js';

/**
 * Append-only migrations, one list per dialect with matching names (design.md §5).
 * Imported statically rather than read from a folder so they work from any build layout.
 */
export const MIGRATIONS: Record<'sqlite' | 'postgres', Record<string, Migration>> = {
  sqlite: { '0001_init': sqlite0001, '0002_archives_gear': sqlite0002archives, '0003_analysis': sqlite0003analysis, '0004_routes_segments': sqlite0004routes, '0005_health': sqlite0005health, '0006_effort_index': sqlite0006effortIndex, '0007_swim_multisport': sqlite0007swim, '0008_effort_sport_key': sqlite0008effortSport, '0012_maintenance_tasks': sqlite0012maintenance, '0013_local_time': sqlite0013localTime, '0014_record_exclusions': sqlite0014exclusions, '0016_live_sharing': sqlite0016live, '0018_live_plans': sqlite0018livePlans, '0050_parser_version': sqlite0050parser, '0028_stream_blobs': sqlite0028streamBlobs, '0029_samples_mirror_integers': sqlite0029mirrorInts, '0020_accounts': sqlite0020accounts, '0040_auto_ingest': sqlite0040autoIngest, '0041_job_checkpoint': sqlite0041jobCheckpoint, '0021_auth_state': sqlite0021authState, '0022_user_preferences': sqlite0022userPrefs, '0070_year_goals': sqlite0070yearGoals, '0071_activity_updated_index': sqlite0071updatedIndex, '0072_metrics_version_index': sqlite0072metricsVersion, '0073_activity_charts': sqlite0073charts },
  postgres: { '0001_init': pg0001, '0002_archives_gear': pg0002archives, '0003_analysis': pg0003analysis, '0004_routes_segments': pg0004routes, '0005_health': pg0005health, '0006_effort_index': pg0006effortIndex, '0007_swim_multisport': pg0007swim, '0008_effort_sport_key': pg0008effortSport, '0012_maintenance_tasks': pg0012maintenance, '0013_local_time': pg0013localTime, '0014_record_exclusions': pg0014exclusions, '0016_live_sharing': pg0016live, '0018_live_plans': pg0018livePlans, '0050_parser_version': pg0050parser, '0028_stream_blobs': pg0028streamBlobs, '0029_samples_mirror_integers': pg0029mirrorInts, '0020_accounts': pg0020accounts, '0040_auto_ingest': pg0040autoIngest, '0041_job_checkpoint': pg0041jobCheckpoint, '0021_auth_state': pg0021authState, '0022_user_preferences': pg0022userPrefs, '0070_year_goals': pg0070yearGoals, '0071_activity_updated_index': pg0071updatedIndex, '0072_metrics_version_index': pg0072metricsVersion, '0073_activity_charts': pg0073charts },
};

/**
 * True when the database has run every migration of this build: one small read. Kysely's Migrator
 * first introspects every table of the schema (~55 ms on PostgreSQL, at every start: issue 14,
 * server ready time) even when there is nothing to do. Any doubt (no table yet, a read error)
 * answers false and the Migrator decides as before.
 */
async function upToDate(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return Object.keys(MIGRATIONS[dialect]).every((n) => done.has(n));
  } catch {
    return false;
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  if (await upToDate(db, dialect)) return [];
  const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS[dialect] };
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock',
    // Features land in parallel branches with reserved numbers; a data folder that already ran a
    // later number must still take an earlier one that arrived after it.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
