import type { Storage } from '../../storage/port.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { renderStreams } from './render-streams.js';
import { STORED_CHART_OPTIONS, STORED_CHART_VERSION } from './stored-chart.js';
import type { StreamsRenderPool } from './streams-render-pool.js';

/** Activities looked at per step of the scan (their keys only: ~0.5 ms per step). */
const PAGE = 500;
/** Bounded by construction: each page starts after the last id of the one before. */
const MAX_PAGES = 1_000_000;

export interface ChartFillReport {
  filled: number;
  /** Blobs the codec rejected (the activity's chart is then rendered per request, and fails alike). */
  failed: number;
}

/**
 * Stores the activity page's chart (stored-chart.ts) for every activity that has streams but no
 * chart of the current version: activities imported before charts were stored, restored from a
 * backup (charts are not carried), or stored by a path that could not render one. One activity at
 * a time, rendered on the render pool's worker, with a turn of the event loop between activities,
 * so a server filling 50,000 charts after an upgrade keeps answering. A chart is stored only if
 * the blob it was rendered from is still the activity's (ActivityChartsRepo.fill). Until an
 * activity has its chart, its charts are rendered per request as before.
 */
export async function fillStoredCharts(
  deps: { storage: Storage; render?: Pick<StreamsRenderPool, 'render'>; stopped?: () => boolean },
  log: (line: string) => void = () => {},
): Promise<ChartFillReport> {
  const { storage, render } = deps;
  const stopped = deps.stopped ?? (() => false);
  const report: ChartFillReport = { filled: 0, failed: 0 };
  // An older renderer's charts go first: the scan below then only asks whether a chart exists.
  for (let page = 0; page < MAX_PAGES && !stopped(); page++) {
    if ((await storage.charts.dropOtherVersions(STORED_CHART_VERSION, PAGE)) === 0) break;
    await yieldToEventLoop();
  }
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES && !stopped(); page++) {
    const { missing, next } = await storage.charts.missing(after, PAGE);
    for (const r of missing) {
      if (stopped()) break;
      const blob = await storage.activities.readStreamsBlob(r.userId, r.activityId);
      if (blob) {
        try {
          const body = render ? await render.render(blob, STORED_CHART_OPTIONS) : renderStreams(blob, STORED_CHART_OPTIONS);
          if (await storage.charts.fill(r.userId, r.activityId, blob, { version: STORED_CHART_VERSION, body })) report.filled++;
        } catch (e) {
          if (stopped()) break;
          report.failed++;
          log(`[charts] activity ${r.activityId}: its chart could not be rendered (${e instanceof Error ? e.message : String(e)})`);
        }
      }
      await yieldToEventLoop();
    }
    if (next === null) break;
    after = next;
    await yieldToEventLoop();
  }
  if (report.filled) log(`[charts] stored the charts of ${report.filled} earlier activities`);
  return report;
}
