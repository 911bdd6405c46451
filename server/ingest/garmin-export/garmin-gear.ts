import type { GearKind } from '../../../shared/gear-api.js';

export interface GarminGear {
  /** gearPk or uuid, as text. */
  key: string;
  name: string;
  kind: GearKind;
  brand: string | null;
  model: string | null;
  retired: boolean;
  /** Activity ids this gear was used for, when the export lists them. */
  activityIds: string[];
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

function kindOf(v: unknown): GearKind {
  const t = String(v ?? '').toLowerCase();
  if (t.includes('shoe')) return 'shoes';
  if (t.includes('bike') || t.includes('cycl')) return 'bike';
  return 'other';
}

/**
 * `*_gear.json`. FORMATS.md §6 names the file but not its shape (no licensed sample), so we walk the
 * JSON for gear objects (gearPk/uuid + displayName/customMakeModel, as Garmin's gear API answers)
 * and for links (`{gearPk|gearUuid, activityId}` or `{gearPk, activityIds:[…]}`) wherever they sit.
 */
export function parseGarminGear(input: Uint8Array | string): { ok: true; gear: GarminGear[] } | { ok: false; error: string } {
  let root: unknown;
  try {
    root = JSON.parse(typeof input === 'string' ? input : new TextDecoder().decode(input));
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const gear = new Map<string, GarminGear>();
  const links: [string, string][] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    const key = str(o.gearPk) ?? str(o.uuid) ?? str(o.gearUuid);
    const name = str(o.displayName) ?? str(o.customMakeModel) ?? [str(o.gearMakeName), str(o.gearModelName)].filter(Boolean).join(' ');
    if (key && name && !('activityId' in o)) {
      gear.set(key, {
        key,
        name,
        kind: kindOf(o.gearTypeName ?? o.gearType),
        brand: str(o.gearMakeName),
        model: str(o.gearModelName),
        retired: String(o.gearStatusName ?? '').toLowerCase() === 'retired',
        activityIds: [],
      });
    }
    if (key && o.activityId !== undefined) links.push([key, String(o.activityId)]);
    if (key && Array.isArray(o.activityIds)) for (const id of o.activityIds) links.push([key, String(id)]);
    for (const child of Object.values(o)) walk(child, depth + 1);
  };
  walk(root, 0);
  for (const [key, id] of links) gear.get(key)?.activityIds.push(id);
  return { ok: true, gear: [...gear.values()] };
}
