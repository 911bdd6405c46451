import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findGarminFitFiles } from './garmin-volume.js';
import { createGarminSync, createJsonSeenStore, fileKey } from './garmin-sync.js';
import { readdir } from 'node:fs/promises';

describe('garmin sync', () => {
  let root: string;
  let watch: string;
  let activityDir: string;
  const scan = () => findGarminFitFiles(watch, (p) => readdir(p, { withFileTypes: true }));

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mv-sync-'));
    watch = join(root, 'volume');
    activityDir = join(watch, 'GARMIN', 'Activity');
    await mkdir(activityDir, { recursive: true });
    await writeFile(join(activityDir, 'A1.FIT'), 'one');
    await writeFile(join(activityDir, 'A2.FIT'), 'two!');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uploads new files once, then only files it has not seen', async () => {
    const upload = vi.fn(async (_paths: string[]) => undefined);
    const seen = await createJsonSeenStore(join(root, 'seen.json'));
    const sync = createGarminSync({ scan, upload, seen });

    expect(await sync.pollOnce()).toBe(2);
    expect(upload).toHaveBeenCalledWith([join(activityDir, 'A1.FIT'), join(activityDir, 'A2.FIT')]);

    expect(await sync.pollOnce()).toBe(0);
    expect(upload).toHaveBeenCalledTimes(1);

    await writeFile(join(activityDir, 'A3.FIT'), 'three');
    expect(await sync.pollOnce()).toBe(1);
    expect(upload).toHaveBeenLastCalledWith([join(activityDir, 'A3.FIT')]);
  });

  it('remembers seen files across restarts (keyed by name and size, not mount path)', async () => {
    const upload = vi.fn(async () => undefined);
    await createGarminSync({ scan, upload, seen: await createJsonSeenStore(join(root, 'seen.json')) }).pollOnce();
    const stored = JSON.parse(await readFile(join(root, 'seen.json'), 'utf8'));
    expect(stored).toEqual([fileKey('A1.FIT', 3), fileKey('A2.FIT', 4)]);

    const again = vi.fn(async () => undefined);
    const sync = createGarminSync({ scan, upload: again, seen: await createJsonSeenStore(join(root, 'seen.json')) });
    expect(await sync.pollOnce()).toBe(0);
    expect(again).not.toHaveBeenCalled();
  });

  it('retries after a transient failure but not after a permanent one', async () => {
    const seen = await createJsonSeenStore(join(root, 'seen.json'));
    const onError = vi.fn();
    const transient = vi.fn(async () => {
      throw new Error('ECONNRESET');
    });
    const sync = createGarminSync({ scan, upload: transient, seen, onError, isPermanentError: () => false });
    expect(await sync.pollOnce()).toBe(0);
    expect(await sync.pollOnce()).toBe(0);
    expect(transient).toHaveBeenCalledTimes(2); // not marked seen: tried again
    expect(onError).toHaveBeenCalledTimes(2);

    const permanent = vi.fn(async () => {
      throw new Error('413 too large');
    });
    const sync2 = createGarminSync({ scan, upload: permanent, seen, onError, isPermanentError: () => true });
    await sync2.pollOnce();
    await sync2.pollOnce();
    expect(permanent).toHaveBeenCalledTimes(1);
  });

  it('sends large backlogs in batches', async () => {
    for (let i = 0; i < 5; i++) await writeFile(join(activityDir, `B${i}.FIT`), `b${i}`);
    const upload = vi.fn(async (_paths: string[]) => undefined);
    const sync = createGarminSync({ scan, upload, seen: await createJsonSeenStore(join(root, 'seen.json')), batchSize: 3 });
    expect(await sync.pollOnce()).toBe(7);
    expect(upload.mock.calls.map(([paths]) => paths.length)).toEqual([3, 3, 1]);
  });

  it('does not overlap polls', async () => {
    let release!: () => void;
    const upload = vi.fn(() => new Promise<void>((r) => (release = r)));
    const sync = createGarminSync({ scan, upload, seen: await createJsonSeenStore(join(root, 'seen.json')) });
    const first = sync.pollOnce();
    await vi.waitFor(() => expect(upload).toHaveBeenCalled());
    expect(await sync.pollOnce()).toBe(0);
    release();
    expect(await first).toBe(2);
  });

  it('keeps the seen list bounded', async () => {
    const file = join(root, 'bounded.json');
    const seen = await createJsonSeenStore(file, 3);
    await seen.add(['a', 'b', 'c']);
    await seen.add(['d']);
    expect(seen.has('a')).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(['b', 'c', 'd']);
  });

  it('start() polls on an interval and stop() ends it', async () => {
    vi.useFakeTimers();
    try {
      const scanSpy = vi.fn(async () => [] as string[]);
      const sync = createGarminSync({ scan: scanSpy, upload: vi.fn(), seen: { has: () => false, add: async () => undefined }, intervalMs: 1000 });
      sync.start();
      await vi.advanceTimersByTimeAsync(3000);
      expect(scanSpy).toHaveBeenCalledTimes(4); // immediately + 3 ticks
      sync.stop();
      await vi.advanceTimersByTimeAsync(3000);
      expect(scanSpy).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
