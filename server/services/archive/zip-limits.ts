/**
 * Safety limits for reading uploaded archives. A Strava or Garmin export is a few GB at most and
 * compresses FIT/GPX/JSON by 2–30×; a zip bomb expands by 1000× or more.
 *
 * What each limit stops (issue 12, defect 5): member count (a zip of 100,000+ tiny members),
 * per-member size (one huge member), per-member ratio (one bomb), total inflated bytes (a
 * fixed ceiling) and the whole archive's ratio (many members each under the per-member floor,
 * e.g. 3,000 × 1 MB of zeros: 3 GB from a 3 MB zip). Members are read into memory only up to
 * MAX_ANALYSE_BYTES (larger ones are streamed to a temporary file), and gzip members inflate in
 * the parse worker under the same cap (ingest/parse-file.ts).
 */
export interface ZipLimits {
  /** Members read from one archive; more are reported as not read. */
  maxMembers: number;
  /** Largest single member, uncompressed. */
  maxMemberBytes: number;
  /** Total uncompressed bytes read from one archive (nested archives count toward their parent). */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size above which a member is refused… */
  maxRatio: number;
  /** …when it is at least this large (tiny members compress absurdly well and are harmless). */
  ratioMinBytes: number;
  /** How deep archives inside archives are followed (Garmin: DI-Connect-Uploaded-Files/*.zip). */
  maxDepth: number;
  /** Total uncompressed ÷ archive file size above which reading stops (with maxTotalBytes, the lower wins)… */
  maxTotalRatio: number;
  /** …once at least this much was inflated (a small archive of text may compress 50×; that is no bomb). */
  totalRatioMinBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxMembers: 200_000,
  maxMemberBytes: 512 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024 * 1024,
  maxRatio: 200,
  // Not 1 MB: 10^6 bytes of zeros (under 1 MiB) passed as "tiny" and 3,000 of them inflated 3 GB.
  ratioMinBytes: 256 * 1024,
  maxDepth: 2,
  maxTotalRatio: 100,
  totalRatioMinBytes: 1024 * 1024 * 1024,
};

/** Total bytes one archive of `fileBytes` may inflate to (the lower of the fixed and ratio ceilings). */
export function totalBytesAllowed(l: ZipLimits, fileBytes: number): number {
  return Math.min(l.maxTotalBytes, Math.max(l.totalRatioMinBytes, l.maxTotalRatio * fileBytes));
}

/** Why a member name is unsafe to use (zip-slip), or null. Names are only ever used as labels and
 * lookup keys, never as paths, but a traversal name is a sign of a crafted archive: refuse it. */
export function unsafeName(name: string): string | null {
  if (name.includes('\u0000')) return 'the member name contains a NUL character';
  if (name.includes('\\')) return 'the member name contains a backslash (Windows path)';
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/')) return 'the member name is an absolute path';
  if (name.split('/').includes('..')) return 'the member name points outside the archive (../)';
  return null;
}
