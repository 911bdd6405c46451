/**
 * The desktop's Garmin watch over USB (issue 18), kept thin: the main process only notices a
 * watch and asks the server to sync it (POST /api/v1/usb/devices/:id/sync). The server reads
 * GARMIN/Activity AND the wellness folders (Monitor, Sleep, Metrics, HRVStatus, …), routes
 * wellness FIT files to the health store, dedupes by content and records the job. A watch that is
 * MTP-only is reported once with the server's plain instructions.
 */
export interface UsbDeviceLike {
  id: string;
  model: string | null;
  pending: { activity: number; wellness: number };
}
export interface UsbStatusLike {
  devices: UsbDeviceLike[];
  mtpOnly: { product: string | null; serial: string | null; message: string }[];
}
export interface JobLike {
  id: string;
  status: string;
}

export interface UsbApi {
  devices(): Promise<UsbStatusLike>;
  sync(id: string): Promise<JobLike>;
  job(id: string): Promise<JobLike | null>;
}

/** The server's USB and jobs API over HTTP with the launch token. */
export function createUsbApi(o: { baseUrl: string; token: string; fetch?: typeof fetch }): UsbApi {
  const doFetch = o.fetch ?? fetch;
  const call = async <T>(path: string, method = 'GET'): Promise<T> => {
    const res = await doFetch(new URL(path, o.baseUrl), { method, headers: { authorization: `Bearer ${o.token}`, 'x-milevault-client': 'desktop' } });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    devices: () => call<UsbStatusLike>('/api/v1/usb/devices'),
    sync: (id) => call<JobLike>(`/api/v1/usb/devices/${encodeURIComponent(id)}/sync`, 'POST'),
    job: (id) => call<JobLike>(`/api/v1/jobs/${encodeURIComponent(id)}`).catch(() => null),
  };
}

export interface UsbSyncTriggerOptions {
  api: UsbApi;
  intervalMs?: number;
  onSyncStarted?: (device: UsbDeviceLike, job: JobLike) => void;
  /** A Garmin on the bus that cannot be read as files: told once per device. */
  onMtpOnly?: (message: string, product: string | null) => void;
  onError?: (err: unknown) => void;
}

export interface UsbSyncTrigger {
  start(): void;
  stop(): void;
  /** One look; returns the ids of the devices a sync was started for. Overlapping calls return []. */
  pollOnce(): Promise<string[]>;
}

export function createUsbSyncTrigger(opts: UsbSyncTriggerOptions): UsbSyncTrigger {
  let timer: ReturnType<typeof setInterval> | null = null;
  let busy = false;
  /** Device → the job started for it and the pending counts it was started for. */
  const started = new Map<string, { jobId: string; pendingKey: string }>();
  const mtpTold = new Set<string>();

  async function pollOnce(): Promise<string[]> {
    if (busy) return [];
    busy = true;
    const out: string[] = [];
    try {
      const status = await opts.api.devices();
      for (const d of status.devices) {
        const pendingKey = `${d.pending.activity}/${d.pending.wellness}`;
        if (d.pending.activity + d.pending.wellness === 0) continue;
        const prev = started.get(d.id);
        if (prev) {
          const job = await opts.api.job(prev.jobId);
          if (job && (job.status === 'queued' || job.status === 'running')) continue;
          // Finished, and the same files are still pending (they failed): wait until something changes.
          if (prev.pendingKey === pendingKey) continue;
        }
        const job = await opts.api.sync(d.id);
        started.set(d.id, { jobId: job.id, pendingKey });
        opts.onSyncStarted?.(d, job);
        out.push(d.id);
      }
      for (const m of status.mtpOnly) {
        const key = m.serial ?? m.product ?? 'garmin';
        if (mtpTold.has(key)) continue;
        mtpTold.add(key);
        opts.onMtpOnly?.(m.message, m.product);
      }
    } catch (err) {
      opts.onError?.(err);
    } finally {
      busy = false;
    }
    return out;
  }

  return {
    pollOnce,
    start() {
      if (timer) return;
      timer = setInterval(() => void pollOnce(), opts.intervalMs ?? 5000);
      timer.unref?.();
      void pollOnce();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
