import { normalizeSport, type SportName } from '../xml/sport-names.js';

/**
 * Strava activity types (the "Activity Type" column of activities.csv, e.g. "Alpine Ski",
 * "Weight Training") → our FIT sport names. Types the shared table already knows go through
 * normalizeSport; these are the ones only Strava spells this way. Keys: lower-case, no separators.
 */
const STRAVA_TYPES: Record<string, SportName> = {
  backcountryski: { sport: 'alpine_skiing', subSport: 'backcountry' },
  snowboard: { sport: 'snowboarding', subSport: null },
  snowshoe: { sport: 'snowshoeing', subSport: null },
  iceskate: { sport: 'ice_skating', subSport: null },
  inlineskate: { sport: 'inline_skating', subSport: null },
  rockclimbing: { sport: 'rock_climbing', subSport: null },
  weighttraining: { sport: 'training', subSport: 'strength_training' },
  crossfit: { sport: 'training', subSport: 'cardio_training' },
  hiit: { sport: 'training', subSport: 'cardio_training' },
  yoga: { sport: 'training', subSport: 'yoga' },
  pilates: { sport: 'training', subSport: 'pilates' },
  elliptical: { sport: 'fitness_equipment', subSport: 'elliptical' },
  stairstepper: { sport: 'fitness_equipment', subSport: 'stair_climbing' },
  handcycle: { sport: 'cycling', subSport: 'hand_cycling' },
  velomobile: { sport: 'cycling', subSport: null },
  ebikeride: { sport: 'e_biking', subSport: null },
  emountainbikeride: { sport: 'e_biking', subSport: 'e_bike_mountain' },
  mountainbikeride: { sport: 'cycling', subSport: 'mountain' },
  virtualrun: { sport: 'running', subSport: 'virtual_activity' },
  wheelchair: { sport: 'wheelchair_push_run', subSport: null },
  kitesurf: { sport: 'kitesurfing', subSport: null },
  windsurf: { sport: 'windsurfing', subSport: null },
  surfing: { sport: 'surfing', subSport: null },
  sail: { sport: 'sailing', subSport: null },
  golf: { sport: 'golf', subSport: null },
  soccer: { sport: 'soccer', subSport: null },
  tennis: { sport: 'tennis', subSport: null },
  badminton: { sport: 'racket', subSport: 'badminton' },
  squash: { sport: 'racket', subSport: 'squash' },
  tabletennis: { sport: 'racket', subSport: 'table_tennis' },
  pickleball: { sport: 'racket', subSport: 'pickleball' },
};

/**
 * Our sport for a Strava type; `known: false` when we fall back to generic, so the import can say
 * which type it did not recognise instead of silently relabelling it.
 */
export function stravaSport(type: string | null | undefined): SportName & { known: boolean } {
  const raw = (type ?? '').trim();
  if (!raw) return { sport: 'generic', subSport: null, known: false };
  const key = raw.toLowerCase().replace(/[\s_-]+/g, '');
  const own = STRAVA_TYPES[key];
  if (own) return { ...own, known: true };
  const shared = normalizeSport(raw);
  return { ...shared, known: shared.sport !== 'generic' || key === 'other' || key === 'workout' };
}
