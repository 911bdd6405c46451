import type { StreamChannel } from '../../../shared/activity.js';
import { BT, field, type FieldDef, type FitView, type MessageDef } from './fit-view.js';
import { RECORD } from './fit-profile.js';
import { DeveloperColumns, readDevValue, type DeveloperRegistry, type DevFieldInfo } from './fit-developer.js';

/**
 * `record` messages into raw columns (NaN = invalid), one row per timestamp. Values are stored
 * already scaled to SI except lat/lon (semicircles; converted at assembly). Rows written with the
 * same timestamp (a GPS record and a sensor record for the same second) are merged into one row.
 */
interface RecordPlan {
  lat: FieldDef | null;
  lon: FieldDef | null;
  alt: FieldDef | null;
  ealt: FieldDef | null;
  hr: FieldDef | null;
  cad: FieldDef | null;
  fcad: FieldDef | null;
  dist: FieldDef | null;
  speed: FieldDef | null;
  espeed: FieldDef | null;
  power: FieldDef | null;
  temp: FieldDef | null;
  csd: FieldDef | null;
}

function plan(def: MessageDef): RecordPlan {
  const p = def.plan as RecordPlan | undefined;
  if (p) return p;
  const csd = field(def, RECORD.compressedSpeedDistance);
  const made: RecordPlan = {
    lat: field(def, RECORD.lat),
    lon: field(def, RECORD.lon),
    alt: field(def, RECORD.altitude),
    ealt: field(def, RECORD.enhancedAltitude),
    hr: field(def, RECORD.heartRate),
    cad: field(def, RECORD.cadence),
    fcad: field(def, RECORD.fractionalCadence),
    dist: field(def, RECORD.distance),
    speed: field(def, RECORD.speed),
    espeed: field(def, RECORD.enhancedSpeed),
    power: field(def, RECORD.power),
    temp: field(def, RECORD.temperature),
    csd: csd && csd.size >= 3 ? csd : null,
  };
  def.plan = made;
  return made;
}

/** Columns: ts, then lat, lon, alt, dist, speed, hr, cad, power, temp (the scratch row's order). */
const CHANNELS = 9;

export class RecordColumns {
  /**
   * Growable Float64Arrays (capacity doubles): their memory is outside the JS heap, so a parse
   * worker's young-generation collections do not copy an hour of samples around, as they did
   * with number[] columns grown by push (a third of the bytes a 1-hour file allocated).
   */
  private tsBuf = new Float64Array(1024);
  private bufs: Float64Array[] = Array.from({ length: CHANNELS }, () => new Float64Array(1024));
  private n = 0;
  readonly dev = new DeveloperColumns();
  /** Records without any usable timestamp are dropped; counted for a warning. */
  droppedNoTime = 0;
  /** compressed_speed_distance accumulator (FIT profile: distance 12 bits, scale 16, accumulated). */
  private csdAcc = -1;
  private csdDist = 0;
  /** Scratch row: lat, lon, alt, dist, speed, hr, cad, power, temp. */
  private readonly tmp = new Float64Array(CHANNELS);

  get length(): number {
    return this.n;
  }
  /** Views of the filled rows (valid until the next add). NaN = invalid. */
  get ts(): Float64Array {
    return this.tsBuf.subarray(0, this.n);
  }
  /** Views of the filled rows per channel (valid until the next add). NaN = invalid. */
  channels(): Record<StreamChannel, Float64Array> {
    const v = (k: number) => this.bufs[k].subarray(0, this.n);
    return { latDeg: v(0), lonDeg: v(1), altitudeM: v(2), distanceM: v(3), speedMps: v(4), hrBpm: v(5), cadenceRpm: v(6), powerW: v(7), temperatureC: v(8) };
  }

  private grow(): void {
    const cap = this.tsBuf.length * 2;
    const next = new Float64Array(cap);
    next.set(this.tsBuf);
    this.tsBuf = next;
    this.bufs = this.bufs.map((b) => {
      const c = new Float64Array(cap);
      c.set(b);
      return c;
    });
  }

