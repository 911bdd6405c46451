import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedActivity, ParseResult } from '../../shared/activity.js';
import { computeSummary } from '../../server/domain/summary.js';
import { parseFile } from '../../server/ingest/parse-file.js';
import { corpusFiles, corpusOrWarn } from '../helpers/corpus.js';

/**
 * Golden tier for GPX and TCX (design.md "Tests, in tiers"): every real file under corpus gpx/ and
 * tcx/ (and the Strava export's .gpx.gz / .tcx.gz) imports, or is skipped / fails with a reason,
 * and never throws; ground truth shipped beside the files is compared (FORMATS.md §8).
 */
const corpus = corpusOrWarn();
const XML_RE = /\.(gpx|tcx)(\.gz)?$/i;
const files = corpus ? [...corpusFiles('gpx', XML_RE), ...corpusFiles('tcx', XML_RE), ...corpusFiles('strava', XML_RE)] : [];
const results = new Map<string, ParseResult>();

function parse(path: string): ParseResult {
  let r = results.get(path);
  if (!r) {
    r = parseFile(readFileSync(path), basename(path));
    results.set(path, r);
  }
  return r;
}

function activities(path: string): ParsedActivity[] {
  const r = parse(path);
  if (r.kind !== 'activities') throw new Error(`${path}: ${r.kind} ${'reason' in r ? r.reason : ''}`);
  return r.activities;
}

const rel = (p: string) => relative(corpus ?? '', p);
const within = (a: number, b: number, frac: number) => Math.abs(a - b) <= frac * Math.abs(b);

