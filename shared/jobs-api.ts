/** Durable jobs, schedules and server-sent events (issue 18). */
import { boundedInt } from './validators.js';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobDto {
  id: string;
  kind: string;
  status: JobStatus;
  params: unknown;
  done: number;
  total: number;
  message: string | null;
  result: unknown;
  error: string | null;
  attempt: number;
  retryOf: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobPageDto {
  items: JobDto[];
  total: number;
  offset: number;
  limit: number;
}

export interface ScheduleDto {
  /** Stable name, e.g. 'backup', 'garmin-sync', 'watch-scan'. */
  id: string;
  label: string;
  /** Human description of when it runs ("every 30 min", a cron expression). */
  every: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRun: { status: string; at: string | null; error: string | null; message: string | null } | null;
}

export const jobListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: boundedInt(1, 200, 50),
    offset: boundedInt(0, 1_000_000, 0),
    kind: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' },
    status: { type: 'string', enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
  },
} as const;

export const jobIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } },
} as const;
