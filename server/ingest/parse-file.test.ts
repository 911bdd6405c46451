import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseFile, sniffFormat, xmlRootName } from './parse-file.js';

const enc = (s: string) => new TextEncoder().encode(s);
const GPX = `<?xml version="1.0"?><!-- x --><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
  <trkpt lat="45" lon="7"><time>2024-05-01T08:00:00Z</time></trkpt><trkpt lat="45.001" lon="7"><time>2024-05-01T08:00:30Z</time></trkpt>
  </trkseg></trk></gpx>`;
const TCX = `<?xml version="1.0"?><tc:TrainingCenterDatabase xmlns:tc="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <tc:Courses><tc:Course/></tc:Courses></tc:TrainingCenterDatabase>`;

describe('parseFile', () => {
  it('detects by content, whatever the name says', () => {
    expect(parseFile(enc(GPX), 'upload.bin')).toMatchObject({ kind: 'activities' });
    expect(parseFile(enc(TCX), 'upload.gpx')).toMatchObject({ kind: 'skipped', fileType: 'course' });
    expect(sniffFormat(enc(TCX))).toBe('tcx');
    expect(xmlRootName(enc('\uFEFF<?xml version="1.0"?><!DOCTYPE gpx><x:gpx xmlns:x="u"/>'))).toBe('gpx');
  });
  it('recognises the FIT header magic', () => {
    const header = new Uint8Array([14, 0x10, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54, 0, 0]);
    expect(sniffFormat(header)).toBe('fit');
  });
  it('gunzips .gz transparently', () => {
    expect(parseFile(gzipSync(enc(GPX)), 'a.gpx.gz')).toMatchObject({ kind: 'activities' });
    expect(parseFile(gzipSync(gzipSync(enc(GPX))), 'a.gpx.gz.gz')).toMatchObject({ kind: 'activities' });
  });
  it('refuses corrupt gzip and unknown content with a reason', () => {
    const gz = gzipSync(enc(GPX));
    expect(parseFile(gz.subarray(0, 20), 'a.gpx.gz')).toMatchObject({ kind: 'error', reason: expect.stringMatching(/gzip/) });
    expect(parseFile(enc('hello world'), 'notes.txt')).toMatchObject({ kind: 'error', reason: expect.stringMatching(/not a FIT, GPX or TCX/) });
    expect(parseFile(new Uint8Array([0x50, 0x4b, 3, 4]), 'a.zip')).toMatchObject({ kind: 'error', reason: expect.stringMatching(/ZIP/) });
    expect(parseFile(new Uint8Array(), 'e.fit')).toMatchObject({ kind: 'error' });
  });
});
