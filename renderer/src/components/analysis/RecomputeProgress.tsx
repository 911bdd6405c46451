/**
 * Progress of the background recompute a threshold change starts (zones, TSS and load of every
 * affected activity). Polls GET /analysis/jobs/:id until the job ends; the bar reuses the import
 * progress styles.
 */
import { useEffect, useState } from 'react';
import type { RecomputeJobDto } from '../../../../shared/analysis-api.js';
import { analysisApi } from '../../lib/analysis-client';
import { errorMessage } from '../../lib/api-client';

const POLL_MS = 400;

export function RecomputeProgress({ job: initial, onDone }: { job: RecomputeJobDto; onDone?: () => void }) {
  const [job, setJob] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  useEffect(() => setJob(initial), [initial]);
  const finished = job.status === 'done' || job.status === 'failed';

  useEffect(() => {
    if (finished) {
      onDone?.();
      return;
    }
    let stop = false;
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      analysisApi.job(job.id, ctrl.signal).then(
        (j) => !stop && setJob(j),
        (e: unknown) => {
          if (stop) return;
          setPollError(errorMessage(e));
          setJob((j) => ({ ...j })); // poll again: a restart of the server must not freeze the bar
        },
      );
    }, POLL_MS);
    return () => {
      stop = true;
      clearTimeout(t);
      ctrl.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job, finished]);

  const pct = job.total > 0 ? Math.round((job.done / job.total) * 100) : finished ? 100 : 0;
  const phase = job.status === 'failed' ? 'error' : finished ? 'done' : 'processing';
  return (
    <div className="recompute" data-testid="recompute-progress" data-status={job.status} data-done={job.done} data-total={job.total} role="status" aria-live="polite">
      <div className="batch-top">
        <span className="batch-label">
          {job.status === 'done'
            ? `Recomputed ${job.total} ${job.total === 1 ? 'activity' : 'activities'}`
            : job.status === 'failed'
              ? 'Recompute failed'
              : job.status === 'queued'
                ? 'Recompute queued…'
                : `Recomputing zones, TSS and load… ${job.done} of ${job.total}`}
        </span>
        <span className="muted small">{pct}%</span>
      </div>
      <div className={`progress progress-${phase}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      {job.error && <p className="inline-error">{job.error}</p>}
      {pollError && !finished && <p className="muted small">Lost contact with the server ({pollError}); still trying.</p>}
    </div>
  );
}
