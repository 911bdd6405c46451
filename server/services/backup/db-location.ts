import { join } from 'node:path';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../storage/db-schema.js';
import { MIGRATIONS } from '../../storage/migrate.js';
import type { ColumnInfo } from './column-types.js';

/** Where a MileVault database lives: a data folder (SQLite) or a PostgreSQL URL. */
export type DbLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

export function sqliteFileOf(dataDir: string): string {
  return join(dataDir, 'milevault.sqlite');
}

/** A command-line argument: postgres://… is a database, anything else a data folder. */
export function parseLocation(arg: string): DbLocation {
  return /^postgres(ql)?:\/\//.test(arg) ? { kind: 'postgres', url: arg } : { kind: 'sqlite', dataDir: arg };
}

export function describeLocation(l: DbLocation): string {
  if (l.kind === 'sqlite') return l.dataDir;
  const u = new URL(l.url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * What `milevault migrate` has copied so far, kept in the target while it loads (so an interrupted
 * run resumes) and dropped when it is done. Never part of a backup or a comparison.
 */
export const MIGRATE_LEDGER_TABLE = '_milevault_migrate_progress';

/** Bookkeeping of the migrator (the schema version travels in the header instead) and of migrate. */
export const BOOKKEEPING_TABLES = new Set(['schema_migrations', 'schema_migrations_lock', MIGRATE_LEDGER_TABLE]);

/**
 * Tables derived from another table, never carried by a backup or a migration: PostgreSQL's
 * `activity_samples` holds the native channels that SQLite keeps inside `activity_streams.data`
 * (a backup carries the full blob, the portable form, and PostgreSQL rebuilds the rows from it
 * through its stream layout); `activity_charts` holds each blob's chart ready to send, rendered
 * again by the chart fill after a restore (services/streams-render/chart-fill.ts).
 */
export const DERIVED_TABLES = new Set(['activity_samples', 'activity_charts']);

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Primary-key columns in key order (empty when the table has none): resumable reads go in this order. */
  primaryKey?: string[];
}

/** Parents before children, from the database's own foreign keys; ties by name. */
export function topoOrder(tables: string[], parentsOf: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (t: string) => {
    if (state.get(t) === 2) return;
    if (state.get(t) === 1) return; // a cycle: keep going, the foreign key check reports it
    state.set(t, 1);
    for (const p of [...(parentsOf.get(t) ?? [])].sort()) if (p !== t && tables.includes(p)) visit(p);
    state.set(t, 2);
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return out;
}

/**
 * A Kysely bound to one pg client, so repository code (the stream layout) runs inside our own
 * transaction and snapshot. `release` is a no-op: the client is ours to end.
 */
export function kyselyOnClient(client: pg.Client): Kysely<Database> {
  const conn = Object.assign(client, { release() {} });
  const pool = { connect: async () => conn, end: async () => {} };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }), plugins: [new CamelCasePlugin()] });
}

/**
 * Runs exactly the named migrations (a backup's schema version), so rows go into the schema they
 * were taken from; the later ones run after the rows are in, as for any older database.
 */
export async function migrateOnly(db: Kysely<any>, dialect: 'sqlite' | 'postgres', names: readonly string[]): Promise<void> {
  const all = MIGRATIONS[dialect];
  const subset = Object.fromEntries(names.map((n) => [n, all[n]]));
  const provider: MigrationProvider = { getMigrations: async () => subset };
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Migrations this build knows, for a dialect (the same names in both). */
export function knownMigrations(dialect: 'sqlite' | 'postgres'): string[] {
  return Object.keys(MIGRATIONS[dialect]).sort();
}
