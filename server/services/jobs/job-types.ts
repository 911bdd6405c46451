import type { JobDto } from '../../../shared/jobs-api.js';
import type { JobRow } from '../../storage/repos/jobs.repo.js';

/** What a job's code receives: its parameters, a cancel signal and a progress reporter. */
export interface JobContext<P = unknown> {
  id: string;
  userId: string;
  params: P;
  attempt: number;
  /** True when this run continues a job a previous process left queued or running. */
  resumed: boolean;
  /** Aborted by cancel (reason 'cancelled') or by shutdown (reason 'shutdown'). */
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
}

/**
 * A kind of job run by the job service itself: at most `concurrency` of the kind run at once
 * (default 1). `run` returns the job's result (stored as JSON) or throws its error.
 */
export interface JobHandler<P = unknown> {
  kind: string;
  concurrency?: number;
  run(ctx: JobContext<P>): Promise<unknown>;
}

/**
 * A kind of job that runs elsewhere (the analysis engine's recompute queue) and is journalled
 * here: the service persists its progress and asks the adapter to resume, cancel or retry it.
 */
export interface MirroredEnded {
  ended: 'done' | 'failed';
  message?: string;
  error?: string | null;
}

export interface MirroredKind {
  kind: string;
  /**
   * Starts the work again under the same id (after a restart). Returns the id it runs under, or
   * how the work ended when it had in fact ended and only the journal's last write was lost.
   */
  resume(row: JobRow): string | MirroredEnded | Promise<string | MirroredEnded>;
  /** May throw an HTTP error (409) when the kind cannot be cancelled. */
  cancel(id: string): boolean;
  /** Starts a new run of the same work; returns its id (journalled through the hooks). May throw (409). */
  retry(row: JobRow): string | Promise<string>;
}

export const CANCELLED = 'cancelled';
export const SHUTDOWN = 'shutdown';

export function jobDto(r: JobRow): JobDto {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as JobDto['status'],
    params: JSON.parse(r.paramsJson),
    done: r.progressDone,
    total: r.progressTotal,
    message: r.message,
    result: r.resultJson ? JSON.parse(r.resultJson) : null,
    error: r.error,
    attempt: r.attempt,
    retryOf: r.retryOf,
    createdAt: new Date(r.createdAtMs).toISOString(),
    startedAt: iso(r.startedAtMs),
    finishedAt: iso(r.finishedAtMs),
  };
}
