import { normalizeSport } from '../../domain/sport-vocabulary.js';
import type { SportName } from '../xml/sport-names.js';

/**
 * A Garmin Connect activityType key (FORMATS.md §6) as a FIT sport, through the one sport
 * vocabulary every format uses (domain/sport-vocabulary.ts); null when the key is unknown, so the
 * caller keeps the sport of the file itself.
 */
export function garminSport(type: string | null): SportName | null {
  if (!type) return null;
  const s = normalizeSport(type);
  return s.sport === 'generic' ? null : s;
}
