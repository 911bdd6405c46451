import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import cron from 'node-cron';
import type { HousekeepingDto, HousekeepingRunDto, HousekeepingSettingsDto } from '../../../shared/backup-api.js';
import { defaultHousekeepingSettings, runHousekeeping, type HousekeepingDeps } from './housekeeping.js';

/** Every day at 03:45, after the default backup time (03:15). */
const DAILY = '45 3 * * *';

/**
 * Scheduled cleanup with its retention settings (issue 16 "Housekeeping"). Settings and the last
 * run's report live in `<data dir>/housekeeping.json`, so what was removed stays visible (API and
 * Settings → Backups) after a restart. Runs daily and, since a desktop is often off at night, once
 * shortly after the start when the last run is more than a day old. One run at a time.
 */
export class HousekeepingService {
  private state: { settings: Partial<HousekeepingSettingsDto>; last: HousekeepingRunDto | null } | null = null;
  private running: Promise<HousekeepingRunDto> | null = null;
  private task: { stop(): void } | null = null;
  private catchUp: NodeJS.Timeout | null = null;

  constructor(private deps: HousekeepingDeps) {}

  private get file(): string {
    return join(this.deps.dataDir, 'housekeeping.json');
  }

  private async load() {
    if (this.state) return this.state;
    try {
      const saved = JSON.parse(await readFile(this.file, 'utf8')) as { settings?: Partial<HousekeepingSettingsDto>; last?: HousekeepingRunDto | null };
      this.state = { settings: saved.settings ?? {}, last: saved.last ?? null };
    } catch {
      this.state = { settings: {}, last: null };
    }
    return this.state;
  }

  private async save(): Promise<void> {
    await mkdir(this.deps.dataDir, { recursive: true });
    const tmp = `${this.file}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state, null, 1));
    await rename(tmp, this.file);
  }

  async settings(): Promise<HousekeepingSettingsDto> {
    return { ...defaultHousekeepingSettings(), ...(await this.load()).settings };
  }

  async get(): Promise<HousekeepingDto> {
    return { settings: await this.settings(), last: (await this.load()).last };
  }

  async updateSettings(patch: Partial<HousekeepingSettingsDto>): Promise<HousekeepingSettingsDto> {
    if (!Object.keys(patch).length) throw Object.assign(new Error('nothing to change: send incomingHours, jobDetailsDays or healthPayloadDays'), { statusCode: 400, code: 'bad_request' });
    const s = await this.load();
    s.settings = { ...s.settings, ...patch };
    await this.save();
    return this.settings();
  }

  /** Runs the cleanup now (or joins the run in progress) and records what it removed. */
  run(trigger: HousekeepingRunDto['trigger'] = 'manual', nowMs = Date.now()): Promise<HousekeepingRunDto> {
    this.running ??= (async () => {
      try {
        const r = await runHousekeeping(this.deps, await this.settings(), trigger, nowMs);
        (await this.load()).last = r;
        await this.save().catch(() => {});
        console.log(
          `[housekeeping] removed ${r.stagedJobs} staged upload folder(s) and ${r.uploads} interrupted backup upload(s) from incoming/, ` +
            `${r.importFileRows} per-file import result(s) and ${r.jobs} finished job(s), ${r.healthPayloads} raw health payload(s) (${r.healthPayloadBytes} bytes)` +
            (r.error ? `; failed: ${r.error}` : ''),
        );
        return r;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  startSchedule(catchUpAfterMs = 10 * 60_000): void {
    this.stop();
    this.task = cron.schedule(DAILY, () => void this.run('scheduled').catch(() => {}));
    void this.load().then((s) => {
      if (!this.task) return;
      if (!s.last || Date.now() - Date.parse(s.last.at) > 24 * 3600_000) {
        this.catchUp = setTimeout(() => void this.run('scheduled').catch(() => {}), catchUpAfterMs);
        this.catchUp.unref();
      }
    });
  }

  stop(): void {
    this.task?.stop();
    this.task = null;
    if (this.catchUp) clearTimeout(this.catchUp);
    this.catchUp = null;
  }

  /** Resolves when a run in progress has finished. */
  async idle(): Promise<void> {
    await this.running?.catch(() => {});
  }
}
