/**
 * Free-text sport labels from GPX `<trk><type>` and TCX `<Activity Sport>` → FIT sport enum names
 * (shared/activity.ts: the model stores FIT names). Pure.
 *
 * Seen in the wild (FORMATS.md §3/§4 and the corpus):
 * - Garmin Connect GPX: "running", "cycling", "lap_swimming" … (already FIT-like names)
 * - Amazfit: "Running"; NikePlus bridge: "run"
 * - Strava GPX: numeric ids of Strava's activity types — 9 (Run, StravaAndroid-run-1681613317),
 *   16 (Swim, Strava-openwater-swim-4623204522-1), 17 (VirtualRide, Strava-ride-power-6909869014
 *   "Zwift Session"); 1 Ride, 4 Hike, 10 Walk follow the same public enum order. Unknown ids → generic.
 * - TCX: "Running", "Biking", "Other" (the schema allows nothing else; vivoactive swims, SUP and
 *   walks all arrive as Other, which we cannot refine honestly → generic).
 */

export interface SportName {
  sport: string;
  subSport: string | null;
}

const STRAVA_IDS: Record<string, SportName> = {
  '1': { sport: 'cycling', subSport: null },
  '4': { sport: 'hiking', subSport: null },
  '9': { sport: 'running', subSport: null },
  '10': { sport: 'walking', subSport: null },
  '16': { sport: 'swimming', subSport: null },
  '17': { sport: 'cycling', subSport: 'virtual_activity' },
};

/** Keys are lower-case with spaces, dashes and underscores removed. */
const WORDS: Record<string, SportName> = {
  run: { sport: 'running', subSport: null },
  running: { sport: 'running', subSport: null },
  trailrun: { sport: 'running', subSport: 'trail' },
  trailrunning: { sport: 'running', subSport: 'trail' },
  treadmill: { sport: 'running', subSport: 'treadmill' },
  treadmillrunning: { sport: 'running', subSport: 'treadmill' },
  virtualrun: { sport: 'running', subSport: 'virtual_activity' },
  ride: { sport: 'cycling', subSport: null },
  bike: { sport: 'cycling', subSport: null },
  biking: { sport: 'cycling', subSport: null },
  cycling: { sport: 'cycling', subSport: null },
  roadbiking: { sport: 'cycling', subSport: 'road' },
  roadcycling: { sport: 'cycling', subSport: 'road' },
  mountainbiking: { sport: 'cycling', subSport: 'mountain' },
  mountainbikeride: { sport: 'cycling', subSport: 'mountain' },
  gravelride: { sport: 'cycling', subSport: 'gravel_cycling' },
  virtualride: { sport: 'cycling', subSport: 'virtual_activity' },
  indoorcycling: { sport: 'cycling', subSport: 'indoor_cycling' },
  ebikeride: { sport: 'e_biking', subSport: null },
  ebiking: { sport: 'e_biking', subSport: null },
  swim: { sport: 'swimming', subSport: null },
  swimming: { sport: 'swimming', subSport: null },
  lapswimming: { sport: 'swimming', subSport: 'lap_swimming' },
  openwaterswimming: { sport: 'swimming', subSport: 'open_water' },
  walk: { sport: 'walking', subSport: null },
  walking: { sport: 'walking', subSport: null },
  hike: { sport: 'hiking', subSport: null },
  hiking: { sport: 'hiking', subSport: null },
  rowing: { sport: 'rowing', subSport: null },
  kayaking: { sport: 'kayaking', subSport: null },
  canoeing: { sport: 'paddling', subSport: null },
  paddling: { sport: 'paddling', subSport: null },
  standuppaddling: { sport: 'stand_up_paddleboarding', subSport: null },
  standuppaddleboarding: { sport: 'stand_up_paddleboarding', subSport: null },
  crosscountryskiing: { sport: 'cross_country_skiing', subSport: null },
  nordicski: { sport: 'cross_country_skiing', subSport: null },
  alpineskiing: { sport: 'alpine_skiing', subSport: null },
  alpineski: { sport: 'alpine_skiing', subSport: null },
  snowboarding: { sport: 'snowboarding', subSport: null },
  inlineskating: { sport: 'inline_skating', subSport: null },
  mountaineering: { sport: 'mountaineering', subSport: null },
  training: { sport: 'training', subSport: null },
  workout: { sport: 'training', subSport: null },
  multisport: { sport: 'multisport', subSport: null },
  other: { sport: 'generic', subSport: null },
  generic: { sport: 'generic', subSport: null },
};

export const GENERIC_SPORT: SportName = { sport: 'generic', subSport: null };

/** Best FIT sport for a label; `generic` when absent or unknown. */
export function normalizeSport(raw: string | null | undefined): SportName {
  if (!raw) return GENERIC_SPORT;
  const t = raw.trim();
  if (/^\d+$/.test(t)) return STRAVA_IDS[String(Number(t))] ?? GENERIC_SPORT;
  const key = t.toLowerCase().replace(/[\s_-]+/g, '');
  return WORDS[key] ?? GENERIC_SPORT;
}
