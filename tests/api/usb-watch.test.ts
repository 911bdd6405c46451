import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGarminDeviceXml } from '../../server/services/usb/garmin-tree.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const H = { 'x-milevault-client': 'test' };
const DEVICE_XML = `<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<Device xmlns="http://www.garmin.com/xmlschemas/GarminDevice/v2">
  <Model><PartNumber>006-B3992-00</PartNumber><SoftwareVersion>1310</SoftwareVersion><Description>Forerunner 255</Description></Model>
  <Id>3456789012</Id>
  <MassStorageMode><DataType><Name>FIT_TYPE_4</Name></DataType></MassStorageMode>
</Device>`;

describe('GarminDevice.xml', () => {
  it('reads model, serial (the device Id, not the part number) and software version', () => {
    expect(parseGarminDeviceXml(DEVICE_XML)).toEqual({ model: 'Forerunner 255', serial: '3456789012', partNumber: '006-B3992-00', softwareVersion: '13.10' });
    expect(parseGarminDeviceXml('<Device><broken')).toEqual({ model: null, serial: null, partNumber: null, softwareVersion: null });
  });
});

const corpus = corpusOrWarn();

describe.skipIf(!corpus)('a Garmin watch over USB (fake volume from corpus files)', () => {
  let t: TestApp;
  let tmp: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'milevault-usb-'));
    // A mass-storage watch: GARMIN/{Activity,Monitor,Weight,Sleep} with real device files (copied at test time).
    const g = join(tmp, 'media', 'FR255', 'GARMIN');
    for (const d of ['Activity', 'Monitor', 'Weight', 'Sleep', 'Metrics', 'HRVStatus']) mkdirSync(join(g, d), { recursive: true });
    writeFileSync(join(g, 'GarminDevice.xml'), DEVICE_XML);
    copyFileSync(join(corpus!, 'fit/fitsdk/HrmPluginTestActivity.fit'), join(g, 'Activity', 'A1B2C3D4.FIT'));
    copyFileSync(join(corpus!, 'wellness/fitsdk/MonitoringFile.fit'), join(g, 'Monitor', 'M1B2C3D4.FIT'));
    copyFileSync(join(corpus!, 'wellness/fitsdk/WeightScaleSingleUser.fit'), join(g, 'Weight', 'W1B2C3D4.FIT'));
    // A second Garmin on the bus that is not a drive: MTP only.
    for (const [dev, serial] of [['1-2', '3456789012'], ['1-3', '0000cafe']]) {
      mkdirSync(join(tmp, 'sys', dev), { recursive: true });
      writeFileSync(join(tmp, 'sys', dev, 'idVendor'), '091e\n');
      writeFileSync(join(tmp, 'sys', dev, 'product'), dev === '1-2' ? 'Forerunner 255\n' : 'fenix 7\n');
      writeFileSync(join(tmp, 'sys', dev, 'serial'), `${serial}\n`);
    }
    t = await createTestApp();
    t.services.autoIngest.usb.configure({ roots: [join(tmp, 'media', 'FR255')], platformRoots: false, sysUsbDir: join(tmp, 'sys'), gvfsDir: join(tmp, 'gvfs') });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the watch, syncs activities and wellness, and explains an MTP-only device', async () => {
    const before = (await t.app.inject({ url: '/api/v1/usb/devices' })).json();
    expect(before.devices).toHaveLength(1);
    const d = before.devices[0];
    expect(d).toMatchObject({ id: '3456789012', model: 'Forerunner 255', serial: '3456789012', access: 'mass-storage', lastSyncAt: null });
    expect(d.files).toEqual({ activity: 1, wellness: 2 });
    expect(d.pending).toEqual({ activity: 1, wellness: 2 });
    expect(before.mtpOnly).toHaveLength(1);
    expect(before.mtpOnly[0].product).toBe('fenix 7');
    expect(before.mtpOnly[0].message).toMatch(/MTP/);

    const sync = await t.app.inject({ method: 'POST', url: `/api/v1/usb/devices/${d.id}/sync`, headers: H });
    expect(sync.statusCode).toBe(202);
    await t.services.autoIngest.jobs.waitFor(sync.json().id);
    const job = (await t.app.inject({ url: `/api/v1/jobs/${sync.json().id}` })).json();
    expect(job.status).toBe('done');
    expect(job.result.counts.imported).toBe(3);

    expect((await t.app.inject({ url: '/api/v1/activities' })).json().total).toBe(1);
    const imp = (await t.app.inject({ url: `/api/v1/imports/${job.result.importJobId}` })).json();
    const wellness = imp.files.filter((f: { warnings?: string[] }) => f.warnings?.some((w) => /stored in Health/.test(w)));
    expect(wellness.map((f: { name: string }) => f.name).sort()).toEqual(['M1B2C3D4.FIT', 'W1B2C3D4.FIT']);
    const after = (await t.app.inject({ url: '/api/v1/usb/devices' })).json().devices[0];
    expect(after.pending).toEqual({ activity: 0, wellness: 0 });
    expect(after.lastSyncAt).not.toBeNull();
    expect(after.lastResult).toEqual({ imported: 3 });

    // Synced again: nothing new.
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/usb/devices/${d.id}/sync`, headers: H });
    await t.services.autoIngest.jobs.waitFor(again.json().id);
    expect((await t.app.inject({ url: `/api/v1/jobs/${again.json().id}` })).json().result.files).toBe(0);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/usb/devices/nope/sync', headers: H })).statusCode).toBe(404);
  });
});

describe.skipIf(!corpus)('the desktop shell routes a plugged-in watch through the server (electron/usb-sync-trigger.ts)', () => {
  it('a wellness file landing in GARMIN/Sleep is synced to Health by the trigger over real HTTP; an MTP-only watch is told once', async () => {
    const { createUsbApi, createUsbSyncTrigger } = await import('../../electron/usb-sync-trigger.js');
    const tmp = mkdtempSync(join(tmpdir(), 'milevault-usb-desk-'));
    const g = join(tmp, 'media', 'FR255', 'GARMIN');
    for (const d of ['Activity', 'Monitor', 'Sleep', 'HRVStatus']) mkdirSync(join(g, d), { recursive: true });
    writeFileSync(join(g, 'GarminDevice.xml'), DEVICE_XML);
    // On the bus: the FR255 (readable as a drive) and a fenix 7 that is MTP-only.
    for (const [dev, product, serial] of [['1-2', 'Forerunner 255', '3456789012'], ['1-3', 'fenix 7', '0000cafe']]) {
      mkdirSync(join(tmp, 'sys', dev), { recursive: true });
      writeFileSync(join(tmp, 'sys', dev, 'idVendor'), '091e\n');
      writeFileSync(join(tmp, 'sys', dev, 'product'), `${product}\n`);
      writeFileSync(join(tmp, 'sys', dev, 'serial'), `${serial}\n`);
    }
    const t = await createTestApp();
    try {
      t.services.autoIngest.usb.configure({ roots: [join(tmp, 'media', 'FR255')], platformRoots: false, sysUsbDir: join(tmp, 'sys'), gvfsDir: join(tmp, 'gvfs') });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
      const started: string[] = [];
      const mtp: string[] = [];
      const trigger = createUsbSyncTrigger({ api: createUsbApi({ baseUrl, token: 'unused-in-local-mode' }), onSyncStarted: (_d, j) => started.push(j.id), onMtpOnly: (m) => mtp.push(m) });

      expect(await trigger.pollOnce()).toEqual([]); // nothing on the watch yet
      expect(mtp).toHaveLength(1);
      copyFileSync(join(corpus!, 'wellness/fitsdk/MonitoringFile.fit'), join(g, 'Sleep', 'S1B2C3D4.FIT'));
      copyFileSync(join(corpus!, 'fit/fitsdk/HrmPluginTestActivity.fit'), join(g, 'Activity', 'A1B2C3D4.FIT'));
      expect(await trigger.pollOnce()).toEqual(['3456789012']);
      expect(await trigger.pollOnce()).toEqual([]); // running or done: not started twice
      await t.services.autoIngest.jobs.waitFor(started[0]);
      const job = (await t.app.inject({ url: `/api/v1/jobs/${started[0]}` })).json();
      expect(job).toMatchObject({ kind: 'usb-sync', status: 'done' });
      const imp = (await t.app.inject({ url: `/api/v1/imports/${job.result.importJobId}` })).json();
      expect(imp.files.find((f: { name: string }) => f.name === 'S1B2C3D4.FIT').warnings.join(' ')).toMatch(/stored in Health/);
      expect((await t.app.inject({ url: '/api/v1/usb/devices' })).json().devices[0].pending).toEqual({ activity: 0, wellness: 0 });
      expect(await trigger.pollOnce()).toEqual([]);
      expect(mtp).toHaveLength(1);
    } finally {
      await t.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
