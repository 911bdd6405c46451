/**
 * FIT activity import: bytes in, ParseResult out. Pure (no fs, clock or logger) and never throws.
 *
 * Why our own decoder beneath, and fit-file-parser only for its profile lookups:
 * fit-file-parser 6.1.2 reads only the first file of a chain, returns nothing for a truncated file
 * (it rejects data_size > length before decoding), ignores `hr` messages, leaves
 * compressed_speed_distance packed, stops at the first undefined local message, and builds a
 * keyed object (plus Date objects) per message, which caps throughput. Wrapping it would have meant
 * re-splitting the file and re-decoding the parts it drops. Instead fit-decoder.ts frames
 * definition/data messages itself (≈300 lines), reads only the fields we map, straight into
 * columns, and recovers framing after corruption; the FIT names for manufacturers, Garmin
 * products, sports and sub-sports come from fit-file-parser's exported profile lookups, and the
 * few field numbers we read are listed in fit-profile.ts. bare-decode.ts keeps the plain
 * fit-file-parser decode for benchmark comparisons.
 *
 * Pipeline: fit-blocks (chain split, header/CRC checks) → fit-decoder (messages) → fit-collect
 * (per-block collection: records, sessions, laps, lengths, hr, developer fields, device) →
 * grouping of blocks into activities (hr-only blocks join the activity before them) →
 * fit-activity (streams, sessions/laps, summary).
 */
import type { ParsedActivity, ParseResult } from '../../../shared/activity.js';
import { splitBlocks } from './fit-blocks.js';
import { decodeMessages } from './fit-decoder.js';
import { FitView } from './fit-view.js';
import { BlockCollector } from './fit-collect.js';
import { assembleActivity, isEmptyActivity } from './fit-activity.js';
import { FILE_TYPE_ACTIVITY, FILE_TYPES } from './fit-profile.js';

interface Group {
  main: BlockCollector;
  hr: BlockCollector[];
}

export function parseFit(bytes: Uint8Array, fileName?: string): ParseResult {
  try {
    return parseFitUnsafe(bytes);
  } catch (e) {
    // Defensive only: the decoder is written not to throw, and the fuzz suite checks it.
    const what = fileName ? ` ${fileName}` : '';
    return { kind: 'error', reason: `could not read FIT file${what}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function parseFitUnsafe(bytes: Uint8Array): ParseResult {
  const split = splitBlocks(bytes);
  if (split.fatal) return { kind: 'error', reason: split.fatal };
  const warnings = [...split.warnings];
  const view = new FitView(bytes);
  const collectors: BlockCollector[] = [];
  let firstProblem: string | null = null;
  for (const block of split.blocks) {
    const c = new BlockCollector(view);
    const out = decodeMessages(view, block.dataStart, block.dataEnd, c);
    const label = split.blocks.length > 1 ? `FIT file ${block.index + 1}` : 'FIT file';
    if (out.resyncs > 0) {
      warnings.push(`${label}: recovered from ${out.resyncs} corrupt spot(s) (${out.skippedBytes} bytes and the damaged messages skipped)`);
    }
    if (out.problem && !(block.truncated && out.problem.includes('cut off'))) {
      warnings.push(`${label}: stopped reading because ${out.problem}; the data before it was kept`);
    }
    firstProblem ??= out.problem;
    collectors.push(c);
  }

  const groups: Group[] = [];
  const otherTypes: string[] = [];
  let emptyActivities = 0;
  let untimed = 0;
  for (const c of collectors) {
    const type = c.fileId ? c.fileId.type : NaN;
    if (type === type && type !== FILE_TYPE_ACTIVITY) {
      otherTypes.push(FILE_TYPES[type] ?? `type_${type}`);
      continue;
    }
    const hrOnly = c.hr.length > 0 && c.records.length === 0 && c.sessions.length === 0 && c.laps.length === 0;
    if (!c.fileId && hrOnly) {
      // HRM-Tri/Swim buffered heart rate appended as file_id-less blocks (sample_mulitple_header.fit).
      if (groups.length > 0) groups[groups.length - 1].hr.push(c);
      else warnings.push('heart-rate data with no activity to attach it to was ignored');
      continue;
    }
    if (c.messages === 0) continue;
    groups.push({ main: c, hr: [] });
  }
  if (otherTypes.length > 0 && groups.length > 0) {
    warnings.push(`chained non-activity FIT data ignored (${[...new Set(otherTypes)].join(', ')})`);
  }

  const activities: ParsedActivity[] = [];
  for (const g of groups) {
    if (isEmptyActivity(g.main)) {
      if (g.main.records.droppedNoTime > 0) untimed++;
      else emptyActivities++;
      continue;
    }
    const a = assembleActivity(g.main, g.hr, [...warnings]);
    if (a) activities.push(a);
    else warnings.push('an activity without any usable timestamp was skipped');
  }
  if (activities.length > 0) {
    // A chain of separate activities (not the legs of one event, which are sessions of one file):
    // each becomes its own activity, and the import result says so.
    if (activities.length > 1) activities.forEach((a, i) => a.warnings.push(`this file chains ${activities.length} separate activities; this is part ${i + 1}`));
    if (emptyActivities > 0) {
      for (const a of activities) a.warnings.push(`${emptyActivities} empty chained activity file(s) ignored`);
    }
    return { kind: 'activities', activities, warnings: activities[0].warnings.slice() };
  }
  if (otherTypes.length > 0) {
    const fileType = otherTypes[0];
    return { kind: 'skipped', reason: `this is a FIT ${fileType.replace(/_/g, ' ')} file, not an activity`, fileType };
  }
  if (untimed > 0) {
    return { kind: 'error', reason: 'the activity records carry no timestamps, so they cannot be placed in time' };
  }
  if (emptyActivities > 0) {
    return { kind: 'skipped', reason: 'the activity file holds no recorded data (no records, laps or sessions)', fileType: 'activity' };
  }
  if (collectors.every((c) => c.messages === 0)) {
    return { kind: 'error', reason: `no readable FIT messages${firstProblem ? `: ${firstProblem}` : ''}` };
  }
  return { kind: 'skipped', reason: 'the FIT file holds no activity data', fileType: 'unknown' };
}
