/**
 * Safety limits for reading uploaded archives. A Strava or Garmin export is a few GB at most and
 * compresses FIT/GPX/JSON by 2–30×; a zip bomb expands by 1000× or more.
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
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxMembers: 200_000,
  maxMemberBytes: 512 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioMinBytes: 1024 * 1024,
  maxDepth: 2,
};

/** Why a member name is unsafe to use (zip-slip), or null. Names are only ever used as labels and
 * lookup keys, never as paths, but a traversal name is a sign of a crafted archive: refuse it. */
export function unsafeName(name: string): string | null {
  if (name.includes('\u0000')) return 'the member name contains a NUL character';
  if (name.includes('\\')) return 'the member name contains a backslash (Windows path)';
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/')) return 'the member name is an absolute path';
  if (name.split('/').includes('..')) return 'the member name points outside the archive (../)';
  return null;
}
