import { getFitSportName, getFitSubSportName } from 'fit-file-parser';

/**
 * FIT sport / sub_sport enum values to their FIT names ("running", "cycling", "training", …).
 * Unknown numbers become "sport_<n>" so nothing is silently relabelled; sub-sport is null when
 * generic (0) or absent.
 */
export function sportName(sport: number): string | null {
  if (sport !== sport) return null;
  return getFitSportName(sport) ?? `sport_${sport}`;
}

export function subSportName(subSport: number): string | null {
  if (subSport !== subSport || subSport === 0) return null;
  return getFitSubSportName(subSport) ?? `sub_sport_${subSport}`;
}

/** The activity's sport from its sessions: the shared sport, or "multisport" when they differ. */
export function activitySport(sessions: { sport: string; subSport: string | null }[]): { sport: string; subSport: string | null } {
  if (sessions.length === 0) return { sport: 'generic', subSport: null };
  const sports = new Set(sessions.map((s) => s.sport).filter((s) => s !== 'transition'));
  if (sports.size > 1) return { sport: 'multisport', subSport: null };
  const main = sessions.find((s) => s.sport !== 'transition') ?? sessions[0];
  const subs = new Set(sessions.filter((s) => s.sport === main.sport).map((s) => s.subSport));
  return { sport: main.sport, subSport: subs.size === 1 ? main.subSport : null };
}