  add(view: FitView, def: MessageDef, off: number, ts: number, devs: DeveloperRegistry): void {
    if (ts !== ts) {
      this.droppedNoTime++;
      return;
    }
    const p = plan(def);
    const le = def.little;
    const v = this.tmp;
    v.fill(NaN);
    let x: number;
    if (p.lat && p.lon) {
      const la = view.read(p.lat, off, le);
      const lo = view.read(p.lon, off, le);
      if (la === la && lo === lo && !(la === 0 && lo === 0)) {
        v[0] = la;
        v[1] = lo;
      }
    }
    // Raw 0 (−500 m, below any land on Earth) is a writer's placeholder, not an altitude: a
    // GoldenCheetah re-save of an FR55 run alternates it with the real −487 m (335 m of fake climb).
    // (x − 2500) / 5, not x / 5 − 500: one rounding, so 123.4 m is the double nearest 123.4.
    if (p.ealt && (x = view.read(p.ealt, off, le)) === x && x !== 0) v[2] = (x - 2500) / 5;
    else if (p.alt && (x = view.read(p.alt, off, le)) === x && x !== 0) v[2] = (x - 2500) / 5;
    if (p.dist && (x = view.read(p.dist, off, le)) === x) v[3] = x / 100;
    if (p.espeed && (x = view.read(p.espeed, off, le)) === x) v[4] = x / 1000;
    else if (p.speed && (x = view.read(p.speed, off, le)) === x) v[4] = x / 1000;
    if (p.csd) this.compressedSpeedDistance(view, p.csd, off, v);
    if (p.hr && (x = view.read(p.hr, off, le)) === x) v[5] = x;
    if (p.cad && (x = view.read(p.cad, off, le)) === x) {
      const f = p.fcad ? view.read(p.fcad, off, le) : NaN;
      v[6] = f === f ? x + f / 128 : x;
    }
    if (p.power && (x = view.read(p.power, off, le)) === x) v[7] = x;
    if (p.temp && (x = view.read(p.temp, off, le)) === x) v[8] = x;

    const bufs = this.bufs;
    const n = this.n;
    // Same second as the previous row: merge when the values only fill its holes (a GPS record and a
    // sensor record written separately); a second full sample at that second (5 Hz writers with
    // whole-second timestamps, sports-lib broken-dates.fit) becomes a row of its own.
    let row = n;
    if (n > 0 && this.tsBuf[n - 1] === ts) {
      row = n - 1;
      for (let k = 0; k < CHANNELS; k++) {
        const c = bufs[k][row];
        if (v[k] === v[k] && c === c && c !== v[k]) {
          row = n;
          break;
        }
      }
    }
    if (row === n) {
      if (n === this.tsBuf.length) this.grow();
      this.tsBuf[n] = ts;
      const b = this.bufs;
      for (let k = 0; k < CHANNELS; k++) b[k][n] = v[k];
      this.n = n + 1;
    } else {
      for (let k = 0; k < CHANNELS; k++) if (v[k] === v[k]) bufs[k][row] = v[k];
    }
    if (def.dev.length > 0) this.addDev(view, def, off, row, devs);
  }

  private compressedSpeedDistance(view: FitView, f: FieldDef, off: number, v: Float64Array): void {
    if (f.type !== BT.byte && f.type !== BT.opaque && f.type !== BT.uint8) return;
    const b = view.bytes;
    const q = off + f.pos;
    const b0 = b[q];
    const b1 = b[q + 1];
    const b2 = b[q + 2];
    if (b0 === 0xff && b1 === 0xff && b2 === 0xff) return; // invalid (Zwift null_compressed_speed_dist.fit)
    const speed = b0 | ((b1 & 0x0f) << 8);
    const raw = (b1 >> 4) | (b2 << 4);
    if (this.csdAcc < 0) this.csdDist = raw;
    else this.csdDist += (raw - this.csdAcc) & 0xfff;
    this.csdAcc = raw;
    if (v[4] !== v[4]) v[4] = speed / 100;
    if (v[3] !== v[3]) v[3] = this.csdDist / 16;
  }

  private addDev(view: FitView, def: MessageDef, off: number, row: number, devs: DeveloperRegistry): void {
    for (let i = 0; i < def.dev.length; i++) {
      const d = def.dev[i];
      const info: DevFieldInfo | undefined = devs.lookup(d.devIndex, d.num);
      if (!info) continue;
      const v = readDevValue(view, def, off, i, info);
      if (v === v) this.dev.add(info, row, v);
    }
  }
}
