/**
 * Settings → Thresholds: the dated history of FTP, threshold/max/resting HR, threshold pace and
 * weight, per sport where it matters. Each change starts a recompute of the affected activities
 * on the server, whose progress shows here.
 */
import { useState } from 'react';
import type { RecomputeJobDto, ThresholdChangeDto, ThresholdDto, ThresholdInputDto } from '../../../shared/analysis-api.js';
import { RecomputeProgress } from '../components/analysis/RecomputeProgress';
import { ThresholdForm } from '../components/analysis/ThresholdForm';
import { ThresholdEstimates } from '../components/settings/ThresholdEstimates';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useUnits } from '../hooks/use-units';
import { analysisApi } from '../lib/analysis-client';
import { utcDate } from '../lib/analysis-fitness';
import { formatThreshold, kindInfo, sportScopeLabel, thresholdHistories } from '../lib/analysis-thresholds';
import { errorMessage } from '../lib/api-client';

export function ThresholdsSettings() {
  const { units } = useUnits();
  const list = useAsync((signal) => analysisApi.thresholds(signal), []);
  const [job, setJob] = useState<RecomputeJobDto | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const apply = async (change: Promise<ThresholdChangeDto>) => {
    const res = await change;
    setJob(res.job);
    list.reload();
  };
  const [confirming, setConfirming] = useState<string | null>(null);
  const remove = async (t: ThresholdDto) => {
    setConfirming(null);
    setError(null);
    try {
      await apply(analysisApi.deleteThreshold(t.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const histories = thresholdHistories(list.data?.items ?? []);
  const today = utcDate(new Date());

  return (
    <section className="page narrow thresholds-page" data-testid="thresholds-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/settings">← Settings</a>
      </nav>
      <div className="page-head">
        <div>
          <h1>Thresholds</h1>
          <p className="muted">Zones, TSS and training load use the values valid on each activity's date, so an FTP test today does not rewrite last year.</p>
        </div>
        {!adding && (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="threshold-add">
            Add value
          </button>
        )}
      </div>

      {job && <RecomputeProgress key={job.id} job={job} onDone={list.reload} />}
      {error && <div className="state state-error" role="alert">{error}</div>}
      {adding && (
        <div className="card">
          <h2 className="card-title">New value</h2>
          <ThresholdForm
            onSubmit={async (input: ThresholdInputDto) => {
              await apply(analysisApi.createThreshold(input));
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}

      {list.data && (
        <ThresholdEstimates
          current={list.data.items}
          onAccepted={(res) => {
            setJob(res.job);
            list.reload();
          }}
        />
      )}

      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'loading' && !list.data && <Loading label="Loading thresholds…" />}
      {list.data && histories.length === 0 && !adding && (
        <div className="empty" data-testid="thresholds-empty">
          <h2>No thresholds yet</h2>
          <div className="empty-body">
            <p>Add your FTP, threshold heart rate or threshold pace to get zones, TSS and a fitness chart that mean something, or use the estimates above.</p>
          </div>
          <div className="empty-action">
            <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>Add your first value</button>
          </div>
        </div>
      )}
      {histories.map((h) => (
        <section key={`${h.kind}|${h.sport ?? ''}`} className="card" data-testid="threshold-history" aria-label={`${kindInfo(h.kind).label}, ${sportScopeLabel(h.sport)}`}>
          <h2 className="card-title">
            {kindInfo(h.kind).label} {kindInfo(h.kind).perSport && <span className="muted count">{sportScopeLabel(h.sport)}</span>}
          </h2>
          <ol className="threshold-list">
            {h.entries.map(({ t, until }) => {
              // Newest first: the current value is the newest that has started; later ones are scheduled.
              const current = h.entries.find((e) => e.t.validFrom <= today)?.t.id === t.id;
              return (
              <li key={t.id} className={current ? 'threshold-item is-current' : 'threshold-item'} data-testid="threshold-row">
                {editing === t.id ? (
                  <ThresholdForm initial={t} onSubmit={async (input) => { await apply(analysisApi.updateThreshold(t.id, input)); setEditing(null); }} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <span className="threshold-val">{formatThreshold(t.kind, t.value, units, t.sport)}</span>
                    <span className="threshold-when">
                      {until ? `${t.validFrom} → ${until}` : `since ${t.validFrom}`}
                      {current && <span className="pill pill-imported">current</span>}
                      {t.validFrom > today && <span className="pill pill-duplicate">scheduled</span>}
                    </span>
                    {confirming === t.id ? (
                      // Inline confirmation, like deleting an activity: no modal dialog to dismiss.
                      <span className="confirm threshold-actions" role="group" aria-label="Confirm delete">
                        Delete {kindInfo(t.kind).label}?
                        <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(t)} data-testid="threshold-delete-confirm">Delete</button>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(null)}>Keep</button>
                      </span>
                    ) : (
                      <span className="threshold-actions">
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(t.id)} data-testid="threshold-edit">Edit</button>
                        <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => setConfirming(t.id)} data-testid="threshold-delete">Delete</button>
                      </span>
                    )}
                  </>
                )}
              </li>
              );
            })}
          </ol>
        </section>
      ))}
    </section>
  );
}
