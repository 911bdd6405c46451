/**
 * Settings → Thresholds: starting values estimated from the athlete's own history (issue 17,
 * GET /api/v1/thresholds/estimates), each labelled as an estimate with its method and the effort
 * it came from. Accepting one writes an ordinary dated threshold (POST /api/v1/thresholds), so
 * zones and training load follow through the usual recompute job.
 */
import { useState } from 'react';
import type { ThresholdChangeDto, ThresholdDto } from '../../../../shared/analysis-api.js';
import type { ThresholdEstimateDto, ThresholdEstimatesDto } from '../../../../shared/threshold-estimates.js';
import { useAsync } from '../../hooks/use-async';
import { useUnits } from '../../hooks/use-units';
import { analysisApi } from '../../lib/analysis-client';
import { formatThreshold, kindInfo, sportScopeLabel } from '../../lib/analysis-thresholds';
import { apiUrl, errorMessage } from '../../lib/api-client';

async function fetchEstimates(signal: AbortSignal): Promise<ThresholdEstimatesDto> {
  const res = await fetch(apiUrl('/thresholds/estimates'), { credentials: 'same-origin', signal });
  if (!res.ok) throw new Error(`Cannot estimate thresholds (${res.status}).`);
  return (await res.json()) as ThresholdEstimatesDto;
}

const key = (e: { kind: string; sport: string | null }) => `${e.kind}|${e.sport ?? ''}`;

export function ThresholdEstimates({ current, onAccepted }: { current: ThresholdDto[]; onAccepted: (change: ThresholdChangeDto) => void }) {
  const { units } = useUnits();
  const res = useAsync((signal) => fetchEstimates(signal), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = res.data?.items ?? [];
  const accepted = (e: ThresholdEstimateDto) => current.some((t) => key(t) === key(e) && Math.abs(t.value - e.value) < 1e-6);
  const open = items.filter((e) => !accepted(e));

  const accept = async (list: ThresholdEstimateDto[]) => {
    setError(null);
    setBusy(list.length === 1 ? key(list[0]!) : 'all');
    try {
      // One after another: each answer carries its recompute job, and the last one covers them all.
      for (const e of list) onAccepted(await analysisApi.createThreshold({ kind: e.kind, sport: e.sport, value: e.value, validFrom: e.validFrom }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  if (res.status === 'error' || (res.data && items.length === 0)) return null;
  if (!res.data) return null;
  return (
    <section className="card" data-testid="threshold-estimates" aria-labelledby="threshold-estimates-title">
      <h2 className="card-title" id="threshold-estimates-title">
        Estimated from your activities
        {open.length > 1 && (
          <button type="button" className="btn btn-small btn-primary" disabled={busy !== null} onClick={() => void accept(open)} data-testid="estimate-accept-all">
            Use all {open.length} estimates
          </button>
        )}
      </h2>
      <p className="muted small">Estimates, not test results: a field test or lab value is better when you have one. Each is dated from the effort it came from and can be edited or deleted below like any value.</p>
      {error && <div className="state state-error" role="alert">{error}</div>}
      <ul className="threshold-list">
        {items.map((e) => (
          <li key={key(e)} className="threshold-item" data-testid="threshold-estimate" data-kind={e.kind}>
            <span className="threshold-val">
              {formatThreshold(e.kind, e.value, units, e.sport)} <span className="pill pill-duplicate">estimate</span>
            </span>
            <span className="threshold-when">
              <strong>{kindInfo(e.kind).label}</strong>
              {kindInfo(e.kind).perSport && <span className="muted"> · {sportScopeLabel(e.sport)}</span>}
              <br />
              <span className="small">
                {e.method}
                {e.basedOn && (
                  <>
                    {' '}
                    <a href={`#/activities/${encodeURIComponent(e.basedOn.activityId)}`}>See the activity</a>
                  </>
                )}
              </span>
            </span>
            <span className="threshold-actions">
              {accepted(e) ? (
                <span className="pill pill-imported">in use</span>
              ) : (
                <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void accept([e])} data-testid="estimate-accept">
                  {busy === key(e) ? 'Saving…' : 'Use this'}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
