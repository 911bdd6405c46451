import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/port.js';
import { incomingRetentionMs, sweepIncoming } from './housekeeping.js';

const root = mkdtempSync(join(tmpdir(), 'milevault-housekeeping-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOW = Date.UTC(2026, 0, 10);
const H = 3600_000;
const job = (n: number) => `0000000${n}-1111-2222-3333-444444444444`;

function put(name: string, ageMs: number, dir = true) {
  const p = join(root, name);
  if (dir) {
    mkdirSync(p);
    writeFileSync(join(p, '0'), 'staged');
  } else writeFileSync(p, 'x');
  const t = (NOW - ageMs) / 1000;
  utimesSync(p, t, t);
}

describe('incoming/ housekeeping', () => {
  it('removes old staging of finished jobs and interrupted uploads; keeps unfinished jobs, young folders and anything else', async () => {
    put(job(1), 48 * H); // finished job, old → removed
    put(job(2), 48 * H); // unfinished job → kept (a restart resumes it)
    put(job(3), 1 * H); // finished but young (its row may not be committed yet) → kept
    put('account-backup-abc123.tar.gz', 48 * H, false); // interrupted upload → removed
    put('account-import-x1', 48 * H); // → removed
    put('archives', 48 * H); // not ours to judge → kept
    put('notes.txt', 48 * H, false); // unknown → kept
    const storage = { imports: { unfinished: async () => [{ id: job(2), userId: 'u' }] } } as unknown as Storage;
    const r = await sweepIncoming({ storage, incomingDir: root, olderThanMs: 24 * H, nowMs: NOW });
    expect(r).toEqual({ stagedJobs: 1, uploads: 2 });
    expect(readdirSync(root).sort()).toEqual([job(2), job(3), 'archives', 'notes.txt'].sort());
    expect(await sweepIncoming({ storage, incomingDir: join(root, 'missing'), olderThanMs: H, nowMs: NOW })).toEqual({ stagedJobs: 0, uploads: 0 });
  });

  it('reads the retention from MILEVAULT_INCOMING_RETENTION_H, 24 h by default, ignoring nonsense', () => {
    expect(incomingRetentionMs({})).toBe(24 * H);
    expect(incomingRetentionMs({ MILEVAULT_INCOMING_RETENTION_H: '6' })).toBe(6 * H);
    expect(incomingRetentionMs({ MILEVAULT_INCOMING_RETENTION_H: '-1' })).toBe(24 * H);
    expect(incomingRetentionMs({ MILEVAULT_INCOMING_RETENTION_H: 'abc' })).toBe(24 * H);
  });
});
