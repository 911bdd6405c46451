/**
 * GPX 1.0 / 1.1 → ParsedActivity. Pure: bytes in, ParseResult out; never throws.
 *
 * Decisions (FORMATS.md §3):
 * - All `<trkseg>`s of a `<trk>` form one activity; the step between segments is not counted as
 *   distance (gpxpy length_2d does the same) and the time between them is a pause when it is long.
 * - Several `<trk>`s: sorted by start time and joined like segments — Garmin eTrex and OpenTracks
 *   split one outing into tracks at pause/resume. A track that overlaps the previous one in time
 *   (two recordings of one outing in one file) or starts more than SPLIT_GAP_H hours after it
 *   ends (a logger's multi-day dump) becomes an activity of its own.
 * - No `<trk>` points but `<rte>` or `<wpt>` → skipped as a route / waypoints file; track points
 *   with no time at all → skipped as a route: an activity needs a time axis.
 * - The summary is computed from the samples only: GPX carries no device totals.
 */
import type { ParseResult, ParsedActivity } from '../../../shared/activity.js';
import { assembleActivity } from '../xml/assemble-activity.js';
import { inferSport } from '../xml/sport-names.js';
import { StreamBuilder } from '../xml/stream-builder.js';
import { attr, child, children, decodeXmlBytes, parseXmlTree, type XmlElement } from '../xml/xml-tree.js';
import { isGpxNs, readGpxPoint, type GpxPoint } from './gpx-point.js';

export const SPLIT_GAP_H = 6;

interface TrackData {
  name: string | null;
  type: string | null;
  segments: GpxPoint[][];
  firstMs: number;
  lastMs: number;
}

export function parseGpx(bytes: Uint8Array, fileName?: string): ParseResult {
  try {
    return parseGpxUnsafe(bytes);
  } catch (e) {
    return { kind: 'error', reason: `GPX${fileName ? ` ${fileName}` : ''} could not be read: ${(e as Error).message}` };
  }
}

function parseGpxUnsafe(bytes: Uint8Array): ParseResult {
  let root: XmlElement;
  try {
    root = parseXmlTree(decodeXmlBytes(bytes));
  } catch (e) {
    return { kind: 'error', reason: `not well-formed XML: ${(e as Error).message}` };
  }
  if (root.name !== 'gpx') return { kind: 'error', reason: `not a GPX file (root element <${root.name}>)` };

  const tracks: TrackData[] = [];
  let points = 0;
  let untimed = 0;
  for (const trk of children(root, 'trk', isGpxNs)) {
    const segments: GpxPoint[][] = [];
    for (const seg of children(trk, 'trkseg', isGpxNs)) {
      const pts = children(seg, 'trkpt', isGpxNs).map(readGpxPoint);
      points += pts.length;
      const timed = pts.filter((p) => p.timeMs !== null);
      untimed += pts.length - timed.length;
      if (!timed.length) continue;
      segments.push(timed);
    }
    if (!segments.length) continue;
    tracks.push({
      name: child(trk, 'name', isGpxNs)?.text || null,
      type: child(trk, 'type', isGpxNs)?.text || null,
      segments,
      firstMs: segments[0][0].timeMs as number,
      lastMs: Math.max(...segments.map((s) => s[s.length - 1].timeMs as number)),
    });
  }

  if (points === 0) {
    const rtepts = children(root, 'rte', isGpxNs).reduce((n, r) => n + children(r, 'rtept', isGpxNs).length, 0);
    if (rtepts > 0) return { kind: 'skipped', fileType: 'route', reason: `GPX route with ${rtepts} points and no track: a route, not an activity` };
    const wpts = children(root, 'wpt', isGpxNs).length;
    if (wpts > 0) return { kind: 'skipped', fileType: 'waypoints', reason: `GPX with ${wpts} waypoints and no track: not an activity` };
    return { kind: 'skipped', fileType: 'empty', reason: 'GPX contains no track points' };
  }
  // Mostly untimed tracks are routes with a stray time or two (cerknicko-without-times.gpx: 5 of
  // 296 points timed; Mojstrovka.gpx: one real time, the rest the INT32_MIN "null" date).
  if (tracks.length === 0 || untimed * 2 > points) {
    const what = untimed === points ? 'no timestamps' : `timestamps on only ${points - untimed} of ${points} track points`;
    return { kind: 'skipped', fileType: 'route', reason: `${what}: a route, not an activity` };
  }
  if (points - untimed < 2) {
    return { kind: 'skipped', fileType: 'empty', reason: 'a single track point: nothing to import as an activity' };
  }

  const fileWarnings: string[] = [];
  if (untimed) fileWarnings.push(`${untimed} track points without a time were dropped`);
  const metaName = child(child(root, 'metadata', isGpxNs), 'name', isGpxNs)?.text || null;
  const creator = attr(root, 'creator')?.trim() || null;
  const activities = groupTracks(tracks).map((group) => buildActivity(group, metaName, creator, [...fileWarnings]));
  return { kind: 'activities', activities, warnings: fileWarnings };
}

/** Sorted by start; a new group on time overlap or a gap longer than SPLIT_GAP_H (see header). */
function groupTracks(tracks: TrackData[]): TrackData[][] {
  const sorted = [...tracks].sort((a, b) => a.firstMs - b.firstMs);
  const groups: TrackData[][] = [];
  let lastMs = -Infinity;
  for (const t of sorted) {
    const g = groups[groups.length - 1];
    if (g && t.firstMs >= lastMs && t.firstMs - lastMs <= SPLIT_GAP_H * 3600_000) {
      g.push(t);
      lastMs = Math.max(lastMs, t.lastMs);
    } else {
      groups.push([t]);
      lastMs = t.lastMs;
    }
  }
  return groups;
}

function buildActivity(group: TrackData[], metaName: string | null, creator: string | null, warnings: string[]): ParsedActivity {
  const b = new StreamBuilder();
  let pauses = 0;
  for (const trk of group) {
    for (const seg of trk.segments) {
      b.markBreak();
      for (const p of seg) {
        if (p.pauseMarker) {
          pauses++;
          b.markBreak();
          continue;
        }
        b.push(p.timeMs as number, p.values);
      }
    }
  }
  warnings.push(...b.orderWarnings());
  if (pauses) warnings.push(`${pauses} OpenTracks pause/resume markers (lat=100/200) read as pauses`);
  const startMs = b.firstTimeMs as number;
  const streams = b.build(startMs);
  // GPSBabel writes <ele>0</ele> when it has no elevation (cerknicko-jezero-with-elevations-zero.gpx).
  const alt = streams.channels.altitudeM;
  if (alt && alt.every((a) => a === null || a === 0)) {
    delete streams.channels.altitudeM;
    warnings.push('every elevation is 0: treated as missing');
  }
  const typed = group.find((t) => t.type);
  return assembleActivity({
    format: 'gpx',
    startMs,
    // GPX has no laps: the type, else a name like "Morning Swim" (domain/sport-vocabulary.ts).
    sport: inferSport({ label: typed?.type, texts: [...group.map((t) => t.name), metaName], hasPosition: true, hasCadence: false, laps: [] }),
    name: group.find((t) => t.name)?.name ?? metaName,
    device: creator ? { manufacturer: creator, product: null, serialNumber: null, softwareVersion: null } : null,
    streams,
    breaks: b.breaks,
    laps: [],
    deviceSummary: null,
    warnings,
  });
}
