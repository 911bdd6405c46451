import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, createGunzip, createGzip } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { createServices } from '../../server/start.js';
import type { DbLocation } from '../../server/services/backup/db-location.js';
import { openSnapshot } from '../../server/services/backup/snapshot-reader.js';
import { comparableRow } from '../../server/services/backup/table-digest.js';
import { TarReader, TarWriter } from '../../server/services/backup/tar-stream.js';
import { makeFitActivity } from './fit-fixture.js';

/** Writes `n` generated FIT activities (10 min, all channels) into `dir`; returns their paths. */
export function writeFitFiles(dir: string, n: number, firstDay = 0): string[] {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = firstDay + i;
    const p = join(dir, `act-${day}.fit`);
    const sport = ['running', 'cycling', 'running', 'swimming'][day % 4];
    writeFileSync(p, makeFitActivity({ startTime: new Date(Date.UTC(2025, 0, 1 + day, 7, 0, 0)), durationS: 600, sport, withPower: sport === 'cycling', laps: 2 }));
    out.push(p);
  }
  return out;
}

/** A data folder (or PostgreSQL + folder) holding `n` imported activities, a renamed one, gear and a health payload. */
export async function seedData(dataDir: string, n: number, databaseUrl?: string): Promise<void> {
  const files = writeFitFiles(join(dataDir, '..', `fit-${Math.random().toString(36).slice(2)}`), n);
  const s = await createServices({ dataDir, databaseUrl, maxUploadBytes: 64 * 1024 * 1024 }, 2);
  try {
    const job = await s.imports.createJobFromPaths(LOCAL_USER_ID, files);
    await s.imports.waitFor(job);
    const first = (await s.storage.activities.list(LOCAL_USER_ID, { limit: 1, offset: 0 })).items[0];
    await s.storage.activities.update(LOCAL_USER_ID, first.id, { name: 'Renamed — "quotes", ünïcode' });
    await s.gear.create(LOCAL_USER_ID, { kind: 'shoes', name: 'Trail shoes', notes: 'size 44', retired: true });
    const payDir = join(dataDir, 'health-payloads', LOCAL_USER_ID);
    mkdirSync(payDir, { recursive: true });
    const gz = gzipSync(Buffer.from('{"data":{"metrics":[]}}'));
    writeFileSync(join(payDir, `${createHash('sha256').update('{"data":{"metrics":[]}}').digest('hex')}.json.gz`), gz);
  } finally {
    await s.close();
  }
}

/** Every table's rows in canonical form, sorted: what "row-equal" compares. Read through a snapshot. */
export async function dumpRows(loc: DbLocation): Promise<Record<string, string[]>> {
  const snap = await openSnapshot(loc);
  try {
    const out: Record<string, string[]> = {};
    for (const t of snap.tables) {
      const rows: string[] = [];
      for await (const r of snap.rows(t)) rows.push(comparableRow(t, r));
      out[t.name] = rows.sort();
    }
    return out;
  } finally {
    await snap.close();
  }
}

/** Every table of a SQLite file with its rows as plain JSON, sorted, read with a plain connection. */
export function rawSqliteDump(dataDir: string): Record<string, string[]> {
  const conn = new BetterSqlite3(join(dataDir, 'milevault.sqlite'), { readonly: true });
  try {
    const out: Record<string, string[]> = {};
    const tables = (conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'schema_migrations%'`).all() as { name: string }[]).map((r) => r.name);
    for (const t of tables) {
      out[t] = (conn.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[])
        .map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('base64') : v])))
        .sort();
    }
    return out;
  } finally {
    conn.close();
  }
}

/** `relative path → sha256` of every file under originals/ and health-payloads/. */
export function fileHashes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const top of ['originals', 'health-payloads']) {
    const root = join(dataDir, top);
    if (!existsSync(root)) continue;
    for (const d of readdirSync(root)) for (const f of readdirSync(join(root, d))) out[`${top}/${d}/${f}`] = createHash('sha256').update(readFileSync(join(root, d, f))).digest('hex');
  }
  return out;
}

export interface Member {
  name: string;
  data: Buffer;
}

/** Reads a (small, test-sized) backup's members into memory. */
export async function readMembers(file: string): Promise<Member[]> {
  const tar = new TarReader(createReadStream(file).pipe(createGunzip()));
  const out: Member[] = [];
  for (let e = await tar.next(); e; e = await tar.next()) out.push({ name: e.name, data: await tar.readAll() });
  return out;
}

/** Writes members as a backup archive (for crafting altered backups in tests). */
export async function writeMembers(file: string, members: Member[]): Promise<void> {
  const gz = createGzip();
  const done = new Promise<void>((resolve, reject) => gz.pipe(createWriteStream(file)).on('close', resolve).on('error', reject));
  const tar = new TarWriter(gz);
  for (const m of members) await tar.addBuffer(m.name, m.data);
  await tar.finish();
  gz.end();
  await done;
}
