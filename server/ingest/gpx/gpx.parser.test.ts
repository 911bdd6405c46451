import { describe, expect, it } from 'vitest';
import type { ParsedActivity, ParseResult } from '../../../shared/activity.js';
import { parseGpx } from './gpx.parser.js';

const enc = (s: string) => new TextEncoder().encode(s);
const GPX11 = 'http://www.topografix.com/GPX/1/1';
const TPX1 = 'http://www.garmin.com/xmlschemas/TrackPointExtension/v1';
const TPX2 = 'http://www.garmin.com/xmlschemas/TrackPointExtension/v2';
const PWR = 'http://www.garmin.com/xmlschemas/PowerExtension/v1';
const GPXDATA = 'http://www.cluetrust.com/XML/GPXDATA/1/0';

function gpx(body: string, attrs = `xmlns="${GPX11}"`): Uint8Array {
  return enc(`<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Test" ${attrs}>${body}</gpx>`);
}
function pt(i: number, inner = '', lat = 45 + i * 0.0001): string {
  const t = new Date(Date.UTC(2024, 4, 1, 8, 0, i)).toISOString();
  return `<trkpt lat="${lat}" lon="7"><ele>${100 + i}</ele><time>${t}</time>${inner}</trkpt>`;
}
function one(r: ParseResult): ParsedActivity {
  expect(r.kind).toBe('activities');
  if (r.kind !== 'activities') throw new Error(JSON.stringify(r));
  expect(r.activities).toHaveLength(1);
  return r.activities[0];
}

describe('parseGpx: extensions are matched by namespace URI, not prefix', () => {
  it('reads TPX v1 under the Garmin Connect prefix ns3', () => {
    const ext = (hr: number) => `<extensions><ns3:TrackPointExtension><ns3:hr>${hr}</ns3:hr><ns3:cad>88</ns3:cad><ns3:atemp>21.5</ns3:atemp></ns3:TrackPointExtension></extensions>`;
    const a = one(parseGpx(gpx(`<trk><type>running</type><trkseg>${pt(0, ext(120))}${pt(1, ext(130))}</trkseg></trk>`, `xmlns="${GPX11}" xmlns:ns3="${TPX1}"`)));
    expect(a.streams.channels.hrBpm).toEqual([120, 130]);
    expect(a.streams.channels.cadenceRpm).toEqual([88, 88]);
    expect(a.streams.channels.temperatureC).toEqual([21.5, 21.5]);
    expect(a.sport).toBe('running');
    expect(a.format).toBe('gpx');
  });
  it('reads TPX v2 speed and PowerInWatts under odd prefixes and inline default namespaces', () => {
    const ext = `<extensions><zz:TrackPointExtension><zz:hr>99</zz:hr><zz:speed>3.5</zz:speed></zz:TrackPointExtension><PowerInWatts xmlns="${PWR}">250</PowerInWatts></extensions>`;
    const a = one(parseGpx(gpx(`<trk><trkseg>${pt(0, ext)}${pt(1, ext)}</trkseg></trk>`, `xmlns="${GPX11}" xmlns:zz="${TPX2}"`)));
    expect(a.streams.channels.speedMps).toEqual([3.5, 3.5]);
    expect(a.streams.channels.powerW).toEqual([250, 250]);
    expect(a.streams.channels.hrBpm).toEqual([99, 99]);
  });
  it('ignores a TPX-looking prefix bound to another namespace', () => {
    const ext = '<extensions><gpxtpx:hr>150</gpxtpx:hr></extensions>';
    const a = one(parseGpx(gpx(`<trk><trkseg>${pt(0, ext)}${pt(1, ext)}</trkseg></trk>`, `xmlns="${GPX11}" xmlns:gpxtpx="urn:not-garmin"`)));
    expect(a.streams.channels.hrBpm).toBeUndefined();
  });
  it('reads Strava bare <power> and cluetrust gpxdata', () => {
    const ext = (w: number) => `<extensions><power>${w}</power><gd:hr>140</gd:hr><gd:cadence>90</gd:cadence><gd:temp>18</gd:temp></extensions>`;
    const a = one(parseGpx(gpx(`<trk><trkseg>${pt(0, ext(200))}${pt(1, ext(0))}</trkseg></trk>`, `xmlns="${GPX11}" xmlns:gd="${GPXDATA}"`)));
    expect(a.streams.channels.powerW).toEqual([200, 0]);
    expect(a.streams.channels.hrBpm).toEqual([140, 140]);
    expect(a.streams.channels.cadenceRpm).toEqual([90, 90]);
    expect(a.streams.channels.temperatureC).toEqual([18, 18]);
  });
});

