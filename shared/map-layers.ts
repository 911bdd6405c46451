/**
 * Base map layers the activity map offers (street, topo, satellite), from the environment:
 *   MILEVAULT_TILE_URL / _ATTRIBUTION                  street (default OpenStreetMap)
 *   MILEVAULT_TOPO_TILE_URL / _TOPO_TILE_ATTRIBUTION   topo (default OpenTopoMap)
 *   MILEVAULT_SATELLITE_TILE_URL / _SATELLITE_TILE_ATTRIBUTION  satellite (default Esri World Imagery)
 * An empty value turns a layer off. The server's CSP allows exactly these layers' hosts.
 */
export interface TileLayerDto {
  id: 'street' | 'topo' | 'satellite';
  name: string;
  /** Leaflet URL template ({z}/{x}/{y}, optional {s}). */
  url: string;
  attribution: string;
  maxZoom: number;
}

export const DEFAULT_TOPO_TILE_URL = 'https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png';
export const DEFAULT_TOPO_ATTRIBUTION = 'Map data: &copy; OpenStreetMap contributors, SRTM | Map style: &copy; OpenTopoMap (CC-BY-SA)';
export const DEFAULT_SATELLITE_TILE_URL = 'https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}';
export const DEFAULT_SATELLITE_ATTRIBUTION = 'Tiles &copy; Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community';

/** A tile URL template we accept: http(s), with {z}, {x} and {y}. */
export function isTileUrlTemplate(url: string): boolean {
  return /^https?:\/\/[^/?#\s]+\/\S*$/i.test(url) && url.includes('{z}') && url.includes('{x}') && url.includes('{y}');
}

/**
 * The layers from environment values (street first). Throws with the variable's name when a URL
 * is set but is not a tile template, so a typo fails at start-up rather than as a grey map.
 */
export function tileLayersFromEnv(env: Record<string, string | undefined>, street: { url: string; attribution: string }): TileLayerDto[] {
  const pick = (name: string, fallback: string) => (env[name] === undefined ? fallback : env[name]!.trim());
  const layers: TileLayerDto[] = [];
  const add = (id: TileLayerDto['id'], name: string, variable: string, url: string, attribution: string, maxZoom: number) => {
    if (!url) return;
    if (!isTileUrlTemplate(url)) throw new Error(`${variable} must be a tile URL template with {z}, {x} and {y}, got "${url}"`);
    layers.push({ id, name, url, attribution, maxZoom });
  };
  // The street layer is the one tileUrl has always been (kept as configured, even when unusual).
  if (street.url.trim()) layers.push({ id: 'street', name: 'Street', url: street.url.trim(), attribution: street.attribution, maxZoom: 19 });
  add('topo', 'Topo', 'MILEVAULT_TOPO_TILE_URL', pick('MILEVAULT_TOPO_TILE_URL', DEFAULT_TOPO_TILE_URL), pick('MILEVAULT_TOPO_TILE_ATTRIBUTION', DEFAULT_TOPO_ATTRIBUTION), 17);
  add('satellite', 'Satellite', 'MILEVAULT_SATELLITE_TILE_URL', pick('MILEVAULT_SATELLITE_TILE_URL', DEFAULT_SATELLITE_TILE_URL), pick('MILEVAULT_SATELLITE_TILE_ATTRIBUTION', DEFAULT_SATELLITE_ATTRIBUTION), 19);
  return layers;
}
