import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusOrWarn } from '../helpers/corpus.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

/**
 * Issue 13 §2 on machines whose own zone is not UTC: the same files imported under TZ=UTC,
 * TZ=America/New_York and TZ=Asia/Tokyo get the same names, local start times and calendar days,
 * taken from each activity's own clock (device offset or the zone at its start), never from the
 * server's zone. A fresh process per TZ, since Node reads TZ at start.
 */
const corpus = corpusOrWarn();
type Probe = { tz: string; system: string; activities: { name: string; startTime: string; localStartTime: string; timeZone: string | null; calendarDays: string[] }[] };

function probe(tz: string, files: string[]): Probe {
  const out = execFileSync('npx', ['tsx', 'tests/tz/local-time-probe.ts', ...files], { env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as Probe;
}

describe.skipIf(!corpus)('local time on real files, whatever the server zone', () => {
  const runs: Probe[] = [];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'milevault-tzfiles-'));
    // The fixture runs near 47° N 8° E (Europe/Zurich) with no device offset: 23:30 UTC on 1 March
    // is 00:30 on 2 March there, and it must count on 2 March on every server.
    writeFileSync(join(dir, 'zurich-midnight.fit'), makeFitActivity({ startTime: new Date('2024-03-01T23:30:00Z'), durationS: 1200 }));
    const files = [
      join(dir, 'zurich-midnight.fit'),
      join(corpus!, 'fit/sports-lib/FR945-run-6782987395.fit'),
      join(corpus!, 'fit/python-fitparse/null_compressed_speed_dist.fit'),
      join(corpus!, 'fit/goldencheetah/GarminSwim-2016-05-23.fit'),
    ];
    for (const tz of ['UTC', 'America/New_York', 'Asia/Tokyo']) runs.push(probe(tz, files));
  }, 400_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the FR945 run of 05:42 EDT (15 June 2019) a Morning Run (was "Night Run" shown at 9:42 AM)', () => {
    for (const r of runs) {
      const fr945 = r.activities.find((a) => a.startTime.startsWith('2019-06-15T09:4'));
      expect(fr945, r.tz).toBeDefined();
      expect(fr945!.name).toBe('Morning Run');
      expect(fr945!.localStartTime).toMatch(/^2019-06-15T05:4\d:\d\d-04:00$/);
      expect(fr945!.calendarDays).toContain('2019-06-15');
    }
  });

  it('counts a run at 00:30 in Zurich (23:30 UTC) on the Zurich date', () => {
    for (const r of runs) {
      const z = r.activities.find((a) => a.startTime === '2024-03-01T23:30:00.000Z')!;
      expect(z.timeZone, r.tz).toBe('Europe/Zurich');
      expect(z.localStartTime).toBe('2024-03-02T00:30:00+01:00');
      expect(z.name).toBe('Night Run');
      expect(z.calendarDays).toEqual(['2024-03-02']);
    }
  });

  it('never takes an offset from a device counter (−876,098,089 s, −26 days)', () => {
    for (const r of runs) {
      for (const a of r.activities) {
        const m = /([+-])(\d\d):(\d\d)$/.exec(a.localStartTime)!;
        const offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
        expect(Math.abs(offsetMin), `${r.tz} ${a.name}`).toBeLessThanOrEqual(14 * 60);
        expect(Math.abs(offsetMin) % 15).toBe(0);
        // Consistency: the local start is the UTC start shifted by the offset, and the calendar counts it on that day.
        expect(new Date(Date.parse(a.startTime) + offsetMin * 60_000).toISOString().slice(0, 19)).toBe(a.localStartTime.slice(0, 19));
        expect(a.calendarDays, `${r.tz} ${a.name}`).toContain(a.localStartTime.slice(0, 10));
      }
    }
  });

  it('gives the same answer under every server zone for files that carry their own clock or position', () => {
    // GarminSwim-2016-05-23.fit has neither a sane device offset nor a position: it alone follows
    // the athlete's setting, whose default is the system zone.
    const SWIM = '2016-05-23T20:18:27.000Z';
    for (const r of runs) expect(r.activities.find((a) => a.startTime === SWIM)?.timeZone, r.tz).toBe(r.system);
    const withClock = (r: Probe) => r.activities.filter((a) => a.startTime !== SWIM).map((a) => [a.startTime, a.name, a.localStartTime, a.calendarDays]);
    expect(withClock(runs[0])).toHaveLength(3);
    expect(withClock(runs[1])).toEqual(withClock(runs[0]));
    expect(withClock(runs[2])).toEqual(withClock(runs[0]));
    expect(runs.map((r) => r.system)).toEqual(['UTC', 'America/New_York', 'Asia/Tokyo']);
  });
});
