/**
 * Default activity names in the "Morning Run" style, from the activity's local hour: its UTC
 * offset resolved by domain/local-time.ts (device, zone at the start, or the athlete's setting).
 * Mean solar time (lon/15 h) used before missed DST and zone borders (issue 13 §2).
 */
const SPORT_LABEL: Record<string, string> = {
  running: 'Run',
  cycling: 'Ride',
  swimming: 'Swim',
  walking: 'Walk',
  hiking: 'Hike',
  rowing: 'Row',
  training: 'Workout',
  fitness_equipment: 'Workout',
  cross_country_skiing: 'Nordic Ski',
  alpine_skiing: 'Ski',
  snowboarding: 'Snowboard',
  e_biking: 'E-Bike Ride',
  mountaineering: 'Climb',
  paddling: 'Paddle',
  kayaking: 'Kayak',
  stand_up_paddleboarding: 'Stand Up Paddle',
  multisport: 'Multisport',
  transition: 'Transition',
};

export function sportLabel(sport: string): string {
  return SPORT_LABEL[sport] ?? (sport === 'generic' || !sport ? 'Activity' : sport.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()));
}

export function partOfDay(hour: number): string {
  if (hour >= 5 && hour < 12) return 'Morning';
  if (hour >= 12 && hour < 17) return 'Afternoon';
  if (hour >= 17 && hour < 21) return 'Evening';
  return 'Night';
}

export function defaultActivityName(startTime: string, sport: string, utcOffsetS: number): string {
  const ms = Date.parse(startTime);
  const hour = Number.isFinite(ms) ? new Date(ms + utcOffsetS * 1000).getUTCHours() : 12;
  return `${partOfDay(hour)} ${sportLabel(sport)}`;
}

/** True for a name the app made ("Morning Run" style), which may follow a new sport or local hour. */
export function isDefaultActivityName(name: string, sport: string): boolean {
  return ['Morning', 'Afternoon', 'Evening', 'Night'].some((p) => name === `${p} ${sportLabel(sport)}`);
}
