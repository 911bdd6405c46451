/**
 * A Leaflet grid layer that draws the heatmap vector tiles on canvas. Each track is stroked with a
 * low alpha so overlapping tracks accumulate; the accumulated alpha is then mapped to a heat
 * palette, which is the density. Decoding uses @mapbox/vector-tile + pbf in the browser.
 */
import { VectorTile } from '@mapbox/vector-tile';
import L from 'leaflet';
import { PbfReader } from 'pbf';

const PALETTE = buildPalette();

function buildPalette(): Uint8ClampedArray {
  // alpha 0..255 → rgba: transparent, blue, magenta, orange, yellow, white.
  const stops: [number, number, number, number][] = [[0, 0, 0, 0], [40, 60, 220, 170], [120, 40, 200, 220], [230, 80, 40, 240], [255, 210, 40, 250], [255, 255, 230, 255]];
  const out = new Uint8ClampedArray(256 * 4);
  for (let a = 0; a < 256; a++) {
    const f = (a / 255) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(f));
    const t = f - i;
    for (let c = 0; c < 4; c++) out[a * 4 + c] = stops[i]![c]! + (stops[i + 1]![c]! - stops[i]![c]!) * t;
  }
  return out;
}

export interface HeatmapLayerOptions extends L.GridLayerOptions {
  urlTemplate: string;
  onTile?: (featureCount: number) => void;
}

export function heatmapLayer(opts: HeatmapLayerOptions): L.GridLayer {
  const Layer = L.GridLayer.extend({
    createTile(this: L.GridLayer, coords: L.Coords, done: L.DoneCallback) {
      const size = this.getTileSize();
      const canvas = document.createElement('canvas');
      canvas.width = size.x;
      canvas.height = size.y;
      const url = opts.urlTemplate.replace('{z}', String(coords.z)).replace('{x}', String(coords.x)).replace('{y}', String(coords.y));
      fetch(url, { credentials: 'same-origin' })
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`tile ${r.status}`))))
        .then((buf) => {
          const n = buf.byteLength ? draw(canvas, new VectorTile(new PbfReader(new Uint8Array(buf))), coords.z) : 0;
          opts.onTile?.(n);
          done(undefined, canvas);
        })
        .catch((e: Error) => done(e, canvas));
      return canvas;
    },
  });
  return new (Layer as unknown as new (o: L.GridLayerOptions) => L.GridLayer)(opts);
}

function draw(canvas: HTMLCanvasElement, vt: VectorTile, z: number): number {
  const layer = vt.layers.tracks;
  if (!layer) return 0;
  const ctx = canvas.getContext('2d')!;
  const scale = canvas.width / layer.extent;
  ctx.lineWidth = z >= 14 ? 2.5 : 1.5;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(0,0,0,0.25)';
  for (let i = 0; i < layer.length; i++) {
    ctx.beginPath();
    for (const ring of layer.feature(i).loadGeometry()) {
      ring.forEach((p, k) => (k ? ctx.lineTo(p.x * scale, p.y * scale) : ctx.moveTo(p.x * scale, p.y * scale)));
    }
    ctx.stroke();
  }
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const d = img.data;
  for (let p = 0; p < d.length; p += 4) {
    const a = d[p + 3]!;
    d[p] = PALETTE[a * 4]!;
    d[p + 1] = PALETTE[a * 4 + 1]!;
    d[p + 2] = PALETTE[a * 4 + 2]!;
    d[p + 3] = PALETTE[a * 4 + 3]!;
  }
  ctx.putImageData(img, 0, 0);
  canvas.dataset.features = String(layer.length);
  return layer.length;
}
