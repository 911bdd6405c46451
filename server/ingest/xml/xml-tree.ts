/**
 * Bytes → a small namespace-resolved element tree, on top of fast-xml-parser. Pure: no I/O.
 *
 * Why resolve namespaces ourselves: fast-xml-parser keeps qualified names ("ns3:hr") and has no
 * notion of namespace URIs, while the same Garmin TrackPointExtension arrives as `gpxtpx:`, `ns3:`
 * (Garmin Connect), `tp1:`, or as a default namespace declared on the element itself. Every
 * element here carries the URI its prefix resolves to, so parsers match on (URI, local name) and
 * never on a prefix (FORMATS.md §3).
 *
 * Why these parser options: values stay strings (parseTagValue/parseAttributeValue off) because
 * number coercion would turn "0123" or "1e5" ids into numbers and "NaN"/"" into surprises; the
 * parsers read numbers with `num()` below. preserveOrder keeps document order, which the GPX
 * segment/point sequence depends on, in one uniform array shape.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlElement {
  /** Namespace URI the element's prefix (or the default namespace) resolves to; '' when none. */
  ns: string;
  /** Local name, without prefix. */
  name: string;
  /** Attributes by qualified name as written ("lat", "xsi:type"). */
  attrs: Record<string, string>;
  /** Concatenated direct text and CDATA, trimmed. */
  text: string;
  children: XmlElement[];
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: true,
  processEntities: true,
  htmlEntities: false,
  maxNestedTags: 64,
  // No jPath strings for callbacks we do not use: ~15 % faster on a 50 000-point GPX.
  jPath: false,
});

/**
 * Decodes XML bytes to a string: strips a UTF-8 BOM (`unicode_with_bom.gpx`), honours a UTF-16
 * BOM, and an ISO-8859-1 / windows-1252 encoding declaration (older Garmin Training Center TCX).
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = new TextDecoder('latin1').decode(bytes.subarray(start, start + 200));
  const enc = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  const label = enc && /^(iso-8859-1|latin-?1|windows-1252|cp1252|us-ascii)$/.test(enc) ? 'windows-1252' : 'utf-8';
  return new TextDecoder(label).decode(bytes.subarray(start));
}

type RawNode = Record<string, unknown>;

/** Parses XML text and returns the root element, or throws with fast-xml-parser's message. */
export function parseXmlTree(xml: string): XmlElement {
  const raw = parser.parse(xml) as RawNode[];
  for (const node of raw) {
    const el = convert(node, { xml: XML_NS });
    if (el) return el;
  }
  throw new Error('no root element');
}

function convert(node: RawNode, parentScope: Record<string, string>): XmlElement | null {
  let qname: string | null = null;
  for (const k of Object.keys(node)) {
    if (k !== ':@' && k !== '#text') {
      qname = k;
      break;
    }
  }
  if (qname === null || qname.startsWith('?') || qname === '#comment') return null;
  const attrs = (node[':@'] as Record<string, string> | undefined) ?? {};
  let scope = parentScope;
  for (const a in attrs) {
    // Copy-on-write: most elements declare nothing, so they share their parent's scope object.
    if (a === 'xmlns') scope = { ...scope, '': String(attrs[a]).trim() };
    else if (a.startsWith('xmlns:')) scope = { ...scope, [a.slice(6)]: String(attrs[a]).trim() };
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const el: XmlElement = {
    // An undeclared prefix resolves to '' rather than failing the file; it then matches nothing
    // namespaced, which is the right outcome for an element we cannot identify.
    ns: scope[prefix] ?? '',
    name: colon < 0 ? qname : qname.slice(colon + 1),
    attrs,
    text: '',
    children: [],
  };
  const kids = node[qname];
  if (Array.isArray(kids)) {
    for (const k of kids as RawNode[]) {
      if ('#text' in k) el.text += String(k['#text']);
      else {
        const child = convert(k, scope);
        if (child) el.children.push(child);
      }
    }
  }
  if (el.text) el.text = el.text.trim();
  return el;
}

/** Attribute by local name, ignoring any prefix ("xsi:type" matches "type"). */
export function attr(el: XmlElement, local: string): string | undefined {
  if (local in el.attrs) return String(el.attrs[local]);
  for (const k in el.attrs) if (k.endsWith(':' + local)) return String(el.attrs[k]);
  return undefined;
}

/** First child with this local name whose namespace satisfies `nsOk`. */
export function child(el: XmlElement | undefined, name: string, nsOk: (ns: string) => boolean): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name && nsOk(c.ns)) return c;
  return undefined;
}

/** All children with this local name whose namespace satisfies `nsOk`. */
export function children(el: XmlElement | undefined, name: string, nsOk: (ns: string) => boolean): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c) => c.name === name && nsOk(c.ns));
}

/**
 * A finite number from element text or an attribute, else null. Accepts a decimal comma
 * ("12,5", written by some European-locale exporters) and rejects "", "NaN" and "Infinity".
 */
export function num(s: string | undefined | null): number | null {
  if (s == null) return null;
  const t = s.trim();
  if (t === '') return null;
  const v = Number(t.includes(',') && !t.includes('.') ? t.replace(',', '.') : t);
  return Number.isFinite(v) ? v : null;
}