describe('parseGpx: structure', () => {
  it('joins segments without bridging their distance and treats the gap as a pause', () => {
    const seg2 = [60, 61].map((i) => pt(i, '', 46 + (i - 60) * 0.0001)).join('');
    const a = one(parseGpx(gpx(`<trk><trkseg>${pt(0)}${pt(1)}</trkseg><trkseg>${seg2}</trkseg></trk>`)));
    expect(a.streams.timeS).toEqual([0, 1, 60, 61]);
    // two 0.0001° steps (≈ 11.1 m each); the 111 km jump between segments is not counted
    expect(a.summary.distanceM).toBeCloseTo(2 * 11.119, 1);
    expect(a.summary.elapsedTimeS).toBe(61);
    expect(a.summary.timerTimeS).toBe(2);
  });
  it('reads OpenTracks legacy lat=100/200 markers as a pause, not as points', () => {
    const marker = (lat: number, s: number) => `<trkpt lat="${lat}" lon="0"><time>2024-05-01T08:00:${s}Z</time></trkpt>`;
    const a = one(parseGpx(gpx(`<trk><trkseg>${pt(0)}${pt(1)}${marker(100, 20)}${marker(200, 40)}${pt(41)}${pt(42)}</trkseg></trk>`)));
    expect(a.streams.timeS).toEqual([0, 1, 41, 42]);
    expect(a.streams.channels.latDeg?.every((l) => l !== null && l < 90)).toBe(true);
    expect(a.warnings.join()).toMatch(/pause/);
  });
  it('handles GPX 1.0 without namespace, BOM, comments, CDATA and +01:15 offsets', () => {
    const body = `\uFEFF<?xml version="1.0"?><gpx version="1.0"><!-- c --><trk><name><![CDATA[Morning & run]]></name><trkseg>
      <trkpt lat="45" lon="7"><time>2021-01-07T21:51:59.179+01:15</time><speed>2.5</speed></trkpt><!-- between -->
      <trkpt lat="45.001" lon="7"><time>2021-01-07T21:52:09.179+01:15</time><speed>2.5</speed></trkpt></trkseg></trk></gpx>`;
    const a = one(parseGpx(enc(body)));
    expect(a.startTime).toBe('2021-01-07T20:36:59.179Z');
    expect(a.name).toBe('Morning & run');
    expect(a.streams.channels.speedMps).toEqual([2.5, 2.5]);
    expect(a.sport).toBe('running'); // no <type>: the name says it (domain/sport-vocabulary.ts)
  });
  it('maps Strava numeric types', () => {
    const a = one(parseGpx(gpx(`<trk><type>17</type><trkseg>${pt(0)}${pt(1)}</trkseg></trk>`)));
    expect([a.sport, a.subSport]).toEqual(['cycling', 'virtual_activity']);
  });
  it('splits tracks that overlap in time into separate activities', () => {
    const trk = `<trk><trkseg>${pt(0)}${pt(10)}</trkseg></trk>`;
    const r = parseGpx(gpx(trk + trk));
    expect(r.kind === 'activities' && r.activities.length).toBe(2);
  });
});

describe('parseGpx: files that are not activities', () => {
  it('skips a track without times as a route', () => {
    const r = parseGpx(gpx('<trk><trkseg><trkpt lat="45" lon="7"/><trkpt lat="45.1" lon="7"/></trkseg></trk>'));
    expect(r).toMatchObject({ kind: 'skipped', fileType: 'route' });
    expect(r.kind === 'skipped' && r.reason).toMatch(/no timestamps/);
  });
  it('skips routes and waypoint files', () => {
    expect(parseGpx(gpx('<rte><rtept lat="1" lon="2"/></rte>'))).toMatchObject({ kind: 'skipped', fileType: 'route' });
    expect(parseGpx(gpx('<wpt lat="1" lon="2"/>'))).toMatchObject({ kind: 'skipped', fileType: 'waypoints' });
  });
  it('returns errors, never throws, on broken input', () => {
    expect(parseGpx(enc('<gpx><trk><trkseg><trkpt lat="1"'))).toMatchObject({ kind: 'error' });
    expect(parseGpx(enc('<kml></kml>'))).toMatchObject({ kind: 'error', reason: expect.stringMatching(/root element <kml>/) });
    expect(parseGpx(new Uint8Array([0, 1, 2, 3]))).toMatchObject({ kind: 'error' });
  });
});
