/**
 * How long this process's event loop was *blocked*, as opposed to merely late. A timer ticks every
 * 20 ms; when a tick arrives late, the lateness counts as blocking only as far as this process
 * used CPU in that interval (process.cpuUsage). On a loaded 2-core CI machine a starved process is
 * late without running (seen: 1.2–1.4 s lag at load average 11 with the old code too), while a
 * synchronous handler that blocks the loop burns CPU for the whole delay. Other threads of the
 * process (parse workers) also count as CPU, so the measure errs towards reporting a block.
 */
export function blockMeter(tickMs = 20) {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let maxLateMs = 0;
  let maxBlockedMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const late = now - last - tickMs;
    if (late > 0) {
      maxLateMs = Math.max(maxLateMs, late);
      maxBlockedMs = Math.max(maxBlockedMs, Math.min(late, (cpu.user + cpu.system) / 1000));
    }
    last = now;
    lastCpu = process.cpuUsage();
  }, tickMs);
  return {
    stop(): { maxLateMs: number; maxBlockedMs: number } {
      clearInterval(timer);
      return { maxLateMs, maxBlockedMs };
    },
  };
}
