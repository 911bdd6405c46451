/**
 * Where an activity came from, richest first (issue 13 §1: FIT over TCX over GPX; more channels;
 * the device's own file beats a service's rebuild). Decides which copy of one workout is kept.
 */
export function richness(format: string, manufacturer: string | null, sampleCount: number): number {
  const base = format === 'fit' ? 40 : format === 'tcx' ? 30 : format === 'gpx' ? 20 : format === 'hae' ? 10 : 0;
  // Strava rebuilds GPX from its own stream (creator="StravaGPX", FORMATS.md §5): poorer than any original.
  const rebuilt = manufacturer && /^strava/i.test(manufacturer) ? -5 : 0;
  // A file that names its maker beats a program's re-save of it (GoldenCheetah writes
  // manufacturer 0; "development" is any app): the device's own summary and fields win.
  const own = manufacturer && !/^(strava|development|unknown|0)$/i.test(manufacturer) ? 2 : 0;
  return base + rebuilt + own + Math.min(4, Math.log10(1 + sampleCount));
}
