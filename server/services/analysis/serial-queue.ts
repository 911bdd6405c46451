/**
 * Runs async tasks one at a time per key. Import jobs write several activities concurrently, and
 * the records are read-compare-write: two activities of the same user updating the same record at
 * once could each see the old best and the slower one win. Serialising per user avoids that
 * without a database lock that would behave differently on SQLite and PostgreSQL.
 */
export class SerialQueue {
  private tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
