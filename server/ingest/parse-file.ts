/**
 * The single entry point of ingest: bytes + file name → ParseResult. Pure (zlib's gunzipSync is
 * compute only) and never throws: every failure becomes `{ kind: 'error', reason }`.
 *
 * Detection is by content first, because names lie (Strava bulk exports hold `.fit.gz`,
 * `.gpx.gz` and `.tcx.gz`; users rename files; Garmin Connect serves `.tcx` under `.xml`):
 * - gzip magic 1f 8b → gunzip (capped, see MAX_GUNZIP_BYTES) and detect again;
 * - FIT: ".FIT" at byte 8 of the file header (FIT SDK, "File Header");
 * - XML: the root element's local name, gpx or TrainingCenterDatabase (prefixes ignored);
 * - otherwise the extension (with `.gz` removed) decides; unknown content is an error.
 */
import { gunzipSync } from 'node:zlib';
import type { ParseResult } from '../../shared/activity.js';
import { parseFit } from './fit/fit.parser.js';
import { parseGpx } from './gpx/gpx.parser.js';
import { parseTcx } from './tcx/tcx.parser.js';

/** Decompressed size cap: a gzip bomb (1 KB → 1 GB of zeros) must not take the server down. */
export const MAX_GUNZIP_BYTES = 512 * 1024 * 1024;
/** `.gz` inside `.gz` happens (double-compressed uploads); deeper nesting is refused. */
const MAX_GZIP_LAYERS = 2;

type Format = 'fit' | 'gpx' | 'tcx';

export function parseFile(bytes: Uint8Array, fileName: string): ParseResult {
  try {
    return parseLayer(bytes, fileName, 0);
  } catch (e) {
    return { kind: 'error', reason: `unexpected failure reading ${fileName}: ${(e as Error).message}` };
  }
}

function parseLayer(bytes: Uint8Array, fileName: string, depth: number): ParseResult {
  if (bytes.length === 0) return { kind: 'error', reason: 'empty file' };
  if (isGzip(bytes)) {
    if (depth >= MAX_GZIP_LAYERS) return { kind: 'error', reason: 'gzip nested too deeply' };
    let inner: Uint8Array;
    try {
      inner = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP_BYTES });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return { kind: 'error', reason: `gzip content larger than ${MAX_GUNZIP_BYTES / 1024 / 1024} MB: refused` };
      }
      return { kind: 'error', reason: `corrupt gzip data: ${err.message}` };
    }
    return parseLayer(inner, fileName.replace(/\.gz$/i, ''), depth + 1);
  }
  const format = sniffFormat(bytes) ?? formatFromName(fileName);
  switch (format) {
    case 'fit':
      return parseFit(bytes, fileName);
    case 'gpx':
      return parseGpx(bytes, fileName);
    case 'tcx':
      return parseTcx(bytes, fileName);
    default:
      return { kind: 'error', reason: `not a FIT, GPX or TCX file (${describe(bytes, fileName)})` };
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Format from the bytes alone, or null when they do not say. */
export function sniffFormat(bytes: Uint8Array): Format | null {
  // FIT header: size byte (12 or 14), protocol, profile, data size, then ".FIT" at offset 8.
  if (bytes.length >= 12 && bytes[8] === 0x2e && bytes[9] === 0x46 && bytes[10] === 0x49 && bytes[11] === 0x54) return 'fit';
  const root = xmlRootName(bytes);
  if (root === 'gpx') return 'gpx';
  if (root === 'TrainingCenterDatabase') return 'tcx';
  return null;
}

/**
 * Local name of the first element in the first 64 KB, skipping BOM, XML declaration, comments,
 * processing instructions and DOCTYPE; null when the text does not look like XML.
 */
export function xmlRootName(bytes: Uint8Array): string | null {
  let head = new TextDecoder('utf-8').decode(bytes.subarray(0, 65536));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) head = new TextDecoder('utf-16le').decode(bytes.subarray(2, 65536));
  head = head.replace(/^\uFEFF/, '');
  const re = /<(!--[\s\S]*?-->|\?[\s\S]*?\?>|![A-Za-z][^>]*>|([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))/g;
  const lead = /^\s*/.exec(head)?.[0].length ?? 0;
  if (head[lead] !== '<') return null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(head))) {
    if (m[3]) return m[3];
  }
  return null;
}

function formatFromName(fileName: string): Format | null {
  const ext = /\.([a-z]+)$/i.exec(fileName.replace(/\.gz$/i, ''))?.[1]?.toLowerCase();
  return ext === 'fit' || ext === 'gpx' || ext === 'tcx' ? ext : null;
}

function describe(bytes: Uint8Array, fileName: string): string {
  const root = xmlRootName(bytes);
  if (root) return `XML with root <${root}>`;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'a ZIP archive: unpack it first';
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${fileName}: unrecognised content starting ${hex}`;
}