describe.skipIf(!corpus)('XML corpus (gpx/, tcx/)', () => {
  afterAll(() => {
    const table: Record<string, { imported: number; activities: number; skipped: number; failed: number }> = {};
    for (const [p, r] of results) {
      const row = (table[dirname(rel(p))] ??= { imported: 0, activities: 0, skipped: 0, failed: 0 });
      if (r.kind === 'activities') (row.imported++, (row.activities += r.activities.length));
      else if (r.kind === 'skipped') row.skipped++;
      else row.failed++;
    }
    console.log('[xml-corpus] per folder (files imported / activities / skipped / failed)');
    console.table(table);
    for (const [p, r] of results) if (r.kind !== 'activities') console.log(`  ${r.kind.padEnd(7)} ${rel(p)}: ${r.reason}`);
  });

  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [rel(f), f]))('%s: activities, or skipped/error with a reason', (_name, path) => {
    const r = parse(path);
    expect(['activities', 'skipped', 'error']).toContain(r.kind);
    if (r.kind !== 'activities') {
      expect(r.reason.length).toBeGreaterThan(10);
      return;
    }
    for (const a of r.activities) {
      const n = a.streams.timeS.length;
      for (const [ch, v] of Object.entries(a.streams.channels)) expect(v?.length, ch).toBe(n);
      for (let i = 1; i < n; i++) if (a.streams.timeS[i] < a.streams.timeS[i - 1]) throw new Error(`time goes back at ${i}`);
      expect(Number.isNaN(Date.parse(a.startTime))).toBe(false);
      if (a.streams.channels.latDeg) expect(a.streams.channels.distanceM, 'GPS activity has a distance channel').toBeDefined();
      expect(a.summary.elapsedTimeS ?? 0).toBeGreaterThanOrEqual(a.summary.timerTimeS ?? 0);
    }
  });

  it.each(files.filter((f) => !f.endsWith('.gz')).map((f) => [rel(f), f]))('%s: its .gz gives the same result', (_name, path) => {
    const gz = parseFile(gzipSync(readFileSync(path)), basename(path) + '.gz');
    const plain = parse(path);
    expect(gz.kind).toBe(plain.kind);
    if (gz.kind === 'activities' && plain.kind === 'activities') expect(gz.activities.map((a) => a.summary)).toEqual(plain.activities.map((a) => a.summary));
  });

  it('gives the expected kinds for the documented special files (FORMATS.md §3/§4)', () => {
    const kind = (p: string) => parse(join(corpus!, p));
    expect(kind('gpx/gpxpy/route.gpx')).toMatchObject({ kind: 'skipped', fileType: 'route' });
    expect(kind('gpx/gpxpy/cerknicko-without-times.gpx')).toMatchObject({ kind: 'skipped', fileType: 'route' });
    expect(kind('gpx/gpxpy/gpx_with_garmin_extension.gpx')).toMatchObject({ kind: 'skipped', fileType: 'waypoints' });
    expect(kind('tcx/gpsbabel/course.tcx')).toMatchObject({ kind: 'skipped', fileType: 'course' });
    expect(activities(join(corpus!, 'tcx/goldencheetah/FR305-activity_165850259_multi-session.tcx'))).toHaveLength(4);
    const gc = activities(join(corpus!, 'gpx/sports-lib/GarminConnect.gpx'))[0];
    expect(gc.streams.channels.hrBpm?.[0]).toBe(61); // TPX under the ns3 prefix
    const strava = activities(join(corpus!, 'gpx/sports-lib/Strava-ride-power-6909869014.gpx'))[0];
    expect(strava.streams.channels.powerW?.[0]).toBe(62); // bare <power>
    expect(activities(join(corpus!, 'tcx/goldencheetah/activity_2677977976.tcx'))[0].device?.product).toBe('fēnix 3');
  });

  it('matches python-tcxparser ground truth (tcx/python-tcxparser/test.expected.json)', () => {
    const truth = JSON.parse(readFileSync(join(corpus!, 'tcx/python-tcxparser/test.expected.json'), 'utf8'))['test.tcx'];
    const a = activities(join(corpus!, 'tcx/python-tcxparser/test.tcx'))[0];
    const c = a.streams.channels;
    const hr = c.hrBpm!.filter((v): v is number => v !== null);
    expect(a.sport).toBe(truth.activity_type);
    expect(a.startTime).toBe(truth.started_at.replace('Z', '.000Z'));
    expect(a.summary.timerTimeS).toBeCloseTo(truth.duration_s, 2);
    expect(a.summary.caloriesKcal).toBe(truth.calories);
    expect(a.summary.maxHrBpm).toBe(truth.hr_max);
    expect(Math.min(...hr)).toBe(truth.hr_min);
    expect(Math.trunc(hr.reduce((s, v) => s + v, 0) / hr.length)).toBe(truth.hr_avg); // upstream: int(plain mean)
    expect([hr[0], hr[hr.length - 1]]).toEqual([truth.first_hr, truth.last_hr]);
    expect(c.altitudeM![0]).toBeCloseTo(truth.first_altitude, 6);
    expect(c.latDeg![0]).toBeCloseTo(truth.latitude_first_trackpoint, 8);
    expect(within(a.summary.distanceM!, truth.distance_m, 0.001)).toBe(true);
    expect(a.name).toBe(truth.activity_notes);
    // Upstream ascent (153.8 m) sums every positive delta; ours is smoothed (elevation.ts: this
    // Forerunner 410 GPS altitude is classified gps, 93 m) and lower.
    expect(a.summary.ascentM!).toBeLessThan(truth.ascent);
    expect(activities(join(corpus!, 'tcx/python-tcxparser/no_hr.tcx'))[0].streams.channels.hrBpm).toBeUndefined();
  });

  it('matches the GPSBabel dump of history.tcx point by point (history~tcx.csv, UTC)', () => {
    const rows = readFileSync(join(corpus!, 'tcx/gpsbabel/history~tcx.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.trim().split(','));
    const a = activities(join(corpus!, 'tcx/gpsbabel/history.tcx'))[0];
    const c = a.streams.channels;
    const startMs = Date.parse(a.startTime);
    const withPos = a.streams.timeS.map((t, i) => i).filter((i) => c.latDeg![i] !== null);
    expect(withPos.length).toBe(rows.length);
    rows.forEach((r, k) => {
      const i = withPos[k];
      expect(c.latDeg![i]).toBeCloseTo(Number(r[1]), 6);
      expect(c.lonDeg![i]).toBeCloseTo(Number(r[2]), 6);
      expect(c.altitudeM![i]).toBeCloseTo(Number(r[3]), 0);
      if (r[4]) expect(c.hrBpm![i]).toBe(Number(r[4]));
      expect(startMs + a.streams.timeS[i] * 1000).toBe(Date.parse(`${r[5].replace(/\//g, '-')}T${r[6]}Z`));
    });
  });

  it('matches the GPSBabel dump of kona2013.tcx (kona2013~tcx.csv, local time UTC-6)', () => {
    const rows = readFileSync(join(corpus!, 'tcx/gpsbabel/kona2013~tcx.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.trim().split(','));
    const a = activities(join(corpus!, 'tcx/gpsbabel/kona2013.tcx'))[0];
    const c = a.streams.channels;
    const startMs = Date.parse(a.startTime);
    rows.forEach((r, i) => {
      expect(c.latDeg![i]).toBeCloseTo(Number(r[1]), 5);
      expect(c.speedMps![i]).toBeCloseTo(Number(r[4]), 2);
      expect(c.hrBpm![i]).toBe(Number(r[5]));
      expect(c.cadenceRpm![i]).toBe(Number(r[6]));
      // GPSBabel's unicsv leaves a power of 0 blank; the TCX says <Watts>0</Watts>.
      expect(c.powerW![i]).toBe(r[7] ? Number(r[7]) : 0);
      expect(startMs + a.streams.timeS[i] * 1000).toBe(Date.parse(`${r[8].replace(/\//g, '-')}T${r[9]}-06:00`));
    });
  });

  it('agrees with the GPSBabel GPX conversion of gtrnctr-lap_s.tcx', () => {
    const tcx = activities(join(corpus!, 'tcx/gpsbabel/gtrnctr-lap_s.tcx'))[0];
    const gpx = activities(join(corpus!, 'tcx/gpsbabel/gtrnctr-lap_s.tcx.gpx'))[0];
    const lat = (a: ParsedActivity) => a.streams.channels.latDeg!.filter((v) => v !== null);
    expect(lat(gpx).length).toBe(lat(tcx).length);
    expect(lat(gpx)[100]).toBeCloseTo(lat(tcx)[100]!, 6);
    expect(gpx.startTime).toBe(tcx.startTime);
  });
});

describe.skipIf(!corpus)('cross-format: FR945-run-6782987395 as FIT, GPX and TCX', () => {
  it('GPX and TCX agree with the FIT on distance, timer time and ascent', async () => {
    const mod = await import('../../server/ingest/fit/fit.parser.js').catch(() => null);
    if (!mod?.parseFit) {
      console.warn('[xml-corpus] server/ingest/fit/fit.parser.ts not available: cross-format check SKIPPED');
      return;
    }
    const fitR = mod.parseFit(readFileSync(join(corpus!, 'fit/sports-lib/FR945-run-6782987395.fit')));
    if (fitR.kind !== 'activities') throw new Error(`FIT: ${fitR.kind}`);
    const fit = fitR.activities[0];
    const gpx = activities(join(corpus!, 'gpx/sports-lib/GarminConnect-FR945-run-6782987395.gpx'))[0];
    const tcx = activities(join(corpus!, 'tcx/sports-lib/FR945-run-6782987395.tcx'))[0];
    const fitComputed = computeSummary(fit.streams, { sport: fit.sport });
    const rows = { fit: fit.summary, fitComputed, gpx: gpx.summary, tcx: tcx.summary };
    console.table(Object.fromEntries(Object.entries(rows).map(([k, s]) => [k, { distanceM: s.distanceM, timerTimeS: s.timerTimeS, ascentM: s.ascentM }])));
    // TCX carries the device's lap totals: the same numbers as the FIT session.
    expect(within(tcx.summary.distanceM!, fit.summary.distanceM!, 0.01)).toBe(true);
    expect(within(tcx.summary.timerTimeS!, fit.summary.timerTimeS!, 0.01)).toBe(true);
    expect(within(gpx.summary.timerTimeS!, fit.summary.timerTimeS!, 0.01)).toBe(true);
    // GPX has no distance: haversine with the 2 m jitter dead-band (distance-stream.ts) reads
    // +0.6 % here (raw haversine read +1.06 %).
    expect(within(gpx.summary.distanceM!, fit.summary.distanceM!, 0.01)).toBe(true);
    // Ascent: neither GPX nor TCX carries the device total, so they show the computed value; the
    // FIT shows the device's own 347 m. Computed from the same barometric altitudes (elevation.ts:
    // classified barometric, ±15 s time window, 0.5 m band) all three read 349 m, within 1 % of it.
    expect(fit.summary.ascentM).toBe(347);
    expect(within(fitComputed.ascentM!, fit.summary.ascentM!, 0.01)).toBe(true);
    expect(within(gpx.summary.ascentM!, fit.summary.ascentM!, 0.01)).toBe(true);
    expect(within(tcx.summary.ascentM!, fit.summary.ascentM!, 0.01)).toBe(true);
    expect(gpx.startTime).toBe(fit.startTime);
    expect(tcx.startTime).toBe(fit.startTime);
  });
});
