import { describe, expect, it } from 'vitest';
import { createUsbSyncTrigger, type JobLike, type UsbApi, type UsbStatusLike } from './usb-sync-trigger.js';

function fakeApi(status: UsbStatusLike) {
  const jobs = new Map<string, JobLike>();
  const syncs: string[] = [];
  const api: UsbApi = {
    devices: async () => structuredClone(status),
    sync: async (id) => {
      const j = { id: `job${syncs.length + 1}`, status: 'queued' };
      syncs.push(id);
      jobs.set(j.id, j);
      return j;
    },
    job: async (id) => jobs.get(id) ?? null,
  };
  return { api, jobs, syncs, status };
}

describe('USB sync trigger (desktop)', () => {
  it('asks the server to sync a watch with pending files once per change, never while its job runs', async () => {
    const f = fakeApi({ devices: [{ id: 'w1', model: 'Forerunner 255', pending: { activity: 2, wellness: 5 } }, { id: 'w2', model: null, pending: { activity: 0, wellness: 0 } }], mtpOnly: [] });
    const t = createUsbSyncTrigger({ api: f.api });
    expect(await t.pollOnce()).toEqual(['w1']);
    expect(await t.pollOnce()).toEqual([]); // queued
    f.jobs.get('job1')!.status = 'done';
    expect(await t.pollOnce()).toEqual([]); // same files still pending (they failed): wait for a change
    f.status.devices[0].pending.wellness = 6; // a new sleep file landed
    expect(await t.pollOnce()).toEqual(['w1']);
    expect(f.syncs).toEqual(['w1', 'w1']);
  });

  it('tells about an MTP-only watch once and reports errors without throwing', async () => {
    const f = fakeApi({ devices: [], mtpOnly: [{ product: 'fenix 7', serial: 'cafe', message: 'use Garmin Express or an MTP client' }] });
    const told: string[] = [];
    const errors: unknown[] = [];
    const t = createUsbSyncTrigger({ api: f.api, onMtpOnly: (m, p) => told.push(`${p}: ${m}`), onError: (e) => errors.push(e) });
    await t.pollOnce();
    await t.pollOnce();
    expect(told).toEqual(['fenix 7: use Garmin Express or an MTP client']);
    f.api.devices = async () => {
      throw new Error('server gone');
    };
    expect(await t.pollOnce()).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
