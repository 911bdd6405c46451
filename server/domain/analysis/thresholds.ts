/**
 * Which threshold applies to an activity: thresholds are histories of values with valid-from
 * dates, optionally per sport. Pure: no I/O.
 *
 * Rules: a sport-specific history wins over the all-sports one (sport null) when it has a value
 * for the date; within a history the latest validFrom ≤ the activity day applies. An activity
 * older than the first value uses that first value: athletes typically enter today's FTP once and
 * expect last year's rides to get a TSS too (GoldenCheetah does the same with its first range).
 */
import type { ThresholdDto, ThresholdKind } from '../../../shared/analysis-api.js';

export type ThresholdLike = Pick<ThresholdDto, 'kind' | 'sport' | 'value' | 'validFrom'>;

export interface AppliedThreshold {
  value: number;
  validFrom: string | null;
}

function pick(list: ThresholdLike[], day: string): ThresholdLike | null {
  if (list.length === 0) return null;
  let best: ThresholdLike | null = null;
  let first: ThresholdLike = list[0];
  for (const t of list) {
    if (t.validFrom < first.validFrom) first = t;
    if (t.validFrom <= day && (best === null || t.validFrom > best.validFrom)) best = t;
  }
  return best ?? first;
}

export function thresholdOn(all: readonly ThresholdLike[], kind: ThresholdKind, sport: string, day: string): AppliedThreshold | null {
  const own = all.filter((t) => t.kind === kind && t.sport === sport);
  const generic = all.filter((t) => t.kind === kind && t.sport === null);
  // A sport's own history applies from its first date; before that the generic one still does.
  const ownHit = own.filter((t) => t.validFrom <= day);
  const t = ownHit.length ? pick(ownHit, day) : pick(generic, day) ?? pick(own, day);
  return t ? { value: t.value, validFrom: t.validFrom } : null;
}

/** Everything the per-activity maths needs, resolved for one sport and day. */
export interface ActivityThresholds {
  ftp: AppliedThreshold | null;
  thresholdHr: AppliedThreshold | null;
  maxHr: AppliedThreshold | null;
  restingHr: AppliedThreshold | null;
  thresholdPace: AppliedThreshold | null;
}

export function thresholdsFor(all: readonly ThresholdLike[], sport: string, day: string): ActivityThresholds {
  return {
    ftp: thresholdOn(all, 'ftp', sport, day),
    thresholdHr: thresholdOn(all, 'threshold_hr', sport, day),
    maxHr: thresholdOn(all, 'max_hr', sport, day),
    restingHr: thresholdOn(all, 'resting_hr', sport, day),
    thresholdPace: thresholdOn(all, 'threshold_pace', sport, day),
  };
}
