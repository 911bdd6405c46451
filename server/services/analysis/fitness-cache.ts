/**
 * A page's answer kept per user as the JSON it sends: the fitness series (issue 14: eight years
 * were 10–13 ms and 210 KB per request, p99 5.8 s under 50 clients) and the records page. An entry is valid for one generation of the
 * user's analysis (AnalysisService.aggregatesGeneration, bumped after every write) and one
 * "today" (days after it are planned); anything else recomputes. Bounded in users and in ranges
 * per user, least recently used out first.
 */
const MAX_USERS = 500;
const MAX_RANGES_PER_USER = 8;

interface Entry {
  generation: number;
  today: string;
  json: string;
}

export class FitnessCache {
  private users = new Map<string, Map<string, Entry>>();

  get(userId: string, range: string, generation: number, today: string): string | null {
    const ranges = this.users.get(userId);
    const e = ranges?.get(range);
    if (!ranges || !e) return null;
    if (e.generation !== generation || e.today !== today) {
      ranges.delete(range);
      return null;
    }
    // Most recently used last (Map keeps insertion order).
    this.users.delete(userId);
    this.users.set(userId, ranges);
    ranges.delete(range);
    ranges.set(range, e);
    return e.json;
  }

  set(userId: string, range: string, entry: Entry): void {
    let ranges = this.users.get(userId);
    if (!ranges) {
      ranges = new Map();
      if (this.users.size >= MAX_USERS) this.users.delete(this.users.keys().next().value!);
    } else this.users.delete(userId);
    this.users.set(userId, ranges);
    // Entries of an older generation are dead: drop them now instead of waiting for a lookup.
    for (const [k, e] of ranges) if (e.generation !== entry.generation || e.today !== entry.today) ranges.delete(k);
    ranges.delete(range);
    ranges.set(range, entry);
    if (ranges.size > MAX_RANGES_PER_USER) ranges.delete(ranges.keys().next().value!);
  }

  /** Entries held (tests). */
  size(userId: string): number {
    return this.users.get(userId)?.size ?? 0;
  }
}
