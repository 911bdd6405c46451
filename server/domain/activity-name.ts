/**
 * Default activity names in the "Morning Run" style. The server does not know the athlete's time
 * zone, so the part of the day uses mean solar time from the start longitude (lon/15 h) when the
 * activity has GPS — right to within an hour almost everywhere — and UTC otherwise.
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

export function defaultActivityName(startTime: string, sport: string, startLonDeg: number | null): string {
  const ms = Date.parse(startTime);
  const offsetH = startLonDeg !== null && Number.isFinite(startLonDeg) ? startLonDeg / 15 : 0;
  const hour = Number.isFinite(ms) ? (((new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60 + offsetH) % 24) + 24) % 24 : 12;
  return `${partOfDay(Math.floor(hour))} ${sportLabel(sport)}`;
}
