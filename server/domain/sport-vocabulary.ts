/**
 * One sport vocabulary for every format: the labels files use for a sport → FIT sport enum names
 * (shared/activity.ts: the model stores FIT names), and, when a file says nothing useful ("Other",
 * no type), what its contents show. Pure.
 *
 * Labels seen in the wild (FORMATS.md §3/§4 and the corpus):
 * - Garmin Connect GPX `<type>`: FIT-like names ("running", "lap_swimming", "open_water_swimming",
 *   "treadmill_running", "indoor_cycling", "strength_training" …).
 * - Strava GPX `<type>`: numeric ids of Strava's activity types — 9 (Run, StravaAndroid-run-1681613317),
 *   16 (Swim, Strava-openwater-swim-4623204522-1), 17 (VirtualRide, Strava-ride-power-6909869014
 *   "Zwift Session"); 1 Ride, 4 Hike, 10 Walk follow the same public enum order. Unknown ids → generic.
 *   Newer exports and the API spell the type ("Run", "VirtualRide", "NordicSki", "WeightTraining").
 * - Amazfit "Running", NikePlus bridge "run", Movescount/Suunto "Running", "Cycling", "Swimming",
 *   OpenTracks the user's own (often localised) label: "Radfahren", "Laufen", "course à pied".
 * - TCX `<Activity Sport>`: "Running", "Biking", "Other" only (the schema allows nothing else):
 *   vivoactive/fēnix/Forerunner pool swims, SUP, XC ski and walks all arrive as "Other", and
 *   `inferSport` looks at the contents then.
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
  // Garmin Connect activityType keys (FORMATS.md §6) not spelled like anything above.
  indoorcardio: { sport: 'training', subSport: 'cardio_training' },
  fitnessequipment: { sport: 'fitness_equipment', subSport: null },
  resortskiingsnowboardingws: { sport: 'alpine_skiing', subSport: null },
  backcountryskiingsnowboardingws: { sport: 'alpine_skiing', subSport: 'backcountry' },
  crosscountryskiingws: { sport: 'cross_country_skiing', subSport: null },
  // Strava type names, Garmin Connect type keys and other vendors' spellings.
  openwaterswim: { sport: 'swimming', subSport: 'open_water' },
  poolswim: { sport: 'swimming', subSport: 'lap_swimming' },
  poolswimming: { sport: 'swimming', subSport: 'lap_swimming' },
  indoorswimming: { sport: 'swimming', subSport: 'lap_swimming' },
  streetrunning: { sport: 'running', subSport: 'street' },
  indoorrunning: { sport: 'running', subSport: 'indoor_running' },
  trackrunning: { sport: 'running', subSport: 'track' },
  ultrarun: { sport: 'running', subSport: 'trail' },
  bikeride: { sport: 'cycling', subSport: null },
  roadbike: { sport: 'cycling', subSport: 'road' },
  mtb: { sport: 'cycling', subSport: 'mountain' },
  mountainbike: { sport: 'cycling', subSport: 'mountain' },
  cyclocross: { sport: 'cycling', subSport: 'cyclocross' },
  gravelcycling: { sport: 'cycling', subSport: 'gravel_cycling' },
  virtualcycling: { sport: 'cycling', subSport: 'virtual_activity' },
  indoorbiking: { sport: 'cycling', subSport: 'indoor_cycling' },
  spinning: { sport: 'cycling', subSport: 'spin' },
  nordicskiing: { sport: 'cross_country_skiing', subSport: null },
  skating: { sport: 'inline_skating', subSport: null },
  backcountryskiing: { sport: 'alpine_skiing', subSport: 'backcountry' },
  resortskiing: { sport: 'alpine_skiing', subSport: 'downhill' },
  resortskiingsnowboarding: { sport: 'alpine_skiing', subSport: 'downhill' },
  kayak: { sport: 'kayaking', subSport: null },
  canoe: { sport: 'paddling', subSport: null },
  sup: { sport: 'stand_up_paddleboarding', subSport: null },
  indoorrowing: { sport: 'rowing', subSport: 'indoor_rowing' },
  row: { sport: 'rowing', subSport: null },
  strengthtraining: { sport: 'training', subSport: 'strength_training' },
  weighttraining: { sport: 'training', subSport: 'strength_training' },
  cardio: { sport: 'training', subSport: 'cardio_training' },
  cardiotraining: { sport: 'training', subSport: 'cardio_training' },
  yoga: { sport: 'training', subSport: 'yoga' },
  elliptical: { sport: 'fitness_equipment', subSport: 'elliptical' },
  triathlon: { sport: 'multisport', subSport: null },
  duathlon: { sport: 'multisport', subSport: null },
  // Localised labels (OpenTracks, Sports Tracker and other apps write the user's language).
  laufen: { sport: 'running', subSport: null },
  lauf: { sport: 'running', subSport: null },
  courseapied: { sport: 'running', subSport: null },
  corsa: { sport: 'running', subSport: null },
  correr: { sport: 'running', subSport: null },
  carrera: { sport: 'running', subSport: null },
  hardlopen: { sport: 'running', subSport: null },
  radfahren: { sport: 'cycling', subSport: null },
  radfahrt: { sport: 'cycling', subSport: null },
  fahrrad: { sport: 'cycling', subSport: null },
  velo: { sport: 'cycling', subSport: null },
  vélo: { sport: 'cycling', subSport: null },
  cyclisme: { sport: 'cycling', subSport: null },
  ciclismo: { sport: 'cycling', subSport: null },
  fietsen: { sport: 'cycling', subSport: null },
  schwimmen: { sport: 'swimming', subSport: null },
  natation: { sport: 'swimming', subSport: null },
  nuoto: { sport: 'swimming', subSport: null },
  natación: { sport: 'swimming', subSport: null },
  natacion: { sport: 'swimming', subSport: null },
  zwemmen: { sport: 'swimming', subSport: null },
  gehen: { sport: 'walking', subSport: null },
  wandern: { sport: 'hiking', subSport: null },
  marche: { sport: 'walking', subSport: null },
  randonnée: { sport: 'hiking', subSport: null },
  randonnee: { sport: 'hiking', subSport: null },
  camminata: { sport: 'walking', subSport: null },
  caminar: { sport: 'walking', subSport: null },
  wandelen: { sport: 'walking', subSport: null },
  other: { sport: 'generic', subSport: null },
  generic: { sport: 'generic', subSport: null },
};

export const GENERIC_SPORT: SportName = { sport: 'generic', subSport: null };

/** Best FIT sport for a label; `generic` when absent or unknown. */
export function normalizeSport(raw: string | null | undefined): SportName {
  if (!raw) return GENERIC_SPORT;
  const t = raw.trim();
  if (/^\d+$/.test(t)) return STRAVA_IDS[String(Number(t))] ?? GENERIC_SPORT;
  const key = t.toLowerCase().replace(/[\s_\-]+/g, '');
  return WORDS[key] ?? GENERIC_SPORT;
}

