/** GET /api/v1/thresholds/estimates (issue 17): starting thresholds from the athlete's own history. */
import type { ThresholdKind } from './analysis-api.js';

export interface ThresholdEstimateDto {
  kind: ThresholdKind;
  sport: string | null;
  /** W, bpm or m/s, as POST /api/v1/thresholds takes it. */
  value: number;
  /** The rule and the effort it came from, in one sentence. */
  method: string;
  basedOn: { activityId: string; date: string; durationS: number; value: number } | null;
  /** Day the value applies from when accepted. */
  validFrom: string;
}

export interface ThresholdEstimatesDto {
  items: ThresholdEstimateDto[];
}

export const thresholdEstimatesQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
