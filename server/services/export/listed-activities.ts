import type { Storage } from '../../storage/port.js';

type ListedActivity = Awaited<ReturnType<Storage['activities']['list']>>['items'][number];

/**
 * Every activity of a user as the list returns it, one page at a time, so an export of ten years
 * holds one page in memory (account zip, Parquet). `total` is the list's count, for progress.
 */
export async function* listedActivities(storage: Storage, userId: string, pageSize = 200): AsyncGenerator<{ item: ListedActivity; total: number }> {
  let total = Infinity;
  for (let offset = 0; offset < total; offset += pageSize) {
    const page = await storage.activities.list(userId, { limit: pageSize, offset });
    total = page.total;
    if (!page.items.length) break;
    for (const item of page.items) yield { item, total };
  }
}
