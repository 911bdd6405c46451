/**
 * What the tracker apps athletes already use send (issue 19), turned into one fix shape. Pure: no
 * clock (the caller passes `nowMs` for fixes without a time), no I/O. Each function cites the
 * client whose requests it reads; tests/api/live-ingest.test.ts replays those request shapes.
 */

/** One position from a tracker, SI units, tracker time. */
export interface TrackerFix {
  tMs: number;
  lat: number;
  lon: number;
  altitudeM: number | null;
  speedMps: number | null;
  headingDeg: number | null;
  accuracyM: number | null;
  hrBpm: number | null;
  batteryPct: number | null;
}

/** A parsed request: the token it carried (if any) and its fixes, or why an item was unusable. */
export interface TrackerRequest {
  token: string | undefined;
  items: ({ fix: TrackerFix } | { problem: string })[];
}

type Fields = Record<string, unknown>;

const KNOT_MPS = 1852 / 3600;
const SPEED_UNIT: Record<string, number> = { kn: KNOT_MPS, mps: 1, kmh: 1 / 3.6, mph: 0.44704 };

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function str(v: unknown): string | undefined {
  const x = first(v);
  if (typeof x === 'string') return x.trim() || undefined;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  return undefined;
}

/** A finite number or null (empty, absent, text, NaN, ±Infinity). */
function numOrNull(v: unknown): number | null {
  const x = first(v);
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x !== 'string' || x.trim() === '') return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}

/** Trackers send -1 (or nothing) for "unknown" speed, heading and accuracy. */
function nonNegative(v: number | null): number | null {
  return v === null || v < 0 ? null : v;
}

/**
 * Unix seconds (Traccar Client, OsmAnd `{2}`, OwnTracks `tst`), milliseconds (anything above
 * 10^11 — year 5138 in seconds — is read as ms, as Traccar's decoder does), or ISO-8601
 * (transistorsoft's `timestamp`, GPSLogger `%TIME`). Absent: the server's receive time.
 */
export function parseTrackerTime(v: unknown, nowMs: number): number | null {
  const x = first(v);
  if (x === undefined || x === null || x === '') return nowMs;
  const n = numOrNull(x);
  if (n !== null) return Math.round(n > 1e11 ? n : n * 1000);
  if (typeof x !== 'string' || x.length > 64) return null;
  const ms = Date.parse(x);
  return Number.isFinite(ms) ? ms : null;
}

function fixFrom(parts: { lat: unknown; lon: unknown; time: unknown; speedMps: number | null; headingDeg: unknown; altitudeM: unknown; accuracyM: unknown; hrBpm: unknown; batteryPct: number | null }, nowMs: number): { fix: TrackerFix } | { problem: string } {
  const lat = numOrNull(parts.lat);
  const lon = numOrNull(parts.lon);
  if (lat === null || lon === null) return { problem: 'missing_position' };
  const tMs = parseTrackerTime(parts.time, nowMs);
  if (tMs === null) return { problem: 'bad_time' };
  const battery = parts.batteryPct;
  return {
    fix: {
      tMs,
      lat,
      lon,
      altitudeM: numOrNull(parts.altitudeM),
      speedMps: nonNegative(parts.speedMps),
      headingDeg: nonNegative(numOrNull(parts.headingDeg)),
      accuracyM: nonNegative(numOrNull(parts.accuracyM)),
      hrBpm: nonNegative(numOrNull(parts.hrBpm)),
      batteryPct: battery === null || battery < 0 || battery > 100 ? null : battery,
    },
  };
}

/**
 * The OsmAnd protocol as Traccar defines it (`/?id=…&lat=…&lon=…&timestamp=…&speed=…`, GET or
 * POST, fields in the query or a urlencoded body). `speed` is in knots there (Traccar's
 * OsmAndProtocolDecoder; Traccar Client sends knots); `speedUnit=mps|kmh|mph` overrides it for
 * apps that fill in m/s (GPSLogger's %SPD, OsmAnd's {5}). `location=lat,lon` is accepted as
 * Traccar does; `hdop` stands in for `accuracy` when that is absent.
 */
