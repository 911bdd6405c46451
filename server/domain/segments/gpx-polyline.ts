import { attr, decodeXmlBytes, num, parseXmlTree, type XmlElement } from '../../ingest/xml/xml-tree.js';

/**
 * The points of a GPX file as a polyline, for segments drawn in another tool: track points
 * (trkpt), or route points (rtept) when there is no track. Times are not needed, unlike the
 * activity importer, which skips a GPX without times. Pure.
 */
export function gpxPolyline(bytes: Uint8Array): { lat: number[]; lon: number[]; name: string | null } {
  const root = parseXmlTree(decodeXmlBytes(bytes));
  const trk: XmlElement[] = [];
  const rte: XmlElement[] = [];
  let name: string | null = null;
  const walk = (el: XmlElement) => {
    if (el.name === 'trkpt') trk.push(el);
    else if (el.name === 'rtept') rte.push(el);
    else if (el.name === 'name' && name === null && el.text) name = el.text;
    for (const c of el.children) walk(c);
  };
  walk(root);
  const pts = trk.length ? trk : rte;
  const lat: number[] = [];
  const lon: number[] = [];
  for (const p of pts) {
    const a = num(attr(p, 'lat'));
    const b = num(attr(p, 'lon'));
    if (a === null || b === null || Math.abs(a) > 90 || Math.abs(b) > 180) continue;
    lat.push(a);
    lon.push(b);
  }
  return { lat, lon, name };
}
