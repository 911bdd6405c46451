import type { ActivityStreams, StreamChannel } from '../../../shared/activity.js';
import { STREAM_CHANNELS } from '../../../shared/activity.js';
import type { ActivityDetailDto } from '../../../shared/api.js';

/**
 * Per-activity exports (issue 16): GPX 1.1, TCX v2, CSV of samples, GeoJSON. Pure: an activity's
 * detail and full-resolution streams in, text out. Each format writes what its readers expect:
 * GPX heart rate, cadence and temperature in Garmin's TrackPointExtension v2 and power as a bare
 * `<power>` (Strava's convention, which Strava, GoldenCheetah and our own parser read); TCX
 * speed and power in the ActivityExtension v2 `TPX`, laps from the activity's laps.
 */
export type ExportFormat = 'gpx' | 'tcx' | 'csv' | 'geojson';

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  gpx: 'application/gpx+xml',
  tcx: 'application/vnd.garmin.tcx+xml',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const num = (v: number, digits?: number) => (digits === undefined ? String(v) : String(Number(v.toFixed(digits))));

function isoAt(startMs: number, tS: number): string {
  return new Date(startMs + Math.round(tS * 1000)).toISOString();
}

function at(s: ActivityStreams, c: StreamChannel, i: number): number | null {
  const v = s.channels[c]?.[i];
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

export function toGpx(a: ActivityDetailDto, s: ActivityStreams): string {
  const start = Date.parse(a.startTime);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="MileVault" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
    ` <metadata><name>${xml(a.name)}</name><time>${a.startTime}</time></metadata>`,
    ` <trk><name>${xml(a.name)}</name><type>${xml(a.sport)}</type><trkseg>`,
  ];
  for (let i = 0; i < s.timeS.length; i++) {
    const lat = at(s, 'latDeg', i);
    const lon = at(s, 'lonDeg', i);
    // GPX track points need a position; samples without one (tunnels, indoor) are left out.
    if (lat === null || lon === null) continue;
    const ele = at(s, 'altitudeM', i);
    const hr = at(s, 'hrBpm', i);
    const cad = at(s, 'cadenceRpm', i);
    const temp = at(s, 'temperatureC', i);
    const speed = at(s, 'speedMps', i);
    const power = at(s, 'powerW', i);
    let ext = '';
    const tpx = [hr !== null ? `<gpxtpx:hr>${Math.round(hr)}</gpxtpx:hr>` : '', cad !== null ? `<gpxtpx:cad>${Math.round(cad)}</gpxtpx:cad>` : '', temp !== null ? `<gpxtpx:atemp>${num(temp, 2)}</gpxtpx:atemp>` : '', speed !== null ? `<gpxtpx:speed>${num(speed, 3)}</gpxtpx:speed>` : ''].join('');
    if (tpx || power !== null) ext = `<extensions>${power !== null ? `<power>${Math.round(power)}</power>` : ''}${tpx ? `<gpxtpx:TrackPointExtension>${tpx}</gpxtpx:TrackPointExtension>` : ''}</extensions>`;
    out.push(`  <trkpt lat="${num(lat, 7)}" lon="${num(lon, 7)}">${ele !== null ? `<ele>${num(ele, 2)}</ele>` : ''}<time>${isoAt(start, s.timeS[i])}</time>${ext}</trkpt>`);
  }
  out.push(' </trkseg></trk>', '</gpx>', '');
  return out.join('\n');
}

const TCX_SPORT: Record<string, string> = { running: 'Running', cycling: 'Biking' };

