import type { ActivityMetaDto, ActivityMetaPatchDto, GearDto, GearInputDto } from '../../shared/gear-api.js';
import type { Storage } from '../storage/port.js';
import type { ActivityEvents } from './activity-events.js';
import { NotFoundError } from './activity.service.js';
import type { OriginalStore } from './original-store.js';

function conflict(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 409, code: 'conflict' });
}

/** Gear (bikes, shoes…), its totals, defaults per sport, and gear/metadata on activities. */
export class GearService {
  constructor(private deps: { storage: Storage; originals: OriginalStore; events: ActivityEvents }) {}

  list(userId: string): Promise<GearDto[]> {
    return this.deps.storage.gear.list(userId);
  }

  async get(userId: string, id: string): Promise<GearDto> {
    const g = await this.deps.storage.gear.get(userId, id);
    if (!g) throw new NotFoundError(`gear ${id} not found`);
    return g;
  }

  async create(userId: string, input: GearInputDto & { name: string }): Promise<GearDto> {
    if ((await this.deps.storage.gear.list(userId)).some((g) => g.name.toLowerCase() === input.name.trim().toLowerCase())) throw conflict(`gear named "${input.name}" already exists`);
    return this.deps.storage.gear.create(userId, input);
  }

  async update(userId: string, id: string, patch: GearInputDto): Promise<GearDto> {
    if (patch.name !== undefined && (await this.deps.storage.gear.list(userId)).some((g) => g.id !== id && g.name.toLowerCase() === patch.name!.trim().toLowerCase())) {
      throw conflict(`gear named "${patch.name}" already exists`);
    }
    if (!(await this.deps.storage.gear.update(userId, id, patch))) throw new NotFoundError(`gear ${id} not found`);
    return this.get(userId, id);
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.deps.storage.gear.delete(userId, id))) throw new NotFoundError(`gear ${id} not found`);
  }

  async activityMeta(userId: string, activityId: string): Promise<ActivityMetaDto> {
    const m = await this.deps.storage.activityMeta.get(userId, activityId);
    if (!m) throw new NotFoundError(`activity ${activityId} not found`);
    return m;
  }

  /** Gear assignment and notes from the activity page. */
  async patchActivityMeta(userId: string, activityId: string, patch: ActivityMetaPatchDto): Promise<ActivityMetaDto> {
    if (patch.gearId && !(await this.deps.storage.gear.get(userId, patch.gearId))) {
      throw Object.assign(new Error(`gear ${patch.gearId} not found`), { statusCode: 400, code: 'bad_request' });
    }
    if (!(await this.deps.storage.activityMeta.set(userId, activityId, patch))) throw new NotFoundError(`activity ${activityId} not found`);
    await this.deps.events.emit({ type: 'updated', userId, activityId, fields: Object.keys(patch) });
    return this.activityMeta(userId, activityId);
  }

  /** A photo kept from an archive's media/ folder; only if it belongs to this user's activity. */
  async media(userId: string, activityId: string, sha256: string): Promise<{ fileName: string; bytes: Buffer }> {
    const m = await this.activityMeta(userId, activityId);
    const item = m.media.find((x) => x.sha256 === sha256);
    if (!item) throw new NotFoundError(`activity ${activityId} has no photo ${sha256}`);
    const bytes = await this.deps.originals.read(sha256).catch(() => {
      throw new NotFoundError('the photo is missing from the data folder');
    });
    return { fileName: item.fileName, bytes };
  }
}
