import type { SportName } from '../xml/sport-names.js';

/** Garmin Connect activityType keys that are not already FIT sport names (FORMATS.md §6). */
const TYPES: Record<string, SportName> = {
  running: { sport: 'running', subSport: null },
  trail_running: { sport: 'running', subSport: 'trail' },
  treadmill_running: { sport: 'running', subSport: 'treadmill' },
  track_running: { sport: 'running', subSport: 'track' },
  cycling: { sport: 'cycling', subSport: null },
  road_biking: { sport: 'cycling', subSport: 'road' },
  road_cycling: { sport: 'cycling', subSport: 'road' },
  mountain_biking: { sport: 'cycling', subSport: 'mountain' },
  gravel_cycling: { sport: 'cycling', subSport: 'gravel_cycling' },
  indoor_cycling: { sport: 'cycling', subSport: 'indoor_cycling' },
  virtual_ride: { sport: 'cycling', subSport: 'virtual_activity' },
  e_biking: { sport: 'e_biking', subSport: null },
  lap_swimming: { sport: 'swimming', subSport: 'lap_swimming' },
  open_water_swimming: { sport: 'swimming', subSport: 'open_water' },
  walking: { sport: 'walking', subSport: null },
  hiking: { sport: 'hiking', subSport: null },
  strength_training: { sport: 'training', subSport: 'strength_training' },
  indoor_cardio: { sport: 'training', subSport: 'cardio_training' },
  yoga: { sport: 'training', subSport: 'yoga' },
  elliptical: { sport: 'fitness_equipment', subSport: 'elliptical' },
  fitness_equipment: { sport: 'fitness_equipment', subSport: null },
  resort_skiing_snowboarding_ws: { sport: 'alpine_skiing', subSport: null },
  backcountry_skiing_snowboarding_ws: { sport: 'alpine_skiing', subSport: 'backcountry' },
  cross_country_skiing_ws: { sport: 'cross_country_skiing', subSport: null },
  multi_sport: { sport: 'multisport', subSport: null },
};

export function garminSport(type: string | null): SportName | null {
  return type ? TYPES[type.toLowerCase()] ?? null : null;
}
