/**
 * A MileVault server in a child process for benches, as `npm start` runs it: the bundled `dist/app`
 * (rebuilt only when sources changed), so the load generator in the bench process never shares
 * the server's event loop. Resolves once the server logs its "serving" line; `readyMs` is the
 * wall time from spawn to that line (Node's own start included).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface ChildServer {
  url: string;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

export function buildChanged(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-changed.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export async function startServerChild(env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildServer> {
  const t0 = performance.now();
  // The server's stdout (its request log) goes to a file, not a pipe this process must drain: with
  // the load generator's event loop busy, a pipe read late is a server writing late (issue 14).
  const logFile = join(tmpdir(), `milevault-bench-server-${process.pid}-${Math.round(t0)}.log`);
  const fd = openSync(logFile, 'w');
  // MILEVAULT_BENCH_NODE_ARGS: extra Node flags for the server (experiments, e.g. `--trace-gc`).
  const extra = (process.env.MILEVAULT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, ...nodeArgs, join(ROOT, 'dist', 'app', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', fd, 'inherit'],
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = await new Promise<string>((ok, fail) => {
    const poll = () => {
      const out = readFileSync(logFile, 'utf8');
      const m = /serving UI and API at (http:\/\/\S+)/.exec(out);
      if (m) return ok(m[1]!);
      if (exited !== undefined) return fail(new Error(`server exited (${exited}): ${out.slice(-800)}`));
      setTimeout(poll, 10);
    };
    poll();
  });
  const readyMs = performance.now() - t0;
  return {
    url,
    pid: child.pid!,
    readyMs,
    stop: () =>
      new Promise((done) => {
        // SERVER_LOAD_KEEP_LOG=1 keeps the server's log (request times) for a look afterwards.
        const end = () => (process.env.SERVER_LOAD_KEEP_LOG ? console.log(`[bench] server log kept: ${logFile}`) : rmSync(logFile, { force: true }), done());
        if (child.exitCode !== null) return end();
        child.once('exit', end);
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident set of a process (Linux VmHWM), MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system) a process has used so far, ms (Linux /proc/<pid>/stat, 100 ticks a second). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After "(comm) ": state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
