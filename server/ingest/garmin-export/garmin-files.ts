/**
 * What a member of a Garmin account export is, by its path (FORMATS.md §6). Pure.
 */
export type GarminMemberKind = 'summaries' | 'gear' | 'uploaded-zip' | 'activity-file' | 'personal-records' | 'wellness' | 'other';

const WELLNESS = [
  /DI-Connect-Aggregator\/UDSFile_/i,
  /DI-Connect-Aggregator\/HydrationLogFile_/i,
  /DI-Connect-Wellness\//i,
  /DI-Connect-Metrics\//i,
  /_sleepData\.json$/i,
  /_healthStatusData\.json$/i,
  /_fitnessAgeData\.json$/i,
];

export function garminMemberKind(path: string): GarminMemberKind {
  const p = path.replace(/\\/g, '/');
  if (/_summarizedActivities\.json$/i.test(p)) return 'summaries';
  if (/_gear\.json$/i.test(p)) return 'gear';
  if (/_personalRecord\.json$/i.test(p)) return 'personal-records';
  if (/DI-Connect-(Fitness-)?Uploaded-Files\/.*\.zip$/i.test(p)) return 'uploaded-zip';
  if (/\.(fit|gpx|tcx)(\.gz)?$/i.test(p) && /Uploaded-Files\//i.test(p)) return 'activity-file';
  if (WELLNESS.some((re) => re.test(p)) && /\.json$/i.test(p)) return 'wellness';
  return 'other';
}

/** A Garmin export is recognised by its DI_CONNECT folder. */
export function isGarminExport(paths: string[]): boolean {
  return paths.some((p) => /(^|\/)DI_CONNECT\//.test(p) || /(^|\/)DI-Connect-[A-Za-z-]+\//.test(p));
}