export function toTcx(a: ActivityDetailDto, s: ActivityStreams): string {
  const start = Date.parse(a.startTime);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">',
    ' <Activities>',
    `  <Activity Sport="${TCX_SPORT[a.sport] ?? 'Other'}">`,
    `   <Id>${a.startTime}</Id>`,
  ];
  // One lap covering everything when the activity has none.
  const laps = a.laps.length ? a.laps : [{ startOffsetS: 0, startTime: a.startTime, timerTimeS: a.timerTimeS, elapsedTimeS: a.elapsedTimeS, distanceM: a.distanceM, caloriesKcal: a.caloriesKcal, avgHrBpm: a.avgHrBpm, maxHrBpm: a.maxHrBpm, maxSpeedMps: a.maxSpeedMps, trigger: null } as unknown as ActivityDetailDto['laps'][number]];
  let i = 0;
  for (let l = 0; l < laps.length; l++) {
    const lap = laps[l];
    const endS = l + 1 < laps.length ? laps[l + 1].startOffsetS : Infinity;
    out.push(`   <Lap StartTime="${lap.startTime}">`);
    out.push(`    <TotalTimeSeconds>${num(lap.timerTimeS ?? lap.elapsedTimeS ?? 0, 3)}</TotalTimeSeconds>`);
    out.push(`    <DistanceMeters>${num(lap.distanceM ?? 0, 2)}</DistanceMeters>`);
    if (lap.maxSpeedMps != null) out.push(`    <MaximumSpeed>${num(lap.maxSpeedMps, 3)}</MaximumSpeed>`);
    out.push(`    <Calories>${Math.round(lap.caloriesKcal ?? 0)}</Calories>`);
    if (lap.avgHrBpm != null) out.push(`    <AverageHeartRateBpm><Value>${Math.round(lap.avgHrBpm)}</Value></AverageHeartRateBpm>`);
    if (lap.maxHrBpm != null) out.push(`    <MaximumHeartRateBpm><Value>${Math.round(lap.maxHrBpm)}</Value></MaximumHeartRateBpm>`);
    out.push('    <Intensity>Active</Intensity>', `    <TriggerMethod>${lap.trigger === 'distance' ? 'Distance' : lap.trigger === 'time' ? 'Time' : 'Manual'}</TriggerMethod>`, '    <Track>');
    for (; i < s.timeS.length && s.timeS[i] < endS; i++) {
      const lat = at(s, 'latDeg', i);
      const lon = at(s, 'lonDeg', i);
      const parts = [`<Time>${isoAt(start, s.timeS[i])}</Time>`];
      if (lat !== null && lon !== null) parts.push(`<Position><LatitudeDegrees>${num(lat, 7)}</LatitudeDegrees><LongitudeDegrees>${num(lon, 7)}</LongitudeDegrees></Position>`);
      const ele = at(s, 'altitudeM', i);
      if (ele !== null) parts.push(`<AltitudeMeters>${num(ele, 2)}</AltitudeMeters>`);
      const dist = at(s, 'distanceM', i);
      if (dist !== null) parts.push(`<DistanceMeters>${num(dist, 2)}</DistanceMeters>`);
      const hr = at(s, 'hrBpm', i);
      if (hr !== null) parts.push(`<HeartRateBpm><Value>${Math.round(hr)}</Value></HeartRateBpm>`);
      const cad = at(s, 'cadenceRpm', i);
      if (cad !== null) parts.push(`<Cadence>${Math.round(cad)}</Cadence>`);
      const speed = at(s, 'speedMps', i);
      const power = at(s, 'powerW', i);
      if (speed !== null || power !== null) parts.push(`<Extensions><ns3:TPX>${speed !== null ? `<ns3:Speed>${num(speed, 3)}</ns3:Speed>` : ''}${power !== null ? `<ns3:Watts>${Math.round(power)}</ns3:Watts>` : ''}</ns3:TPX></Extensions>`);
      out.push(`     <Trackpoint>${parts.join('')}</Trackpoint>`);
    }
    out.push('    </Track>', '   </Lap>');
  }
  out.push(`   <Notes>${xml(a.name)}</Notes>`, '  </Activity>', ' </Activities>', '</TrainingCenterDatabase>', '');
  return out.join('\n');
}

/** One row per sample: UTC time, seconds from start, then every channel present (SI units, named). */
export function toCsv(a: ActivityDetailDto, s: ActivityStreams): string {
  const start = Date.parse(a.startTime);
  const chans = STREAM_CHANNELS.filter((c) => s.channels[c]?.some((v) => v !== null));
  const dev = s.developer.filter((d) => d.values.some((v) => v !== null));
  const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));
  const quote = (t: string) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const lines = [['time', 'elapsed_s', ...chans, ...dev.map((d) => quote(`dev_${d.name}${d.units ? ` (${d.units})` : ''}`))].join(',')];
  for (let i = 0; i < s.timeS.length; i++) {
    lines.push([isoAt(start, s.timeS[i]), String(s.timeS[i]), ...chans.map((c) => cell(s.channels[c]![i])), ...dev.map((d) => cell(d.values[i]))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The track as one LineString ([lon, lat, ele?] per RFC 7946) with the times alongside. */
export function toGeoJson(a: ActivityDetailDto, s: ActivityStreams): string {
  const start = Date.parse(a.startTime);
  const coords: number[][] = [];
  const times: string[] = [];
  for (let i = 0; i < s.timeS.length; i++) {
    const lat = at(s, 'latDeg', i);
    const lon = at(s, 'lonDeg', i);
    if (lat === null || lon === null) continue;
    const ele = at(s, 'altitudeM', i);
    coords.push(ele === null ? [lon, lat] : [lon, lat, ele]);
    times.push(isoAt(start, s.timeS[i]));
  }
  const feature = {
    type: 'Feature',
    geometry: coords.length ? { type: 'LineString', coordinates: coords } : null,
    properties: { id: a.id, name: a.name, sport: a.sport, startTime: a.startTime, distanceM: a.distanceM, coordinateProperties: { times } },
  };
  return JSON.stringify({ type: 'FeatureCollection', features: [feature] });
}

export function renderExport(format: ExportFormat, a: ActivityDetailDto, s: ActivityStreams): string {
  return format === 'gpx' ? toGpx(a, s) : format === 'tcx' ? toTcx(a, s) : format === 'csv' ? toCsv(a, s) : toGeoJson(a, s);
}
