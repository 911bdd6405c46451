/**
 * One GPX `<trkpt>` → time, position and sensor values. Extensions are matched by namespace URI
 * and local name, never by prefix (FORMATS.md §3: Garmin Connect writes the TrackPointExtension
 * as `ns3:`, Amazfit too, Runkeeper as `gpxtpx:`). Pure.
 */
import type { SampleValues } from '../xml/stream-builder.js';
import { attr, num, type XmlElement } from '../xml/xml-tree.js';
import { parseXmlTime } from '../xml/xml-time.js';

/** GPX 1.0 / 1.1 core namespace, or none at all (`track_with_speed.gpx` has no xmlns). */
export function isGpxNs(ns: string): boolean {
  return ns === '' || /^https?:\/\/www\.topografix\.com\/GPX\/1\/[01]\/?$/i.test(ns);
}

type Family = 'tpx' | 'pwr' | 'gpxdata' | 'opentracks' | 'core';

/** Namespace URI → extension family; null for namespaces we do not read (gpxx colours, mytrails…). */
function familyOf(ns: string): Family | null {
  if (isGpxNs(ns)) return 'core';
  // "xmlschemes" is OpenTracks' legacy misspelling (legacy_gpx_pause_resume.gpx); v1 and v2 share names.
  if (/garmin\.com\/xmlschem(?:as|es)\/TrackPointExtension\/v\d/i.test(ns)) return 'tpx';
  if (/garmin\.com\/xmlschem(?:as|es)\/PowerExtension\/v\d/i.test(ns)) return 'pwr';
  // cluetrust gpxdata (Movescount, openambit2gpx); OpenTracks declares it as .../Schemas/.
  if (/cluetrust\.com\/(?:XML\/GPXDATA|Schemas)/i.test(ns)) return 'gpxdata';
  if (/opentracksapp\.com\/xmlschemas/i.test(ns)) return 'opentracks';
  return null;
}

type Channel = keyof SampleValues;

/** (family, lower-case local name) → channel. */
const EXT_FIELDS: Record<Family, Record<string, Channel>> = {
  tpx: { hr: 'hrBpm', cad: 'cadenceRpm', atemp: 'temperatureC', wtemp: 'temperatureC', speed: 'speedMps', power: 'powerW' },
  pwr: { powerinwatts: 'powerW' },
  gpxdata: {
    hr: 'hrBpm',
    cadence: 'cadenceRpm',
    temp: 'temperatureC',
    distance: 'distanceM',
    speed: 'speedMps',
    power: 'powerW',
  },
  opentracks: { speed: 'speedMps' },
  // Bare elements inside <extensions> resolve to the GPX default namespace: Strava writes <power>.
  core: { power: 'powerW', hr: 'hrBpm', heartrate: 'hrBpm', cadence: 'cadenceRpm', cad: 'cadenceRpm', speed: 'speedMps' },
};

export interface GpxPoint {
  timeMs: number | null;
  lat: number | null;
  lon: number | null;
  values: SampleValues;
  /** OpenTracks legacy pause (lat=100) / resume (lat=200) marker: not a position. */
  pauseMarker: boolean;
}

export function readGpxPoint(pt: XmlElement): GpxPoint {
  const lat = num(attr(pt, 'lat'));
  const lon = num(attr(pt, 'lon'));
  const values: SampleValues = {};
  let timeMs: number | null = null;
  for (const c of pt.children) {
    if (!isGpxNs(c.ns)) continue;
    if (c.name === 'time') timeMs = plausibleTime(parseXmlTime(c.text));
    else if (c.name === 'ele') values.altitudeM = num(c.text);
    // GPX 1.0 <speed> in m/s, also written straight into 1.1 trkpts (gpx11_with_speed_no_namespace.gpx).
    else if (c.name === 'speed') values.speedMps = num(c.text);
    else if (c.name === 'extensions') readExtensions(c, values, 0);
  }
  // OpenTracks ≤ v3.x wrote PAUSE as lat=100 and RESUME as lat=200 (legacy_gpx_pause_resume.gpx).
  const pauseMarker = lat === 100 || lat === 200;
  if (!pauseMarker && lat !== null && lon !== null) {
    values.latDeg = lat;
    values.lonDeg = lon;
  }
  return { timeMs, lat, lon, values, pauseMarker };
}

/**
 * Walks the extension subtree (TPX nests its fields one level down; OpenTracks' incorrect legacy
 * files put foreign elements inside the TPX element: legacy_gpx_trackpointextensions_incorrect.gpx).
 * The first value found for a channel wins.
 */
function readExtensions(el: XmlElement, out: SampleValues, depth: number): void {
  if (depth > 4) return;
  for (const c of el.children) {
    if (c.children.length) {
      readExtensions(c, out, depth + 1);
      continue;
    }
    const fam = familyOf(c.ns);
    if (!fam) continue;
    const ch = EXT_FIELDS[fam][c.name.toLowerCase()];
    if (ch && out[ch] == null) out[ch] = num(c.text);
  }
}

/**
 * Times before 1990 are "no time" written as a date: Mojstrovka.gpx carries
 * 1901-12-13T20:45:52Z, which is INT32_MIN seconds from the Unix epoch (a null time_t), and
 * 1970-01-01 / 1989 GPS-epoch dates come from loggers without a fix. No GNSS fitness data predates 1990.
 */
const EARLIEST_PLAUSIBLE_MS = Date.UTC(1990, 0, 1);

function plausibleTime(ms: number | null): number | null {
  return ms !== null && ms >= EARLIEST_PLAUSIBLE_MS ? ms : null;
}
