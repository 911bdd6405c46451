import pino from 'pino';

/** Log held while stdout is not read; past this, lines are dropped instead of memory growing. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Where the request log goes: stdout, written asynchronously. Node writes to a pipe synchronously
 * on Linux, so pino's default destination blocked the whole event loop whenever the reader of the
 * pipe (Docker's log driver, a supervisor, the bench's parent process) fell behind: with 50 clients
 * every answer then waited up to a second (issue 14). Lines written while a write is under way are
 * gathered and go out in the next one; what is still buffered is flushed when the process exits.
 */
export function asyncStdout(): { write(line: string): void } {
  const dest = pino.destination({ dest: 1, sync: false, maxLength: MAX_BUFFERED_BYTES });
  process.once('exit', () => {
    try {
      dest.flushSync();
    } catch {
      // A write still under way at exit: nothing more can be done synchronously.
    }
  });
  return dest;
}
