/**
 * Reading TCX elements: trackpoints, lap totals and the Creator. Namespaces are matched by URI
 * (FORMATS.md §4: ActivityExtension v2 arrives as `ns3:`, `ext:`, or as a default namespace
 * declared on each `<TPX>`). Pure.
 */
import type { DeviceInfo, SummaryFields } from '../../../shared/activity.js';
import { emptySummary } from '../../../shared/activity.js';
import type { SampleValues } from '../xml/stream-builder.js';
import { attr, child, num, type XmlElement } from '../xml/xml-tree.js';
import { parseXmlTime } from '../xml/xml-time.js';

/** TrainingCenterDatabase v1/v2, or no namespace at all (hand-written and converter files). */
export function isTcdNs(ns: string): boolean {
  return ns === '' || /garmin\.com\/xmlschemas\/TrainingCenterDatabase\/v\d/i.test(ns);
}

/** Garmin ActivityExtension (TPX on trackpoints, LX on laps). */
export function isAxNs(ns: string): boolean {
  return /garmin\.com\/xmlschemas\/ActivityExtension\/v\d/i.test(ns);
}

const tcd = (el: XmlElement | undefined, name: string) => child(el, name, isTcdNs);
const tcdNum = (el: XmlElement | undefined, name: string) => num(tcd(el, name)?.text);
/** `<AverageHeartRateBpm><Value>150</Value></…>` */
const valueOf = (el: XmlElement | undefined, name: string) => num(tcd(tcd(el, name), 'Value')?.text);

/**
 * The ActivityExtension element named `container` (TPX / LX) under `<Extensions>`. COROS writes
 * the fields bare, straight into `<Extensions><Speed>` (Coros-OWswim.tcx); then the Extensions
 * element itself is returned and its TCD-namespace children are accepted by `axNum`.
 */
function extension(el: XmlElement, container: string): XmlElement | undefined {
  for (const ext of el.children) {
    if (ext.name !== 'Extensions' || !isTcdNs(ext.ns)) continue;
    for (const c of ext.children) if (c.name === container && isAxNs(c.ns)) return c;
    return ext;
  }
  return undefined;
}

const isExtFieldNs = (ns: string) => isAxNs(ns) || isTcdNs(ns);
const axNum = (el: XmlElement | undefined, name: string) => num(child(el, name, isExtFieldNs)?.text);

export interface TcxTrackpoint {
  timeMs: number | null;
  values: SampleValues;
}

export function readTrackpoint(tp: XmlElement): TcxTrackpoint {
  const pos = tcd(tp, 'Position');
  const tpx = extension(tp, 'TPX');
  // Garmin Connect writes running cadence as TPX RunCadence (FR945-run), Polar and Suunto as
  // <Cadence> (PolarV800, SuuntoSpartanUltra); both are per-leg rpm like FIT, so no ×2 here.
  const runCadence = axNum(tpx, 'RunCadence');
  const values: SampleValues = {
    latDeg: tcdNum(pos, 'LatitudeDegrees'),
    lonDeg: tcdNum(pos, 'LongitudeDegrees'),
    altitudeM: tcdNum(tp, 'AltitudeMeters'),
    distanceM: tcdNum(tp, 'DistanceMeters'),
    hrBpm: valueOf(tp, 'HeartRateBpm'),
    cadenceRpm: runCadence ?? tcdNum(tp, 'Cadence'),
    speedMps: axNum(tpx, 'Speed'),
    powerW: axNum(tpx, 'Watts'),
  };
  return { timeMs: parseXmlTime(tcd(tp, 'Time')?.text), values };
}

/** TCX TriggerMethod → FIT lap_trigger names (Location is a position-based auto lap). */
const TRIGGERS: Record<string, string> = {
  Manual: 'manual',
  Distance: 'distance',
  Location: 'position_lap',
  Time: 'time',
  HeartRate: 'heart_rate',
};

export function lapTrigger(lap: XmlElement): string | null {
  const t = tcd(lap, 'TriggerMethod')?.text;
  return t ? (TRIGGERS[t] ?? t.toLowerCase()) : null;
}

const MAX_LAP_SPEED_MPS = 100;

/** Fit2Tcx copies FIT's invalid byte 255 into HR (gtrnctr-lap_s.tcx: every lap average is 255). */
function validHr(v: number | null): number | null {
  return v !== null && v > 0 && v < 255 ? v : null;
}

/** What a `<Lap>` states about itself; elapsed time is not in TCX (TotalTimeSeconds is timer time). */
export function readLapTotals(lap: XmlElement): SummaryFields {
  const lx = extension(lap, 'LX');
  const maxSpeed = tcdNum(lap, 'MaximumSpeed');
  return {
    ...emptySummary(),
    timerTimeS: tcdNum(lap, 'TotalTimeSeconds'),
    distanceM: tcdNum(lap, 'DistanceMeters'),
    // Movescount writes MaximumSpeed in m/h (18720 for 5.2 m/s, Movescount.tcx, NoCreator-run):
    // anything above MAX_LAP_SPEED_MPS is dropped and the samples' maximum is used instead.
    maxSpeedMps: maxSpeed !== null && maxSpeed <= MAX_LAP_SPEED_MPS ? maxSpeed : null,
    caloriesKcal: tcdNum(lap, 'Calories'),
    avgHrBpm: validHr(valueOf(lap, 'AverageHeartRateBpm')),
    maxHrBpm: validHr(valueOf(lap, 'MaximumHeartRateBpm')),
    avgCadenceRpm: axNum(lx, 'AvgRunCadence') ?? tcdNum(lap, 'Cadence'),
    avgSpeedMps: axNum(lx, 'AvgSpeed'),
    avgPowerW: axNum(lx, 'AvgWatts'),
    maxPowerW: axNum(lx, 'MaxWatts'),
  };
}

/** Brands that name themselves in Creator/Name; any other Device_t creator is a Garmin unit. */
const BRANDS = ['polar', 'suunto', 'coros', 'wahoo', 'amazfit', 'huawei', 'sigma', 'bryton', 'lezyne', 'hammerhead'];

/**
 * Creator → DeviceInfo: product = Name (or ProductID when unnamed), serial = UnitId (0 = none, as
 * Polar writes), version = VersionMajor.VersionMinor with the minor as two digits, the FIT
 * software_version convention (EDGE705 2/70 → "2.70"). Name may be non-ASCII ("fēnix 3").
 */
export function readCreator(creator: XmlElement | undefined): DeviceInfo | null {
  if (!creator) return null;
  const name = tcd(creator, 'Name')?.text || null;
  const productId = tcd(creator, 'ProductID')?.text || null;
  const unitId = tcd(creator, 'UnitId')?.text || null;
  const ver = tcd(creator, 'Version');
  const major = tcd(ver, 'VersionMajor')?.text;
  const minor = tcd(ver, 'VersionMinor')?.text;
  if (!name && !productId) return null;
  const lower = (name ?? '').toLowerCase();
  const brand = BRANDS.find((b) => lower.startsWith(b));
  const isDevice = (attr(creator, 'type') ?? '').endsWith('Device_t');
  return {
    manufacturer: brand ?? (isDevice ? 'garmin' : null),
    product: name ?? productId,
    serialNumber: unitId && unitId !== '0' ? unitId : null,
    softwareVersion: major != null && major !== '' ? `${major}.${(minor ?? '0').padStart(2, '0')}` : null,
  };
}

export { tcd, tcdNum };
