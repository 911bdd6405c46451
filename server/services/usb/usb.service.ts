import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../../storage/port.js';
import type { ImportService } from '../import.service.js';
import type { JobHandler } from '../jobs/job-types.js';
import type { JobService } from '../jobs/job.service.js';
import { garminDir, type GarminDeviceInfo, type GarminFile, listGarminFiles, readDeviceInfo } from './garmin-tree.js';
import { garminUsbDevices, gvfsMtpRoots, MTP_HELP } from './mtp-detect.js';

export interface UsbDeviceDto extends GarminDeviceInfo {
  /** Stable id: the serial, or the volume path when GarminDevice.xml is missing. */
  id: string;
  root: string;
  access: 'mass-storage' | 'mtp-gvfs';
  lastSyncAt: string | null;
  lastResult: Record<string, number> | null;
  files: { activity: number; wellness: number };
  pending: { activity: number; wellness: number };
}

export interface UsbStatusDto {
  devices: UsbDeviceDto[];
  /** Garmin devices on the USB bus that are not readable as files (MTP only), with what to do. */
  mtpOnly: { product: string | null; serial: string | null; message: string }[];
}

interface UsbState {
  lastSyncAtMs: number;
  lastResult: Record<string, number>;
}

export interface UsbServiceDeps {
  storage: Storage;
  imports: ImportService;
  jobs: JobService;
  /** Extra volume roots (MILEVAULT_USB_ROOTS, tests); platform mount folders are added unless `platformRoots` is false. */
  roots?: string[];
  platformRoots?: boolean;
  sysUsbDir?: string;
  gvfsDir?: string;
}

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

