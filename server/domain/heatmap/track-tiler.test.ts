import { describe, expect, it } from 'vitest';
import { cutTile, levelForZoom, prepareTileTrack } from './track-tiler.js';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { encodeLineTile } from './mvt-encode.js';
import { fromTilePixel, tileOf } from './tile-math.js';

// A straight 2 km track east at 47.37°N, a point every ~10 m.
const N = 201;
const lat = Array.from({ length: N }, () => 47.37);
const lon = Array.from({ length: N }, (_, i) => 8.54 + (i * 10) / (111_195 * Math.cos((47.37 * Math.PI) / 180)));
const track = prepareTileTrack(lat, lon, { sport: 'running' });

describe('track tiler', () => {
  it('decimates per level and keeps the last point', () => {
    expect(track.levels.map((l) => l.length / 2)).toEqual([201, 51, 14, 5]);
  });

  it('puts the points where they are in the tile', () => {
    const t = tileOf(47.37, 8.55, 14);
    const [f] = cutTile([track], t.z, t.x, t.y);
    expect(f.tags).toEqual({ sport: 'running' });
    for (let i = 0; i < f.coords.length; i += 2) {
      const ll = fromTilePixel(f.coords[i], f.coords[i + 1], t);
      expect(Math.abs(ll.lat - 47.37)).toBeLessThan(2e-5);
    }
    expect(f.ringEnds.at(-1)).toBe(f.coords.length / 2);
    expect(f.coords.length / 2).toBeGreaterThan(10);
  });

  it('splits a track into lines where it leaves and re-enters the tile', () => {
    // Out east along the line, back west 2 km north of it, then east again on the line.
    const n = 100;
    const kx = 111_195 * Math.cos((47.37 * Math.PI) / 180);
    const la = [...Array(n).fill(47.37), ...Array(n).fill(47.39), ...Array(n).fill(47.37)];
    const lo = [...Array.from({ length: n }, (_, i) => 8.54 + (i * 10) / kx), ...Array.from({ length: n }, (_, i) => 8.54 + ((n - i) * 10) / kx), ...Array.from({ length: n }, (_, i) => 8.54 + (i * 10) / kx)];
    const t = tileOf(47.37, 8.545, 15);
    const [f] = cutTile([prepareTileTrack(la, lo, {})], t.z, t.x, t.y);
    expect(f.ringEnds.length).toBe(2);
  });

  it('skips tiles the track does not touch and simplifies at low zoom', () => {
    const t = tileOf(47.37, 8.55, 14);
    expect(cutTile([track], t.z, t.x, t.y + 2)).toEqual([]);
    const low = tileOf(47.37, 8.55, 9);
    expect(levelForZoom(9)).toBe(3);
    expect(cutTile([track], low.z, low.x, low.y)[0].coords.length / 2).toBeLessThanOrEqual(5);
  });

  it('encodes a tile that @mapbox/vector-tile decodes to the same lines and tags', () => {
    const t = tileOf(47.37, 8.55, 14);
    const features = cutTile([track, prepareTileTrack(lat, lon, { sport: 'cycling', n: 7 })], t.z, t.x, t.y);
    const vt = new VectorTile(new PbfReader(encodeLineTile({ name: 'tracks', extent: 4096, features })));
    const layer = vt.layers.tracks;
    expect(layer.length).toBe(2);
    expect(layer.extent).toBe(4096);
    expect(layer.feature(1).properties).toEqual({ sport: 'cycling', n: 7 });
    expect(layer.feature(0).type).toBe(2);
    const decoded = layer.feature(0).loadGeometry().flatMap((r) => r.flatMap((p) => [p.x, p.y]));
    expect(decoded).toEqual(Array.from(features[0].coords));
  });
});
