import { describe, expect, it } from 'vitest';
import { tileSources } from '../server/plugins/security-headers.js';
import { DEFAULT_SATELLITE_TILE_URL, tileLayersFromEnv } from './map-layers.js';

const street = { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: 'OSM' };

describe('map base layers from the environment', () => {
  it('offers street, topo and satellite by default', () => {
    const l = tileLayersFromEnv({}, street);
    expect(l.map((x) => x.id)).toEqual(['street', 'topo', 'satellite']);
    expect(l[2]!.url).toBe(DEFAULT_SATELLITE_TILE_URL);
    // Every layer's host is one the CSP can allow.
    expect(l.flatMap((x) => tileSources(x.url))).toEqual(['https://tile.openstreetmap.org', 'https://*.tile.opentopomap.org', 'https://server.arcgisonline.com']);
  });
  it('turns a layer off with an empty value and takes a custom URL', () => {
    const l = tileLayersFromEnv({ MILEVAULT_TOPO_TILE_URL: '', MILEVAULT_SATELLITE_TILE_URL: 'https://tiles.example.org/sat/{z}/{x}/{y}.jpg', MILEVAULT_SATELLITE_TILE_ATTRIBUTION: 'Example' }, street);
    expect(l.map((x) => [x.id, x.url, x.attribution])).toEqual([
      ['street', street.url, 'OSM'],
      ['satellite', 'https://tiles.example.org/sat/{z}/{x}/{y}.jpg', 'Example'],
    ]);
  });
  it('names the variable when a URL is not a tile template', () => {
    expect(() => tileLayersFromEnv({ MILEVAULT_TOPO_TILE_URL: 'https://topo.example.org/tiles' }, street)).toThrow(/MILEVAULT_TOPO_TILE_URL must be a tile URL template/);
    expect(() => tileLayersFromEnv({ MILEVAULT_SATELLITE_TILE_URL: 'ftp://x/{z}/{x}/{y}' }, street)).toThrow(/MILEVAULT_SATELLITE_TILE_URL/);
  });
});
