/**
 * What a file is, from its first bytes and its name, without decoding it: the part of ingest the
 * server's main thread needs (ImportService, file scans). The decoders themselves (parse-file.ts and
 * the FIT, GPX and TCX parsers with their libraries) load only in the parse workers.
 */
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
export type Format = 'fit' | 'gpx' | 'tcx';

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

export function formatFromName(fileName: string): Format | null {
  const ext = /\.([a-z]+)$/i.exec(fileName.replace(/\.gz$/i, ''))?.[1]?.toLowerCase();
  return ext === 'fit' || ext === 'gpx' || ext === 'tcx' ? ext : null;
}

export function describe(bytes: Uint8Array, fileName: string): string {
  const root = xmlRootName(bytes);
  if (root) return `XML with root <${root}>`;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'a ZIP archive: unpack it first';
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${fileName}: unrecognised content starting ${hex}`;
}