export function parseOsmAndFields(f: Fields, nowMs: number): TrackerRequest {
  let lat: unknown = f.lat;
  let lon: unknown = f.lon ?? f.lng;
  const loc = str(f.location);
  if ((lat === undefined || lon === undefined) && loc) [lat, lon] = loc.split(',');
  const unit = SPEED_UNIT[str(f.speedUnit) ?? str(f.speedunit) ?? 'kn'] ?? KNOT_MPS;
  const speed = numOrNull(f.speed);
  const batt = numOrNull(f.batt ?? f.battery);
  return {
    token: str(f.id) ?? str(f.deviceid),
    items: [
      fixFrom(
        {
          lat,
          lon,
          time: f.timestamp ?? f.time,
          speedMps: speed === null ? null : speed * unit,
          headingDeg: f.bearing ?? f.heading ?? f.course,
          altitudeM: f.altitude ?? f.alt,
          accuracyM: f.accuracy ?? f.acc ?? f.hdop,
          hrBpm: f.heartrate ?? f.hr,
          batteryPct: batt,
        },
        nowMs,
      ),
    ],
  };
}

/**
 * Traccar Client 9+ (built on transistorsoft's background-geolocation) POSTs JSON:
 * `{ location: { timestamp, coords: { latitude, longitude, speed (m/s), heading, altitude,
 * accuracy }, battery: { level 0..1 } }, device_id }`; with batch sync `location` is an array.
 * A bare array of such bodies is accepted as well.
 */
export function parseTraccarJson(body: unknown, nowMs: number, queryToken?: string): TrackerRequest {
  const bodies = Array.isArray(body) ? body : [body];
  let token = queryToken;
  const items: TrackerRequest['items'] = [];
  for (const b of bodies) {
    if (!b || typeof b !== 'object') {
      items.push({ problem: 'not_a_location' });
      continue;
    }
    const o = b as Fields;
    token ??= str(o.device_id) ?? str(o.deviceId) ?? str(o.id);
    const locs = Array.isArray(o.location) ? o.location : o.location !== undefined ? [o.location] : [];
    if (!locs.length) items.push({ problem: 'not_a_location' });
    for (const l of locs) {
      if (!l || typeof l !== 'object') {
        items.push({ problem: 'not_a_location' });
        continue;
      }
      const loc = l as Fields;
      const c = (loc.coords && typeof loc.coords === 'object' ? loc.coords : {}) as Fields;
      const battery = (loc.battery && typeof loc.battery === 'object' ? loc.battery : {}) as Fields;
      const level = numOrNull(battery.level);
      const extras = (loc.extras && typeof loc.extras === 'object' ? loc.extras : {}) as Fields;
      items.push(
        fixFrom(
          {
            lat: c.latitude,
            lon: c.longitude,
            time: loc.timestamp,
            speedMps: numOrNull(c.speed),
            headingDeg: c.heading,
            altitudeM: c.altitude,
            accuracyM: c.accuracy,
            hrBpm: extras.heartrate ?? extras.hr,
            batteryPct: level === null ? null : level <= 1 ? level * 100 : level,
          },
          nowMs,
        ),
      );
    }
  }
  return { token, items };
}

/**
 * OwnTracks HTTP mode: a JSON message per POST (`_type: "location"`, `lat`, `lon`, `tst` unix s,
 * `vel` km/h, `cog` degrees, `alt` m, `acc` m, `batt` %); an array of them is accepted too. Other
 * message types (`lwt`, `transition`, `status`…) are not positions and are skipped, not refused.
 */
export function parseOwnTracks(body: unknown, nowMs: number): TrackerRequest['items'] {
  const msgs = Array.isArray(body) ? body : [body];
  const items: TrackerRequest['items'] = [];
  for (const m of msgs) {
    if (!m || typeof m !== 'object') {
      items.push({ problem: 'not_a_location' });
      continue;
    }
    const o = m as Fields;
    if (o._type !== 'location') continue;
    const vel = numOrNull(o.vel);
    items.push(fixFrom({ lat: o.lat, lon: o.lon, time: o.tst ?? nowMs / 1000, speedMps: vel === null ? null : vel / 3.6, headingDeg: o.cog, altitudeM: o.alt, accuracyM: o.acc, hrBpm: o.hr, batteryPct: numOrNull(o.batt) }, nowMs));
  }
  return items;
}
