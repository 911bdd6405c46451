import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Module state (the gate) is per import: each test loads a fresh copy.
async function fresh() {
  vi.resetModules();
  return import('./deferred-cron.js');
}

describe('scheduleAfterStart', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('creates no cron task until the gate opens, then creates it', async () => {
    const m = await fresh();
    const task = m.scheduleAfterStart('*/10 * * * *', () => {});
    expect(task.started).toBe(false);
    m.openScheduleGate();
    expect(task.started).toBe(true);
    const later = m.scheduleAfterStart('30 4 * * *', () => {});
    expect(later.started).toBe(true); // after the gate: at once
    task.stop();
    later.stop();
    expect(task.started).toBe(false);
  });

  it('a task stopped before the gate opens never starts', async () => {
    const m = await fresh();
    const task = m.scheduleAfterStart('*/10 * * * *', () => {});
    task.stop();
    m.openScheduleGate();
    expect(task.started).toBe(false);
  });

  it('opens by itself after FALLBACK_OPEN_MS in a process that never listens', async () => {
    const m = await fresh();
    const task = m.scheduleAfterStart('*/10 * * * *', () => {});
    vi.advanceTimersByTime(m.FALLBACK_OPEN_MS - 1);
    expect(task.started).toBe(false);
    vi.advanceTimersByTime(1);
    expect(task.started).toBe(true);
    task.stop();
  });

  it('runs the job when the schedule fires', async () => {
    const m = await fresh();
    vi.setSystemTime(new Date('2026-03-01T10:09:59.500Z'));
    const run = vi.fn();
    const task = m.scheduleAfterStart('*/10 * * * *', run);
    m.openScheduleGate();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(run).toHaveBeenCalledTimes(1);
    task.stop();
  });
});
