/**
 * A byte budget for files being processed at once (issue 12, defect 5). Counting files alone let
 * five 500 MB files be in memory together; here each file takes what it will hold (its bytes, the
 * copy a parse worker gets, the size a gzip inflates to) before it is read, and waits otherwise.
 * First come, first served, so a large file is not starved by a stream of small ones. A file larger
 * than the whole budget takes all of it and runs alone.
 */
export class InflightBytes {
  private used = 0;
  private waiting: { want: number; go: () => void }[] = [];

  constructor(readonly capacity: number) {}

  /** Bytes currently taken (tests, diagnostics). */
  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` (capped at the capacity) once available; call the returned function to give them back. */
  async acquire(bytes: number): Promise<() => void> {
    const want = Math.min(this.capacity, Math.max(0, Math.ceil(bytes)));
    if (!this.waiting.length && this.used + want <= this.capacity) this.used += want;
    else await new Promise<void>((go) => this.waiting.push({ want, go }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= want;
      this.wake();
    };
  }

  /** Runs `fn` holding `bytes` of the budget. */
  async with<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(bytes);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private wake() {
    while (this.waiting.length && this.used + this.waiting[0].want <= this.capacity) {
      const next = this.waiting.shift()!;
      this.used += next.want;
      next.go();
    }
  }
}
