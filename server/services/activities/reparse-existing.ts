import { defaultActivityName, isDefaultActivityName } from '../../domain/activity-name.js';
import { PARSER_VERSION } from '../../ingest/parser-version.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import type { OriginalStore } from '../original-store.js';
import type { ParsePool } from '../parse-pool.js';
import type { PreparedActivity } from '../prepare-result.js';
import type { ActivityStore } from './activity-store.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

const PAGE = 50;
/** Bounded by construction: every row of a page leaves the query (refreshed or marked). */
const MAX_STEPS = 100_000;
/** Formats the file parsers read; other rows (Health Auto Export workouts) have no such original. */
const FILE_FORMATS = new Set(['fit', 'tcx', 'gpx']);
/** A start time the user edited (files dated 1990) is theirs: such rows keep their data. */
const SAME_START_MS = 2000;

export interface ReparseReport {
  refreshed: number;
  sportsFixed: number;
  partsAdded: number;
  kept: number;
}

/**
 * Brings activities stored by an older parser up to date (ingest/parser-version.ts), in place:
 * the original is read again and the summary, sessions, laps, pool lengths and streams are
 * replaced. Id, start time, names the athlete typed, gear, notes, sources and record exclusions
 * stay; a sport is replaced only where the old parser could not tell it ("generic" from a TCX
 * swim) and the activity came from a plain file. A chained FIT file whose later activities an
 * older parser dropped gets them now. Each refreshed activity is analysed again ('updated' with
 * `streams`), so records, curves, load, routes and the heatmap follow.
 */
export async function reparseExisting(
  deps: { storage: Storage; originals: OriginalStore; pool: ParsePool; events: ActivityEvents; store: ActivityStore },
  log: (l: string) => void = () => {},
): Promise<ReparseReport> {
  const { storage, originals, pool, events, store } = deps;
  const report: ReparseReport = { refreshed: 0, sportsFixed: 0, partsAdded: 0, kept: 0 };
  for (const userId of await storage.users.ids()) {
    for (let step = 0; step < MAX_STEPS; step++) {
      const rows = await storage.activities.parsedBefore(userId, PARSER_VERSION, PAGE);
      if (!rows.length) break;
      for (const a of rows) {
        await yieldToEventLoop();
        const keep = async () => {
          await storage.activities.setParserVersion(userId, a.id, PARSER_VERSION);
          report.kept++;
        };
        if (!FILE_FORMATS.has(a.format) || !originals.has(a.originalSha256)) {
          await keep();
          continue;
        }
        const fileName = (await storage.originals.get(userId, a.originalSha256))?.fileName ?? `original.${a.format}`;
        let parts: PreparedActivity[] = [];
        try {
          const r = await pool.parse(await originals.read(a.originalSha256), fileName);
          if (r.kind === 'activities') parts = r.activities;
        } catch (e) {
          log(`[reparse] ${fileName}: ${e instanceof Error ? e.message : String(e)}; stored data kept`);
        }
        const p = parts[a.sourceIndex];
        if (!p || Math.abs(Date.parse(p.startTime) - Date.parse(a.startTime)) > SAME_START_MS) {
          await keep();
          continue;
        }
        const betterSport = a.sport === 'generic' && p.sport !== 'generic' && (a.source === null || a.source === 'file');
        const sport = betterSport ? { sport: p.sport, subSport: p.subSport } : undefined;
        const name = betterSport && isDefaultActivityName(a.name, a.sport) ? defaultActivityName(a.startTime, p.sport, a.utcOffsetS ?? 0) : undefined;
        const { encoded, derived: _derived, ...parsed } = p;
        const ok = await storage.activities.refreshParsed(userId, a.id, { parsed, streams: encoded, parserVersion: PARSER_VERSION, sport, name });
        if (!ok) continue;
        report.refreshed++;
        if (sport) report.sportsFixed++;
        await events.emit({ type: 'updated', userId, activityId: a.id, fields: ['streams', ...(sport ? ['sport', 'subSport'] : []), ...(name ? ['name'] : [])] });
        if (a.sourceIndex === 0 && parts.length > 1) report.partsAdded += await addMissingParts(storage, store, userId, a.originalSha256, fileName, parts);
      }
    }
    if (report.refreshed || report.partsAdded) await events.settle(userId);
  }
  if (report.refreshed || report.partsAdded) {
    log(`[reparse] ${report.refreshed} activities refreshed from their originals (${report.sportsFixed} sports recognised, ${report.partsAdded} activities recovered from chained files)`);
  }
  return report;
}

/** Later activities of a chained file that no activity or merged source holds yet. */
async function addMissingParts(storage: Storage, store: ActivityStore, userId: string, sha256: string, fileName: string, parts: PreparedActivity[]): Promise<number> {
  let added = 0;
  for (let i = 1; i < parts.length; i++) {
    if (await storage.activityMeta.findBySource(userId, 'file', `${sha256}:${i}`)) continue;
    const r = await store.save({ userId, sha256, sourceIndex: i, fileName, parsed: parts[i]!, meta: null, dryRun: false });
    if (r.status === 'imported') added++;
  }
  return added;
}
