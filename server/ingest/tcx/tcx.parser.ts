/**
 * Garmin Training Center (TCX) → ParsedActivity[]. Pure: bytes in, ParseResult out; never throws.
 *
 * Decisions (FORMATS.md §4):
 * - Each `<Activity>` is its own activity (FR305-activity_165850259_multi-session.tcx holds four
 *   rides on four days). Activities inside a `<MultiSportSession>` are also returned one by one:
 *   the model could hold them as sessions of one activity, but no corpus file has one to test it.
 * - `<Courses>` (a planned route, gpsbabel course.tcx) and `<Workouts>` are skipped with a reason.
 * - The summary is the laps' totals (device values) merged over values computed from trackpoints.
 */
import type { ParsedActivity, ParseResult } from '../../../shared/activity.js';
import { children, decodeXmlBytes, parseXmlTree, type XmlElement } from '../xml/xml-tree.js';
import { readTcxActivity } from './tcx-activity.js';
import { isTcdNs } from './tcx-elements.js';

export function parseTcx(bytes: Uint8Array, fileName?: string): ParseResult {
  try {
    return parseTcxUnsafe(bytes);
  } catch (e) {
    return { kind: 'error', reason: `TCX${fileName ? ` ${fileName}` : ''} could not be read: ${(e as Error).message}` };
  }
}

function parseTcxUnsafe(bytes: Uint8Array): ParseResult {
  let root: XmlElement;
  try {
    root = parseXmlTree(decodeXmlBytes(bytes));
  } catch (e) {
    return { kind: 'error', reason: `not well-formed XML: ${(e as Error).message}` };
  }
  if (root.name !== 'TrainingCenterDatabase') {
    return { kind: 'error', reason: `not a TCX file (root element <${root.name}>)` };
  }

  const activityEls: XmlElement[] = [];
  for (const acts of children(root, 'Activities', isTcdNs)) {
    activityEls.push(...children(acts, 'Activity', isTcdNs));
    for (const ms of children(acts, 'MultiSportSession', isTcdNs)) {
      for (const leg of ms.children) {
        if (isTcdNs(leg.ns) && (leg.name === 'FirstSport' || leg.name === 'NextSport')) {
          activityEls.push(...children(leg, 'Activity', isTcdNs));
        }
      }
    }
  }

  if (activityEls.length === 0) {
    const courses = children(root, 'Courses', isTcdNs).reduce((n, c) => n + children(c, 'Course', isTcdNs).length, 0);
    if (courses) return { kind: 'skipped', fileType: 'course', reason: `TCX with ${courses} course(s) and no activity: a planned route, not an activity` };
    if (children(root, 'Workouts', isTcdNs).length) {
      return { kind: 'skipped', fileType: 'workout', reason: 'TCX workout definitions, not an activity' };
    }
    return { kind: 'skipped', fileType: 'empty', reason: 'TCX contains no activities' };
  }

  const activities: ParsedActivity[] = [];
  const warnings: string[] = [];
  activityEls.forEach((el, i) => {
    const a = readTcxActivity(el);
    if (typeof a === 'string') warnings.push(`activity ${i + 1} skipped: ${a}`);
    else activities.push(a);
  });
  if (!activities.length) return { kind: 'skipped', fileType: 'empty', reason: `TCX activities hold no data (${warnings.join('; ')})` };
  return { kind: 'activities', activities, warnings };
}
