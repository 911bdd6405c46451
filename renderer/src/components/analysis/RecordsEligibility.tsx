/**
 * The activity page's say in records (issue 13 §3): a start time the records cannot trust (a
 * device clock never set: dated before 2000 or in the future) with a field to correct it, and one
 * click to leave the whole activity out of records or bring it, or a single excluded record, back.
 */
import { useState } from 'react';
import type { ActivityAnalysisDto, RecordExclusionDto } from '../../../../shared/analysis-api.js';
import { analysisApi } from '../../lib/analysis-client';
import { durationLabel, effortLabel } from '../../lib/analysis-format';

interface Props {
  activityId: string;
  startTime: string;
  analysis: Pick<ActivityAnalysisDto, 'startTimeProblem' | 'startTimeWarning' | 'recordExclusions'>;
  /** Sets the start time (PATCH); resolves when saved. */
  onStartTime: (iso: string) => Promise<void>;
  /** Reloads the activity after a change of its exclusions. */
  onChanged: () => void;
}

const label = (e: RecordExclusionDto) => (e.kind === 'distance' ? effortLabel(e.key) : `${durationLabel(e.key)} ${e.kind}`);

export function RecordsEligibility({ activityId, startTime, analysis, onStartTime, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [when, setWhen] = useState(startTime.slice(0, 16));
  const exclusions = analysis.recordExclusions ?? [];
  const whole = exclusions.find((e) => e.kind === '*');
  const single = exclusions.filter((e) => e.kind !== '*');
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="records-eligibility" data-testid="records-eligibility">
      {analysis.startTimeWarning && (
        <div className="banner banner-warn" role="note" data-testid="start-time-warning">
          <p>{analysis.startTimeWarning}</p>
          <form
            className="inline-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              void run(() => onStartTime(new Date(`${when}:00Z`).toISOString()));
            }}
          >
            <label>
              Start (UTC) <input type="datetime-local" value={when} onChange={(ev) => setWhen(ev.target.value)} data-testid="start-time-input" required />
            </label>
            <button type="submit" className="btn btn-small" disabled={busy}>Set start time</button>
          </form>
        </div>
      )}
      <div className="records-eligibility-row">
        {whole ? (
          <>
            <span className="muted">Left out of records.</span>
            <button type="button" className="btn btn-ghost btn-small" disabled={busy} data-testid="include-activity" onClick={() => void run(() => analysisApi.include({ activityId }))}>
              Include in records again
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            disabled={busy}
            data-testid="exclude-activity"
            title="A faulty recording (GPS jumps, a sensor glitch, a ride in a car): its records pass to the next best"
            onClick={() => void run(() => analysisApi.exclude({ activityId }))}
          >
            Exclude from records
          </button>
        )}
        {single.map((e) => (
          <span key={`${e.sport}-${e.kind}-${e.key}`} className="chip" data-testid="excluded-record">
            {label(e)} excluded{' '}
            <button type="button" className="link-btn" disabled={busy} onClick={() => void run(() => analysisApi.include(e))}>
              undo
            </button>
          </span>
        ))}
        {error && <span className="error-text" role="alert">{error}</span>}
      </div>
    </section>
  );
}
