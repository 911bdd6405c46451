/**
 * Threshold CRUD. Every change starts a background recompute of the activities it can affect
 * (the sport's, or all of them for an all-sports value) and answers with the job, so the UI can
 * show progress while zones, TSS and the load curves catch up.
 */
import { randomUUID } from 'node:crypto';
import type { ThresholdChangeDto, ThresholdDto, ThresholdInputDto, ThresholdKind } from '../../../shared/analysis-api.js';
import { isDay } from '../../domain/analysis/dates.js';
import type { Storage } from '../../storage/port.js';
import { NotFoundError } from '../activity.service.js';
import type { RecomputeJobs } from './recompute-jobs.js';

export const THRESHOLD_KINDS: readonly ThresholdKind[] = ['ftp', 'threshold_hr', 'max_hr', 'resting_hr', 'threshold_pace', 'weight'];

/** Plausible ranges in SI units; outside them the value is a typo (or the wrong unit). */
const RANGES: Record<ThresholdKind, [number, number]> = {
  ftp: [20, 2500],
  threshold_hr: [60, 240],
  max_hr: [80, 250],
  resting_hr: [20, 120],
  threshold_pace: [0.5, 12],
  weight: [20, 400],
};

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'bad_request' });
}

export function validateThreshold(t: ThresholdInputDto): ThresholdInputDto {
  if (!THRESHOLD_KINDS.includes(t.kind)) throw badRequest(`kind must be one of ${THRESHOLD_KINDS.join(', ')}`);
  const [lo, hi] = RANGES[t.kind];
  if (!Number.isFinite(t.value) || t.value < lo || t.value > hi) throw badRequest(`${t.kind} must be between ${lo} and ${hi} (SI units), got ${t.value}`);
  if (!isDay(t.validFrom)) throw badRequest(`validFrom must be a date YYYY-MM-DD, got "${t.validFrom}"`);
  const sport = t.sport === '' ? null : t.sport;
  return { kind: t.kind, sport, value: t.value, validFrom: t.validFrom };
}

export class ThresholdsService {
  constructor(private deps: { storage: Storage; jobs: RecomputeJobs }) {}

  async list(userId: string): Promise<ThresholdDto[]> {
    return this.deps.storage.thresholds.list(userId);
  }

  async create(userId: string, input: ThresholdInputDto): Promise<ThresholdChangeDto> {
    const t = await this.deps.storage.thresholds.insert(userId, randomUUID(), validateThreshold(input));
    return { threshold: t, job: this.recompute(userId, t, t) };
  }

  async update(userId: string, id: string, input: ThresholdInputDto): Promise<ThresholdChangeDto> {
    const before = await this.deps.storage.thresholds.get(userId, id);
    if (!before) throw new NotFoundError(`threshold ${id} not found`);
    const t = await this.deps.storage.thresholds.update(userId, id, validateThreshold(input));
    if (!t) throw new NotFoundError(`threshold ${id} not found`);
    return { threshold: t, job: this.recompute(userId, before, t) };
  }

  async delete(userId: string, id: string): Promise<ThresholdChangeDto> {
    const before = await this.deps.storage.thresholds.delete(userId, id);
    if (!before) throw new NotFoundError(`threshold ${id} not found`);
    return { job: this.recompute(userId, before, before) };
  }

  /** Weight changes nothing we compute yet, but the job keeps the answer uniform. */
  private recompute(userId: string, a: ThresholdDto, b: ThresholdDto) {
    const sport = a.sport !== null && a.sport === b.sport ? a.sport : null;
    return this.deps.jobs.start(userId, { mode: 'load', sport });
  }
}
