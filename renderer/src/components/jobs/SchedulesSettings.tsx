/**
 * Settings → Schedules and jobs (issue 18): every scheduled job with its next run and last result,
 * and the job history (paged) with cancel and retry. Progress arrives as server-sent events.
 */
import { useEffect, useState } from 'react';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { sourcesApi } from '../../lib/sources-client';
import { ErrorBox } from '../States';

const when = (s: string | null) => (s ? new Date(s).toLocaleString() : '—');

export function SchedulesSettings() {
  const [offset, setOffset] = useState(0);
  const schedules = useAsync((signal) => sourcesApi.schedules(signal), []);
  const jobs = useAsync((signal) => sourcesApi.jobs(offset, signal), [offset]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(sourcesApi.eventsUrl, { withCredentials: true });
    let t: ReturnType<typeof setTimeout> | null = null;
    es.addEventListener('job', () => {
      if (t) return;
      t = setTimeout(() => {
        t = null;
        jobs.reload();
      }, 500);
    });
    return () => es.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [offset]);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      jobs.reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="card" data-testid="schedules-settings">
      <h2 className="card-title">Schedules and jobs</h2>
      {error && <ErrorBox error={error} />}
      <table className="table">
        <thead><tr><th>Schedule</th><th>When</th><th>Next run</th><th>Last result</th></tr></thead>
        <tbody>
          {schedules.data?.items.map((s) => (
            <tr key={s.id}><td>{s.label}</td><td>{s.enabled ? s.every : 'off'}</td><td>{when(s.nextRunAt)}</td><td>{s.lastRun ? `${s.lastRun.status} ${when(s.lastRun.at)}${s.lastRun.error ? `: ${s.lastRun.error}` : ''}` : '—'}</td></tr>
          ))}
        </tbody>
      </table>
      <table className="table">
        <thead><tr><th>Job</th><th>Status</th><th>Progress</th><th>Started</th><th /></tr></thead>
        <tbody>
          {jobs.data?.items.map((j) => (
            <tr key={j.id}>
              <td>{j.kind}{j.attempt > 1 ? ` (attempt ${j.attempt})` : ''}</td>
              <td>{j.status}{j.error ? `: ${j.error}` : ''}</td>
              <td>{j.total ? `${j.done}/${j.total}` : ''} {j.message ?? ''}</td>
              <td>{when(j.startedAt ?? j.createdAt)}</td>
              <td>
                {(j.status === 'queued' || j.status === 'running') && <button className="btn" onClick={() => act(() => sourcesApi.cancelJob(j.id))}>Cancel</button>}
                {(j.status === 'failed' || j.status === 'cancelled') && <button className="btn" onClick={() => act(() => sourcesApi.retryJob(j.id))}>Retry</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 20))}>Newer</button>{' '}
      <button className="btn" disabled={!jobs.data || offset + 20 >= jobs.data.total} onClick={() => setOffset(offset + 20)}>Older</button>
    </div>
  );
}
