import { STREAM_CHANNELS, type StreamChannel } from '../../shared/activity.js';
import type { ActivityPatchDto } from '../../shared/api.js';
import type { AnalysisQueryService } from './analysis/analysis-query.service.js';
import { renderStreams, type RenderStreamsOptions } from './streams-render/render-streams.js';
import type { StreamsRenderPool } from './streams-render/streams-render-pool.js';
import { isStoredChartRequest, STORED_CHART_VERSION } from './streams-render/stored-chart.js';
import type { ActivityQuery, Storage } from '../storage/port.js';
import type { ActivityPageReads } from '../storage/repos/activity-page.repo.js';
import type { ActivityEvents } from './activity-events.js';
import type { OriginalStore } from './original-store.js';
import type { ActivityListFilters } from '../../shared/activity-list-api.js';
import { bulkDeleteActivities, bulkEditActivities, listActivitiesPage } from './activities/activity-list.service.js';

export class NotFoundError extends Error {
  readonly code = 'not_found';
}

/** Reading and editing stored activities; deletion also removes an original nobody uses. */
export class ActivityService {
  constructor(
    private deps: {
      storage: Storage;
      originals: OriginalStore;
      events: ActivityEvents;
      /** Derived fields merged into the detail (routes/segments: `routeId`, `segmentEfforts`). */
      detailExtras?: (userId: string, id: string, reads?: ActivityPageReads) => Promise<Record<string, unknown>>;
      /** Analysis fields (issue 5): bestEfforts, zones, load, curves, newPrs. */
      analysis?: Pick<AnalysisQueryService, 'activityAnalysis'>;
      /** Chart streams rendered on a worker thread (absent: inline). */
      render?: StreamsRenderPool;
    },
  ) {}

  list(userId: string, q: ActivityQuery) {
    return this.deps.storage.activities.list(userId, q);
  }

  /** The list page (issue 17): search, sort, filters, and each row's current all-time records. */
  listPage(userId: string, q: ActivityQuery & ActivityListFilters) {
    return listActivitiesPage(this.deps, userId, q);
  }

  /** The same sport/gear on every listed activity, in one transaction (all or nothing). */
  bulkEdit(userId: string, ids: string[], set: { sport?: string; subSport?: string | null; gearId?: string | null }) {
    return bulkEditActivities(this.deps, userId, ids, set);
  }

  bulkDelete(userId: string, ids: string[]) {
    return bulkDeleteActivities(this.deps, userId, ids);
  }

  async get(userId: string, id: string) {
    // The row, its sessions and laps, the route/segment extras' rows and the stored analysis: one
    // round of reads, all scoped to the user (activity-page.repo.ts; one statement on PostgreSQL,
    // where each statement queued for a pool connection under load, issue 14). Only a missing
    // analysis is computed, after the row confirmed the activity exists.
    const reads = await this.deps.storage.activityPage.read(userId, id);
    const a = reads.detail;
    if (!a) throw new NotFoundError(`activity ${id} not found`);
    const analysis = this.deps.analysis;
    const extras = this.deps.detailExtras ? await this.deps.detailExtras(userId, id, reads) : null;
    const withExtras = extras ? { ...a, ...extras } : a;
    const fields = analysis ? await analysis.activityAnalysis(userId, id, { metrics: reads.metrics, held: reads.held, exclusions: reads.exclusions }, a) : null;
    return fields ? { ...withExtras, ...fields } : withExtras;
  }

  async update(userId: string, id: string, patch: ActivityPatchDto) {
    if (!(await this.deps.storage.activities.update(userId, id, patch))) throw new NotFoundError(`activity ${id} not found`);
    await this.deps.events.emit({ type: 'updated', userId, activityId: id, fields: Object.keys(patch) });
    return this.get(userId, id);
  }

  async delete(userId: string, id: string): Promise<void> {
    const { storage, originals } = this.deps;
    const before = await storage.activities.get(userId, id);
    const r = await storage.activities.delete(userId, id);
    if (!r.deleted || !before) throw new NotFoundError(`activity ${id} not found`);
    await this.deps.events.emit({ type: 'deleted', userId, activityId: id, startTime: before.startTime, sport: before.sport });
    if (r.originalSha256 && !(await storage.activities.idsByOriginal(userId, r.originalSha256)).length) {
      const { stillReferenced } = await storage.originals.remove(userId, r.originalSha256);
      if (!stillReferenced && !r.originalStillUsed) await originals.remove(r.originalSha256);
    }
  }

  /**
   * The chart streams as the response body, JSON compressed as `encoding` says. The activity
   * page's own request is answered from its stored chart (gzip, for a client that takes it:
   * stored-chart.ts); anything else, or an activity whose chart is not stored yet, is rendered from
   * the blob, read here, on the render pool's worker thread (decode, downsample, JSON, compression).
   */
  async streamsBody(userId: string, id: string, opts: RenderStreamsOptions & { acceptsGzip?: boolean }): Promise<{ body: Uint8Array; encoding: 'br' | 'gzip' | null }> {
    const { acceptsGzip, ...render } = opts;
    if (acceptsGzip && isStoredChartRequest(render)) {
      const body = await this.deps.storage.charts.read(userId, id, STORED_CHART_VERSION);
      if (body) return { body, encoding: 'gzip' };
    }
    const blob = await this.deps.storage.activities.readStreamsBlob(userId, id);
    if (!blob) throw new NotFoundError(`activity ${id} not found`);
    const body = await (this.deps.render ? this.deps.render.render(blob, render) : renderStreams(blob, render));
    return { body, encoding: render.encoding ?? null };
  }

  async original(userId: string, id: string): Promise<{ fileName: string; bytes: Buffer }> {
    const a = await this.get(userId, id);
    const bytes = await this.deps.originals.read(a.original.sha256).catch(() => {
      throw new NotFoundError(`the original file of activity ${id} is missing from the data folder`);
    });
    return { fileName: a.original.fileName || `${id}.${a.format}`, bytes };
  }
}

export function parseChannels(list: string | undefined): StreamChannel[] | undefined {
  if (!list) return undefined;
  const wanted = list.split(',').map((c) => c.trim()).filter(Boolean);
  const bad = wanted.filter((c) => !(STREAM_CHANNELS as readonly string[]).includes(c));
  if (bad.length) throw Object.assign(new Error(`unknown channel(s): ${bad.join(', ')}; known: ${STREAM_CHANNELS.join(', ')}`), { statusCode: 400, code: 'bad_request' });
  return wanted as StreamChannel[];
}
