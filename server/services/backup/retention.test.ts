import { describe, expect, it } from 'vitest';
import { backupsToKeep } from './retention.js';

const at = (iso: string) => ({ name: iso, timeMs: Date.parse(iso) });

describe('backupsToKeep', () => {
  it('keeps the newest of each of the last N days and M weeks', () => {
    // Two a day from Monday 2026-11-02 to Sunday 2026-11-29 (4 ISO weeks).
    const files = [];
    for (let d = 2; d <= 29; d++) for (const h of ['03', '15']) files.push(at(`2026-11-${String(d).padStart(2, '0')}T${h}:00:00.000Z`));
    const keep = backupsToKeep(files, 3, 3);
    expect([...keep].sort()).toEqual([
      '2026-11-15T15:00:00.000Z', // newest of week of 9 Nov
      '2026-11-22T15:00:00.000Z', // newest of week of 16 Nov
      '2026-11-27T15:00:00.000Z',
      '2026-11-28T15:00:00.000Z',
      '2026-11-29T15:00:00.000Z', // newest day and newest week
    ]);
  });

  it('counts days that have a backup, not calendar days', () => {
    const keep = backupsToKeep([at('2026-01-01T00:00:00Z'), at('2026-03-01T00:00:00Z'), at('2026-03-01T01:00:00Z')], 2, 0);
    expect([...keep].sort()).toEqual(['2026-01-01T00:00:00Z', '2026-03-01T01:00:00Z']);
  });

  it('keeps nothing when both counts are 0', () => {
    expect(backupsToKeep([at('2026-01-01T00:00:00Z')], 0, 0).size).toBe(0);
  });
});
