import type { Storage } from '../../storage/port.js';
import type { ActivityPageReads } from '../../storage/repos/activity-page.repo.js';
import type { ActivityEvents } from '../activity-events.js';
import { HeatmapService } from '../heatmap/heatmap.service.js';
import { SegmentsService } from '../segments/segments.service.js';
import { RouteMatchingService } from './route-matching.service.js';
import { RoutesService } from './routes.service.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

/**
 * Routes, segments and the heatmap wired for one storage: the services, their event handlers
 * (registered in this order so segments and tiles see the track the route matcher stored), and
 * the extra fields the activity detail gains (`routeId`, `route`, `segmentEfforts`).
 */
export interface RouteFeatures {
  matching: RouteMatchingService;
  routes: RoutesService;
  heatmap: HeatmapService;
  segments: SegmentsService;
  /** `reads`: the activity page's rows when already read (activity-page.repo.ts). */
  detailExtras(userId: string, activityId: string, reads?: Pick<ActivityPageReads, 'routeRank' | 'segmentEfforts'>): Promise<Record<string, unknown>>;
  /** Indexes GPS activities imported before routes existed (or whose indexing failed); returns how many got a track. */
  backfill(userId: string): Promise<number>;
}

export function createRouteFeatures(deps: { storage: Storage; events: ActivityEvents; dataVersion?: (userId: string) => Promise<string> }): RouteFeatures {
  const matching = new RouteMatchingService({ storage: deps.storage });
  const routes = new RoutesService({ storage: deps.storage });
  const heatmap = new HeatmapService({ storage: deps.storage, dataVersion: deps.dataVersion });
  const segments = new SegmentsService({ storage: deps.storage });
  deps.events.on('routes', (e) => matching.onEvent(e));
  deps.events.on('segments', (e) => segments.onEvent(e));
  deps.events.on('heatmap', (e) => heatmap.onEvent(e));
  return {
    matching,
    routes,
    heatmap,
    segments,
    async backfill(userId) {
      let done = 0;
      const tried = new Set<string>();
      for (;;) {
        // Activities whose GPS cannot make a track stay without one: `tried` stops the loop on them.
        const ids = (await deps.storage.routes.activitiesWithoutTrack(userId, 200 + tried.size)).filter((id) => !tried.has(id));
        if (!ids.length) break;
        for (const id of ids) {
          await yieldToEventLoop();
          tried.add(id);
          if (await matching.indexActivity(userId, id)) {
            done++;
            await segments.onEvent({ type: 'imported', userId, activityId: id });
          }
        }
        heatmap.invalidate(userId);
      }
      return done;
    },
    async detailExtras(userId, activityId, reads) {
      const [route, segmentEfforts] = await Promise.all([routes.activityInfo(userId, activityId, reads?.routeRank), segments.effortsOfActivity(userId, activityId, reads?.segmentEfforts)]);
      return { routeId: route?.routeId ?? null, route, segmentEfforts };
    },
  };
}
