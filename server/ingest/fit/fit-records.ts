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

export class RecordColumns {
  ts: number[] = [];
  lat: number[] = [];
  lon: number[] = [];
  alt: number[] = [];
  dist: number[] = [];
  speed: number[] = [];
  hr: number[] = [];
  cad: number[] = [];
  power: number[] = [];
  temp: number[] = [];
  readonly dev = new DeveloperColumns();
  /** Records without any usable timestamp are dropped; counted for a warning. */
  droppedNoTime = 0;
  /** compressed_speed_distance accumulator (FIT profile: distance 12 bits, scale 16, accumulated). */
  private csdAcc = -1;
  private csdDist = 0;

  get length(): number {
    return this.ts.length;
  }

  add(view: FitView, def: MessageDef, off: number, ts: number, devs: DeveloperRegistry): void {
    if (ts !== ts) {
      this.droppedNoTime++;
      return;
    }
    const p = plan(def);
    const le = def.little;
    const n = this.ts.length;
    let row = n;
    if (n > 0 && this.ts[n - 1] === ts) row = n - 1;
    else {
      this.ts.push(ts);
      this.lat.push(NaN);
      this.lon.push(NaN);
      this.alt.push(NaN);
      this.dist.push(NaN);
      this.speed.push(NaN);
      this.hr.push(NaN);
      this.cad.push(NaN);
      this.power.push(NaN);
      this.temp.push(NaN);
    }
    let v: number;
    if (p.lat && p.lon) {
      const la = view.read(p.lat, off, le);
      const lo = view.read(p.lon, off, le);
      if (la === la && lo === lo && !(la === 0 && lo === 0)) {
        this.lat[row] = la;
        this.lon[row] = lo;
      }
    }
    if (p.ealt && (v = view.read(p.ealt, off, le)) === v) this.alt[row] = v / 5 - 500;
    else if (p.alt && (v = view.read(p.alt, off, le)) === v) this.alt[row] = v / 5 - 500;
    if (p.espeed && (v = view.read(p.espeed, off, le)) === v) this.speed[row] = v / 1000;
    else if (p.speed && (v = view.read(p.speed, off, le)) === v) this.speed[row] = v / 1000;
    if (p.dist && (v = view.read(p.dist, off, le)) === v) this.dist[row] = v / 100;
    if (p.csd) this.compressedSpeedDistance(view, p.csd, off, row);
    if (p.hr && (v = view.read(p.hr, off, le)) === v) this.hr[row] = v;
    if (p.cad && (v = view.read(p.cad, off, le)) === v) {
      const f = p.fcad ? view.read(p.fcad, off, le) : NaN;
      this.cad[row] = f === f ? v + f / 128 : v;
    }
    if (p.power && (v = view.read(p.power, off, le)) === v) this.power[row] = v;
    if (p.temp && (v = view.read(p.temp, off, le)) === v) this.temp[row] = v;
    if (def.dev.length > 0) this.addDev(view, def, off, row, devs);
  }

  private compressedSpeedDistance(view: FitView, f: FieldDef, off: number, row: number): void {
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
    if (this.speed[row] !== this.speed[row]) this.speed[row] = speed / 100;
    if (this.dist[row] !== this.dist[row]) this.dist[row] = this.csdDist / 16;
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
