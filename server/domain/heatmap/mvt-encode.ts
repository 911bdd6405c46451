import { PbfWriter } from 'pbf';
import type { TileFeature } from './track-tiler.js';

/**
 * Mapbox Vector Tile 2.1 encoding of line features straight from flat coordinate arrays.
 * vt-pbf wraps every point in an object before writing it; on a z10 tile of a dense history
 * (hundreds of thousands of points) that was most of the tile time. Pure.
 * Spec: https://github.com/mapbox/vector-tile-spec/tree/master/2.1
 */
const MOVE_TO = 1;
const LINE_TO = 2;
const zigzag = (v: number) => (v << 1) ^ (v >> 31);

interface LayerInput {
  name: string;
  extent: number;
  features: readonly TileFeature[];
}

export function encodeLineTile(layer: LayerInput): Uint8Array {
  const keys: string[] = [];
  const values: (string | number)[] = [];
  const keyIdx = new Map<string, number>();
  const valIdx = new Map<string, number>();
  const tagsOf = (tags: TileFeature['tags']): number[] => {
    const out: number[] = [];
    for (const [k, v] of Object.entries(tags)) {
      let ki = keyIdx.get(k);
      if (ki === undefined) keyIdx.set(k, (ki = keys.push(k) - 1));
      const vk = `${typeof v}:${v}`;
      let vi = valIdx.get(vk);
      if (vi === undefined) valIdx.set(vk, (vi = values.push(v) - 1));
      out.push(ki, vi);
    }
    return out;
  };
  const pbf = new PbfWriter();
  pbf.writeMessage(3, (l: LayerInput, p) => {
    p.writeVarintField(15, 2);
    p.writeStringField(1, l.name);
    for (const f of l.features) p.writeMessage(2, writeFeature, { f, tags: tagsOf(f.tags) });
    for (const k of keys) p.writeStringField(3, k);
    for (const v of values) p.writeMessage(4, writeValue, v);
    p.writeVarintField(5, l.extent);
  }, layer);
  return pbf.finish();
}

let scratch = new Uint32Array(1 << 16);

function writeFeature({ f, tags }: { f: TileFeature; tags: number[] }, p: PbfWriter): void {
  if (tags.length) p.writePackedVarint(2, tags);
  p.writeVarintField(3, f.type);
  const c = f.coords;
  // At most 2 command integers per line plus 2 per point.
  if (scratch.length < c.length + f.ringEnds.length * 2) scratch = new Uint32Array((c.length + f.ringEnds.length * 2) * 2);
  const g = scratch;
  let k = 0;
  let cx = 0;
  let cy = 0;
  let from = 0;
  for (const end of f.ringEnds) {
    g[k++] = (MOVE_TO & 7) | (1 << 3);
    g[k++] = zigzag(c[from * 2] - cx);
    g[k++] = zigzag(c[from * 2 + 1] - cy);
    cx = c[from * 2];
    cy = c[from * 2 + 1];
    g[k++] = (LINE_TO & 7) | ((end - from - 1) << 3);
    for (let i = from + 1; i < end; i++) {
      g[k++] = zigzag(c[i * 2] - cx);
      g[k++] = zigzag(c[i * 2 + 1] - cy);
      cx = c[i * 2];
      cy = c[i * 2 + 1];
    }
    from = end;
  }
  // pbf reads only `length` and indices, so a typed view works where its types say number[].
  p.writePackedVarint(4, g.subarray(0, k) as unknown as number[]);
}

function writeValue(v: string | number, p: PbfWriter): void {
  if (typeof v === 'string') p.writeStringField(1, v);
  else if (Number.isInteger(v)) p.writeSVarintField(6, v);
  else p.writeDoubleField(3, v);
}
