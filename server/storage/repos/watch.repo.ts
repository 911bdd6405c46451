import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { AutoIngestTables, SourceStateTable, WatchFilesTable, WatchFoldersTable } from './auto-ingest-tables.js';

export type WatchFolderRow = WatchFoldersTable;
export type WatchFileRow = WatchFilesTable;

/**
 * Watched folders and the state of every file seen in them (issue 18): a file is keyed by
 * (folder, relative path) and remembered with the size, mtime and content hash it was imported
 * with, so a restart or a rescan imports only what is new or changed.
 */
export interface WatchRepo {
  addFolder(r: WatchFolderRow): Promise<void>;
  folders(userId?: string): Promise<WatchFolderRow[]>;
  folder(userId: string, id: string): Promise<WatchFolderRow | null>;
  updateFolder(userId: string, id: string, patch: Partial<Pick<WatchFolderRow, 'mode' | 'pollIntervalS'>>): Promise<boolean>;
  /** Removes the folder and its file state. */
  removeFolder(userId: string, id: string): Promise<boolean>;
  files(folderId: string): Promise<WatchFileRow[]>;
  /** One page of a folder's files, most recently changed first. */
  filePage(folderId: string, limit: number, offset: number): Promise<{ items: WatchFileRow[]; total: number }>;
  putFile(r: WatchFileRow): Promise<void>;
  /** Files waiting for an import job's result (after a restart). */
  queuedFiles(): Promise<WatchFileRow[]>;
  counts(folderId: string): Promise<Record<string, number>>;
}

/** Small per-user JSON state of sources that are one object each (Garmin Connect, notifications, USB). */
export interface SourceStateRepo {
  get<T>(userId: string, key: string): Promise<T | null>;
  put(userId: string, key: string, value: unknown): Promise<void>;
  remove(userId: string, key: string): Promise<void>;
  /** Every user's value of one key (schedulers start one sync per connected user). */
  all<T>(key: string): Promise<{ userId: string; value: T }[]>;
}

const folderRow = (r: WatchFoldersTable): WatchFolderRow => ({ ...r, pollIntervalS: Number(r.pollIntervalS), createdAtMs: Number(r.createdAtMs) });
const fileRow = (r: WatchFilesTable): WatchFileRow => ({ ...r, sizeBytes: Number(r.sizeBytes), mtimeMs: Number(r.mtimeMs), updatedAtMs: Number(r.updatedAtMs) });

export function createWatchRepo(base: Kysely<Database>): WatchRepo {
  const db = base.withTables<AutoIngestTables>();
  return {
    async addFolder(r) {
      await db.insertInto('watchFolders').values(r).execute();
    },
    async folders(userId) {
      let q = db.selectFrom('watchFolders').selectAll();
      if (userId) q = q.where('userId', '=', userId);
      return (await q.orderBy('createdAtMs').execute()).map(folderRow);
    },
    async folder(userId, id) {
      const r = await db.selectFrom('watchFolders').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return r ? folderRow(r) : null;
    },
    async updateFolder(userId, id, patch) {
      const res = await db.updateTable('watchFolders').set(patch).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async removeFolder(userId, id) {
      const res = await db.deleteFrom('watchFolders').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!Number(res.numDeletedRows)) return false;
      await db.deleteFrom('watchFiles').where('folderId', '=', id).execute();
      return true;
    },
    async files(folderId) {
      return (await db.selectFrom('watchFiles').selectAll().where('folderId', '=', folderId).execute()).map(fileRow);
    },
    async filePage(folderId, limit, offset) {
      const q = db.selectFrom('watchFiles').where('folderId', '=', folderId);
      const [items, c] = await Promise.all([
        q.selectAll().orderBy('updatedAtMs', 'desc').orderBy('relPath').limit(limit).offset(offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(fileRow), total: Number(c.n) };
    },
    async putFile(r) {
      const { folderId, relPath, ...rest } = r;
      await db
        .insertInto('watchFiles')
        .values(r)
        .onConflict((oc) => oc.columns(['folderId', 'relPath']).doUpdateSet(rest))
        .execute();
    },
    async queuedFiles() {
      return (await db.selectFrom('watchFiles').selectAll().where('status', '=', 'queued').execute()).map(fileRow);
    },
    async counts(folderId) {
      const rows = await db.selectFrom('watchFiles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('folderId', '=', folderId).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

export function createSourceStateRepo(base: Kysely<Database>): SourceStateRepo {
  const db = base.withTables<AutoIngestTables>();
  return {
    async get<T>(userId: string, key: string) {
      const r = await db.selectFrom('sourceState').select('valueJson').where('userId', '=', userId).where('key', '=', key).executeTakeFirst();
      return r ? (JSON.parse(r.valueJson) as T) : null;
    },
    async put(userId, key, value) {
      const row: SourceStateTable = { userId, key, valueJson: JSON.stringify(value), updatedAtMs: Date.now() };
      await db
        .insertInto('sourceState')
        .values(row)
        .onConflict((oc) => oc.columns(['userId', 'key']).doUpdateSet({ valueJson: row.valueJson, updatedAtMs: row.updatedAtMs }))
        .execute();
    },
    async remove(userId, key) {
      await db.deleteFrom('sourceState').where('userId', '=', userId).where('key', '=', key).execute();
    },
    async all<T>(key: string) {
      const rows = await db.selectFrom('sourceState').select(['userId', 'valueJson']).where('key', '=', key).execute();
      return rows.map((r) => ({ userId: r.userId, value: JSON.parse(r.valueJson) as T }));
    },
  };
}
