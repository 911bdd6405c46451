import { BASE_SIZE, BT, FitView, num, str, field, type MessageDef } from './fit-view.js';
import { DEVELOPER_DATA_ID, FIELD_DESCRIPTION } from './fit-profile.js';
import type { DeveloperChannel } from '../../../shared/activity.js';

/**
 * Developer fields (FIT protocol §"Developer data"): developer_data_id names the app (Connect IQ
 * application id), field_description names each field and gives its base type, scale and units.
 * Values are kept as DeveloperChannels and never merged into native channels: a Connect IQ "speed"
 * (RowingCIQspeed.FIT) is not the device's speed.
 */
export interface DevFieldInfo {
  key: string;
  name: string;
  units: string | null;
  appId: string | null;
  baseType: number;
  scale: number;
  offset: number;
}

function hex(bytes: Uint8Array): string | null {
  if (bytes.length === 0 || bytes.every((v) => v === 0xff) || bytes.every((v) => v === 0)) return null;
  let s = '';
  for (const v of bytes) s += v.toString(16).padStart(2, '0');
  return s;
}

export class DeveloperRegistry {
  private readonly apps = new Map<number, string | null>();
  private readonly fields = new Map<number, DevFieldInfo>();

  onDeveloperDataId(view: FitView, def: MessageDef, off: number): void {
    const index = num(view, def, off, DEVELOPER_DATA_ID.developerDataIndex);
    const f = field(def, DEVELOPER_DATA_ID.applicationId);
    // ELEMNT BOLT writes developer_data_id without application_id: the app id stays null.
    this.apps.set(index === index ? index : 0, f ? hex(view.raw(f, off)) : null);
  }

  onFieldDescription(view: FitView, def: MessageDef, off: number): void {
    const devIndex = num(view, def, off, FIELD_DESCRIPTION.developerDataIndex);
    const fieldNum = num(view, def, off, FIELD_DESCRIPTION.fieldNumber);
    if (devIndex !== devIndex || fieldNum !== fieldNum) return;
    const baseType = num(view, def, off, FIELD_DESCRIPTION.baseType);
    const scale = num(view, def, off, FIELD_DESCRIPTION.scale);
    const offset = num(view, def, off, FIELD_DESCRIPTION.offset);
    const key = `dev${devIndex}_${fieldNum}`;
    this.fields.set((devIndex << 8) | fieldNum, {
      key,
      name: str(view, def, off, FIELD_DESCRIPTION.name) ?? key,
      units: str(view, def, off, FIELD_DESCRIPTION.units),
      appId: this.apps.get(devIndex) ?? null,
      baseType: baseType === baseType ? baseType & 0x1f : BT.opaque,
      scale: scale === scale && scale !== 0 ? scale : 1,
      offset: offset === offset ? offset : 0,
    });
  }

  lookup(devIndex: number, fieldNum: number): DevFieldInfo | undefined {
    return this.fields.get((devIndex << 8) | fieldNum);
  }
}

/** Sparse developer values gathered per record row, materialised once at the end (no per-row work for absent fields). */
export class DeveloperColumns {
  private readonly cols = new Map<string, { info: DevFieldInfo; rows: number[]; values: number[] }>();

  add(info: DevFieldInfo, row: number, value: number): void {
    let c = this.cols.get(info.key);
    if (!c) {
      c = { info, rows: [], values: [] };
      this.cols.set(info.key, c);
    }
    const n = c.rows.length;
    if (n > 0 && c.rows[n - 1] === row) c.values[n - 1] = value;
    else {
      c.rows.push(row);
      c.values.push(value);
    }
  }

  /** Channels over `rowCount` rows; `order` maps output index → source row when rows were reordered. */
  build(rowCount: number, remap: Int32Array | null): DeveloperChannel[] {
    const out: DeveloperChannel[] = [];
    for (const { info, rows, values } of this.cols.values()) {
      const arr: (number | null)[] = new Array(rowCount).fill(null);
      for (let i = 0; i < rows.length; i++) {
        const r = remap ? remap[rows[i]] : rows[i];
        if (r >= 0 && r < rowCount) arr[r] = values[i];
      }
      out.push({ key: info.key, name: info.name, units: info.units, appId: info.appId, values: arr });
    }
    return out;
  }
}

/** A developer field's numeric value (first element for arrays), scaled; NaN when invalid or not numeric. */
export function readDevValue(view: FitView, def: MessageDef, off: number, i: number, info: DevFieldInfo): number {
  const d = def.dev[i];
  const t = info.baseType;
  if (t > 16 || t === BT.string || d.size < BASE_SIZE[t]) return NaN;
  let f = d.asField;
  if (!f || f.type !== t) f = d.asField = { num: d.num, size: d.size, type: t, pos: d.pos };
  const v = view.read(f, off, def.little);
  return v === v ? v / info.scale - info.offset : NaN;
}
