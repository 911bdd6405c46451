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

/**
 * Largest file decoded in memory, after gunzip (issue 12, defect 5). Decoding holds the bytes, the
 * text of an XML file and the parsed samples at once, several times the file's size; above this an
 * upload is kept as an original and reported "too large to analyse" (ImportService). The largest
 * real activity files are a few tens of MB (a multi-day GPX at 1 Hz with extensions); FIT files of
 * a 24-hour event are 5–20 MB.
 */
export const MAX_ANALYSE_BYTES = 64 * 1024 * 1024;
/** Decompressed size cap: a gzip bomb (1 KB → 1 GB of zeros) stops here, and so does anything we would not analyse. */
export const MAX_GUNZIP_BYTES = MAX_ANALYSE_BYTES;
/** How much of a file detection looks at (xmlRootName reads the first 64 KB). */
export const SNIFF_BYTES = 65536;
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
  if (bytes.length > MAX_ANALYSE_BYTES) return { kind: 'error', reason: tooLargeToAnalyse(bytes.length) };
  if (isGzip(bytes)) {
    if (depth >= MAX_GZIP_LAYERS) return { kind: 'error', reason: 'gzip nested too deeply' };
    let inner: Uint8Array;
    try {
      inner = gunzipCapped(bytes);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return { kind: 'error', reason: `gzip content larger than ${MAX_GUNZIP_BYTES / 1024 / 1024} MB: refused (too large to analyse, or a gzip bomb)` };
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

/**
 * The error parseFile would return, decided from the first SNIFF_BYTES alone, for a file that is
 * plainly not an activity: not gzip, no FIT header, no GPX/TCX root element, and a name that does
 * not say fit/gpx/tcx. Null when the file must be decoded to know. Lets a huge upload of something
 * else fail without being read whole (issue 12, defect 5); the reason is the same word for word.
 */
export function notAnActivity(head: Uint8Array, fileName: string): string | null {
  if (head.length === 0) return 'empty file';
  if (isGzip(head) || sniffFormat(head) !== null || formatFromName(fileName) !== null) return null;
  return `not a FIT, GPX or TCX file (${describe(head, fileName)})`;
}

/**
 * The size a gzip file says it inflates to (ISIZE, the last 4 bytes: size mod 2^32, RFC 1952 §2.3.1).
 * A crafted file can lie; the gunzip cap (MAX_GUNZIP_BYTES) still holds. Null when not gzip.
 */
export function gzipStatedSize(head: Uint8Array, tail4: Uint8Array): number | null {
  if (!isGzip(head) || tail4.length < 4) return null;
  return (tail4[0] | (tail4[1] << 8) | (tail4[2] << 16)) + tail4[3] * 2 ** 24;
}

/** A gzip stating up to this size is first inflated the ordinary way (zlib's 16 KB chunks)… */
const SMALL_GZIP_BYTES = 8 * 1024 * 1024;
/** …and given up to this much before the file is treated as large. */
const SMALL_GZIP_TRY_BYTES = 2 * SMALL_GZIP_BYTES;

/**
 * gunzip with the MAX_GUNZIP_BYTES cap (throws ERR_BUFFER_TOO_LARGE past it). A large or lying
 * gzip is inflated into one buffer the size of the cap, mapped lazily (only what is written counts)
 * and returned to the system when freed; zlib's default 16 KB chunks, 4,096 of them when a bomb
 * reaches the cap, stay in the allocator afterwards (issue 12, defect 5: ten bombs left +600 MB).
 * Files that say they are small, nearly all, keep the faster default.
 */
function gunzipCapped(bytes: Uint8Array): Uint8Array {
  const stated = gzipStatedSize(bytes, bytes.subarray(bytes.length - 4));
  // A gzip states its size in its last 4 bytes; the last member's size never exceeds the whole,
  // so a statement past the cap is refused without inflating (a bomb from `gzip` costs nothing).
  // Only a file with non-gzip bytes after the stream could state wrongly; none is known in the wild.
  if (stated !== null && stated > MAX_GUNZIP_BYTES) throw Object.assign(new RangeError('stated size over the cap'), { code: 'ERR_BUFFER_TOO_LARGE' });
  if (stated !== null && stated <= SMALL_GZIP_BYTES) {
    try {
      return gunzipSync(bytes, { maxOutputLength: SMALL_GZIP_TRY_BYTES });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE' && !(e instanceof RangeError)) throw e;
    }
  }
  return gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP_BYTES, chunkSize: MAX_GUNZIP_BYTES + 1 });
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

/** Why a file over MAX_ANALYSE_BYTES is not decoded. */
export function tooLargeToAnalyse(size: number): string {
  return `too large to analyse: ${(size / 1048576).toFixed(0)} MB, over the ${MAX_ANALYSE_BYTES / 1048576} MB that are decoded in memory`;
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