/** What a file's contents say when its label does not name a sport (TCX "Other", GPX without type). */
export interface SportHints {
  /** The file's own label (TCX Sport, GPX `<type>`). */
  label?: string | null;
  /** Free text that may name the sport: activity name, notes, Creator name. */
  texts?: readonly (string | null | undefined)[];
  /** True when any sample has a position. */
  hasPosition: boolean;
  hasCadence: boolean;
  /** Laps as the file states them (TCX `<Lap>` totals), in order. */
  laps: readonly { distanceM: number | null; timeS: number | null }[];
}

/** Whole words in names and notes ("Morning Swim", "Schwimmen im Hallenbad", "Natation"). */
const TEXT_WORDS: [RegExp, SportName][] = [
  [/\b(open[ -]?water|freiwasser|eau libre)\b/i, { sport: 'swimming', subSport: 'open_water' }],
  [/\b(swim\w*|pool|schwimm\w*|hallenbad|natation|nuoto|nataci[oó]n|zwemm\w*)\b/i, { sport: 'swimming', subSport: null }],
  [/\b(triathlon|duathlon|brick)\b/i, { sport: 'multisport', subSport: null }],
  [/\b(paddle\w*|sup|kayak\w*|canoe\w*)\b/i, { sport: 'paddling', subSport: null }],
  [/\b(row|rowing|rudern|aviron)\b/i, { sport: 'rowing', subSport: null }],
  [/\b(ride|cycling|bike|biking|radfahr\w*|v[ée]lo|cyclisme|ciclismo)\b/i, { sport: 'cycling', subSport: null }],
  [/\b(run|running|jog\w*|lauf\w*)\b/i, { sport: 'running', subSport: null }],
  [/\b(hike|hiking|wander\w*|randonn[ée]e)\b/i, { sport: 'hiking', subSport: null }],
  [/\b(walk|walking|spaziergang|marche)\b/i, { sport: 'walking', subSport: null }],
  [/\b(ski|skiing|langlauf)\b/i, { sport: 'cross_country_skiing', subSport: null }],
];

/** Pool lengths in use: 25 m, 50 m, 33⅓ m, 25 yd, 50 yd, 20 m. */
const POOL_LENGTHS_M = [25, 50, 100 / 3, 22.86, 45.72, 20];

/**
 * A pool swim as a watch exports it to TCX (FR910XT-swim-2015_01_31, GarminHRMswim,
 * activity_2677977976, FR935-poolswim-6688025408): no position and no cadence anywhere, every lap
 * a whole number of pool lengths, at least one 0 m lap (a rest between sets), and a swimming
 * speed over the swum laps (0.3–2.0 m/s). A treadmill walk has no rest laps of 0 m between whole
 * lengths, and its last lap is rarely a whole number of pool lengths; a paddle or an open-water
 * swim has positions (those need a name or note that says so).
 */
export function looksLikePoolSwim(h: SportHints): boolean {
  if (h.hasPosition || h.hasCadence) return false;
  const swum = h.laps.filter((l) => (l.distanceM ?? 0) > 0);
  const rests = h.laps.filter((l) => l.distanceM === 0 && (l.timeS ?? 0) > 0);
  if (swum.length === 0 || rests.length === 0) return false;
  const dist = swum.reduce((a, l) => a + (l.distanceM ?? 0), 0);
  const time = swum.reduce((a, l) => a + (l.timeS ?? 0), 0);
  if (!(time > 0) || dist / time < 0.3 || dist / time > 2.0) return false;
  return POOL_LENGTHS_M.some((len) => swum.every((l) => {
    const n = (l.distanceM as number) / len;
    return Math.abs(n - Math.round(n)) * len < 0.05;
  }));
}

/**
 * The sport of an activity: its label when the vocabulary knows it, else what its name, notes or
 * creator say, else a pool swim by its laps, else generic.
 */
export function inferSport(h: SportHints): SportName {
  const byLabel = normalizeSport(h.label);
  if (byLabel.sport !== 'generic') return byLabel;
  for (const text of h.texts ?? []) {
    if (!text) continue;
    const word = normalizeSport(text);
    if (word.sport !== 'generic') return word;
    for (const [re, sport] of TEXT_WORDS) if (re.test(text)) return sport;
  }
  if (looksLikePoolSwim(h)) return { sport: 'swimming', subSport: 'lap_swimming' };
  return byLabel;
}
