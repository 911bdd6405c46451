/**
 * Garmin watches that speak only MTP (most models since ~2019: Forerunner 255/265/955/965, Fenix 7,
 * Venu…) never appear as a volume with a GARMIN folder (issue 18). They are found here so the app
 * can say so plainly instead of showing nothing: a USB device with Garmin's vendor id 091e in
 * sysfs (Linux), and GNOME's gvfs MTP mounts (/run/user/<uid>/gvfs/mtp:host=…), whose files can be
 * read like a folder: such a mount becomes a volume root the USB sync reads.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const GARMIN_USB_VENDOR = '091e';

export interface UsbGarmin {
  /** sysfs device name (e.g. "1-2") */
  id: string;
  product: string | null;
  serial: string | null;
}

async function read(p: string): Promise<string | null> {
  try {
    return (await readFile(p, 'utf8')).trim();
  } catch {
    return null;
  }
}

/** Garmin devices on the USB bus (Linux sysfs; empty elsewhere or without access). */
export async function garminUsbDevices(sysUsbDir = '/sys/bus/usb/devices'): Promise<UsbGarmin[]> {
  let names: string[];
  try {
    names = await readdir(sysUsbDir);
  } catch {
    return [];
  }
  const out: UsbGarmin[] = [];
  for (const n of names) {
    if ((await read(join(sysUsbDir, n, 'idVendor')))?.toLowerCase() !== GARMIN_USB_VENDOR) continue;
    out.push({ id: n, product: await read(join(sysUsbDir, n, 'product')), serial: await read(join(sysUsbDir, n, 'serial')) });
  }
  return out;
}

/** Storage roots inside gvfs MTP mounts (e.g. ".../mtp:host=091e_4f4b_0000cafe/Internal Storage"). */
export async function gvfsMtpRoots(gvfsDir: string): Promise<{ root: string; mount: string }[]> {
  let mounts: string[];
  try {
    mounts = (await readdir(gvfsDir)).filter((m) => m.startsWith('mtp:host='));
  } catch {
    return [];
  }
  const out: { root: string; mount: string }[] = [];
  for (const m of mounts) {
    let stores: string[] = [];
    try {
      stores = await readdir(join(gvfsDir, m));
    } catch {
      continue;
    }
    for (const s of stores) out.push({ root: join(gvfsDir, m, s), mount: m });
  }
  return out;
}

export const MTP_HELP =
  'This Garmin is connected but speaks only MTP (Media Transfer Protocol), so it does not appear as a drive. ' +
  'On Linux, open it once in the file manager (GNOME mounts it under /run/user/<uid>/gvfs, which MileVault then reads), or install jmtpfs/go-mtpfs and mount it into a folder you add under Settings → Sources. ' +
  'On macOS use Garmin Express or OpenMTP to copy GARMIN/Activity and the wellness folders into a watched folder. ' +
  'On Windows it shows in Explorer as a device: copy the GARMIN folder into a watched folder.';