async function childDirs(parent: string): Promise<string[]> {
  try {
    return (await readdir(parent, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(parent, e.name));
  } catch {
    return [];
  }
}

/**
 * The whole Garmin watch over USB (issue 18): finds watches mounted as drives (and gvfs MTP
 * mounts), shows model, serial, last sync and files not yet imported, and syncs them through the
 * normal import queue as a durable 'usb-sync' job. A file counts as imported when its content hash
 * is among the user's originals (the import keeps every file it is given, wellness files too).
 */
export class UsbService {
  private hashes = new Map<string, string>();

  constructor(private deps: UsbServiceDeps) {}

  /** Where to look (tests point it at a fake watch tree and a fake sysfs). */
  configure(o: Pick<UsbServiceDeps, 'roots' | 'platformRoots' | 'sysUsbDir' | 'gvfsDir'>): void {
    Object.assign(this.deps, o);
  }

  handler(): JobHandler<{ id: string }> {
    return {
      kind: 'usb-sync',
      concurrency: 1,
      run: async (ctx) => {
        const dev = await this.find(ctx.userId, ctx.params.id);
        if (!dev) throw new Error('the watch is no longer connected');
        const pending = await this.pendingFiles(ctx.userId, dev.files);
        ctx.progress(0, pending.length, `${pending.length} new file(s) on ${dev.info.model ?? 'the watch'}`);
        const counts: Record<string, number> = {};
        let importId: string | null = null;
        if (pending.length) {
          importId = await this.deps.imports.createJobFromPaths(ctx.userId, pending.map((f) => f.path));
          const off = this.deps.imports.onProgress(importId, (d) => ctx.progress(d.done, d.total));
          await this.deps.imports.waitFor(importId);
          off();
          const job = await this.deps.storage.imports.get(ctx.userId, importId);
          for (const f of job?.files ?? []) counts[f.status] = (counts[f.status] ?? 0) + 1;
        }
        const state: UsbState = { lastSyncAtMs: Date.now(), lastResult: counts };
        await this.deps.storage.sourceState.put(ctx.userId, `usb:${dev.id}`, state);
        return { device: dev.id, files: pending.length, counts, importJobId: importId };
      },
    };
  }

  async status(userId: string): Promise<UsbStatusDto> {
    const devices: UsbDeviceDto[] = [];
    for (const d of await this.scan()) {
      const pending = await this.pendingFiles(userId, d.files);
      const state = await this.deps.storage.sourceState.get<UsbState>(userId, `usb:${d.id}`);
      const count = (fs: GarminFile[], kind: string) => fs.filter((f) => f.kind === kind).length;
      devices.push({
        ...d.info,
        id: d.id,
        root: d.root,
        access: d.access,
        lastSyncAt: state ? new Date(state.lastSyncAtMs).toISOString() : null,
        lastResult: state?.lastResult ?? null,
        files: { activity: count(d.files, 'activity'), wellness: count(d.files, 'wellness') },
        pending: { activity: count(pending, 'activity'), wellness: count(pending, 'wellness') },
      });
    }
    const mtpOnly: UsbStatusDto['mtpOnly'] = [];
    const usb = await garminUsbDevices(this.deps.sysUsbDir);
    if (usb.length > devices.length) {
      // A watch readable as files (a drive, or a gvfs MTP mount) is on the bus too: only the others are unreadable.
      for (const u of usb) {
        const readable = devices.some((d) => u.serial && d.serial && (u.serial.includes(d.serial) || d.serial.includes(u.serial)));
        if (!readable) mtpOnly.push({ product: u.product, serial: u.serial, message: MTP_HELP });
      }
      mtpOnly.splice(usb.length - devices.length);
    }
    return { devices, mtpOnly };
  }

  async sync(userId: string, id: string) {
    if (!(await this.find(userId, id))) throw httpError(404, 'not_found', 'no such watch connected');
    return this.deps.jobs.enqueue(userId, 'usb-sync', { id });
  }

  private async find(_userId: string, id: string) {
    return (await this.scan()).find((d) => d.id === id) ?? null;
  }

  private async roots(): Promise<{ root: string; access: UsbDeviceDto['access'] }[]> {
    const out: { root: string; access: UsbDeviceDto['access'] }[] = (this.deps.roots ?? []).map((root) => ({ root, access: 'mass-storage' }));
    if (this.deps.platformRoots !== false) {
      const user = userInfo().username;
      if (process.platform === 'darwin') out.push(...(await childDirs('/Volumes')).map((root) => ({ root, access: 'mass-storage' as const })));
      else if (process.platform === 'win32') for (let c = 68; c <= 90; c++) out.push({ root: `${String.fromCharCode(c)}:\\`, access: 'mass-storage' });
      else for (const p of [`/media/${user}`, `/run/media/${user}`]) out.push(...(await childDirs(p)).map((root) => ({ root, access: 'mass-storage' as const })));
    }
    const gvfs = this.deps.gvfsDir ?? (process.platform === 'linux' && typeof process.getuid === 'function' ? `/run/user/${process.getuid()}/gvfs` : null);
    if (gvfs) out.push(...(await gvfsMtpRoots(gvfs)).map((r) => ({ root: r.root, access: 'mtp-gvfs' as const })));
    return out;
  }

  private async scan() {
    const found: { id: string; root: string; access: UsbDeviceDto['access']; info: GarminDeviceInfo; files: GarminFile[] }[] = [];
    for (const { root, access } of await this.roots()) {
      const g = await garminDir(root);
      if (!g) continue;
      const info = await readDeviceInfo(g);
      found.push({ id: info.serial ?? root, root, access, info, files: await listGarminFiles(g) });
    }
    return found;
  }

  private async pendingFiles(userId: string, files: GarminFile[]): Promise<GarminFile[]> {
    const out: GarminFile[] = [];
    for (const f of files) {
      const key = `${f.path}\u0000${f.sizeBytes}\u0000${f.mtimeMs}`;
      let sha = this.hashes.get(key);
      if (!sha) {
        try {
          const h = createHash('sha256');
          for await (const c of createReadStream(f.path)) h.update(c as Buffer);
          sha = h.digest('hex');
          this.hashes.set(key, sha);
        } catch {
          continue;
        }
      }
      if (!(await this.deps.storage.originals.get(userId, sha))) out.push(f);
    }
    return out;
  }
}
