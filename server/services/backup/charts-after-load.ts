import { openStorage } from '../../storage/open-storage.js';
import { fillStoredCharts, type ChartFillReport } from '../streams-render/chart-fill.js';
import type { DbLocation } from './db-location.js';

/**
 * Stored charts are derived data that backups and migrations do not carry (db-location.ts
 * DERIVED_TABLES): once a restore or migrate has loaded and checked everything, they are rendered
 * into the target before it is switched in, so the restored folder equals the original and its
 * first start has nothing to fill. A failure leaves the restore as it is (the server fills them
 * at start): charts never decide whether data came back.
 */
export async function chartsAfterLoad(loc: DbLocation, log: (line: string) => void = () => {}): Promise<ChartFillReport | null> {
  try {
    const storage = await openStorage(loc.kind === 'sqlite' ? { dataDir: loc.dataDir } : { dataDir: '.', databaseUrl: loc.url });
    try {
      return await fillStoredCharts({ storage }, log);
    } finally {
      await storage.close();
    }
  } catch (e) {
    log(`[charts] not rendered now (${e instanceof Error ? e.message : String(e)}); the server renders them when it starts`);
    return null;
  }
}
