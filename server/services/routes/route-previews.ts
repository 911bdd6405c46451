import { previewPolyline } from '../../domain/routes/preview.js';
import type { Storage } from '../../storage/port.js';
import { trackOf } from './route-tracks.js';

/** At most this many routes per previews request: a page of the routes list. */
export const MAX_PREVIEW_IDS = 100;

/** Small polylines of the user's routes (mini maps, issue 17); unknown or other users' ids are left out. */
export async function routePreviews(storage: Storage, userId: string, ids: string[]): Promise<{ items: { id: string; points: [number, number][] }[] }> {
  const items: { id: string; points: [number, number][] }[] = [];
  for (const id of ids.slice(0, MAX_PREVIEW_IDS)) {
    const r = await storage.routes.getRoute(userId, id);
    if (!r) continue;
    const t = trackOf(r);
    items.push({ id, points: previewPolyline(t.lat, t.lon) });
  }
  return { items };
}
