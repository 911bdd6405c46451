import cron from 'node-cron';

/**
 * `cron.schedule`, started once the server listens (issue 14, server ready time): node-cron's
 * first schedule in a process costs ~50 ms (its time-zone formatting warms up), all of it on the
 * way to the first answer otherwise. startServer opens the gate right after `listen`; a process
 * that never listens (the CLI, a test wiring services alone) has it opened 5 s after the first
 * deferred task, so schedules still run there. The handle stops a task whether or not it started.
 */
let open = false;
const waiting = new Set<() => void>();
let fallback: NodeJS.Timeout | null = null;

export const FALLBACK_OPEN_MS = 5_000;

export function openScheduleGate(): void {
  open = true;
  if (fallback) clearTimeout(fallback);
  fallback = null;
  for (const begin of waiting) begin();
  waiting.clear();
}

export interface DeferredTask {
  stop(): void;
  /** True once the cron task exists (after the gate opened), false after stop(). */
  readonly started: boolean;
}

export function scheduleAfterStart(expr: string, run: () => void): DeferredTask {
  let task: { stop(): unknown } | null = null;
  let stopped = false;
  const begin = () => {
    if (!stopped) task = cron.schedule(expr, run);
  };
  if (open) begin();
  else {
    waiting.add(begin);
    if (!fallback) {
      fallback = setTimeout(openScheduleGate, FALLBACK_OPEN_MS);
      fallback.unref();
    }
  }
  return {
    stop() {
      stopped = true;
      waiting.delete(begin);
      void task?.stop();
      task = null;
    },
    get started() {
      return task !== null;
    },
  };
}
