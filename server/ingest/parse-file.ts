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
import { describe, formatFromName, isGzip, gzipStatedSize, MAX_ANALYSE_BYTES, MAX_GUNZIP_BYTES, sniffFormat, tooLargeToAnalyse } from './sniff.js';
import { parseFit } from './fit/fit.parser.js';
import { parseGpx } from './gpx/gpx.parser.js';
import { parseTcx } from './tcx/tcx.parser.js';

export { gzipStatedSize, isGzip, MAX_ANALYSE_BYTES, MAX_GUNZIP_BYTES, notAnActivity, SNIFF_BYTES, sniffFormat, tooLargeToAnalyse, xmlRootName } from './sniff.js';

/** `.gz` inside `.gz` happens (double-compressed uploads); deeper nesting is refused. */
const MAX_GZIP_LAYERS = 2;

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

