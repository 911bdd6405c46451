/**
 * Add or edit one dated threshold value. The athlete types in their units (W, bpm, min/km or
 * min/mi, kg or lb); lib/analysis-thresholds turns it into SI before it reaches the API.
 */
import { useState } from 'react';
import type { ThresholdDto, ThresholdInputDto, ThresholdKind } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { utcDate } from '../../lib/analysis-fitness';
import { kindInfo, parseThreshold, THRESHOLD_KINDS, thresholdToText, thresholdUnit } from '../../lib/analysis-thresholds';
import { errorMessage } from '../../lib/api-client';
import { SPORT_CHOICES, sportInfo } from '../../lib/sports';

interface Props {
  initial?: ThresholdDto;
  /** Pre-selects a kind (and sport) for "add a value" buttons of a history. */
  preset?: { kind: ThresholdKind; sport: string | null };
  onSubmit: (input: ThresholdInputDto) => Promise<void>;
  onCancel?: () => void;
}

export function ThresholdForm({ initial, preset, onSubmit, onCancel }: Props) {
  const { units } = useUnits();
  const [kind, setKind] = useState<ThresholdKind>(initial?.kind ?? preset?.kind ?? 'ftp');
  const [sport, setSport] = useState<string>(initial?.sport ?? preset?.sport ?? '');
  const [text, setText] = useState(initial ? thresholdToText(initial.kind, initial.value, units, initial.sport) : '');
  const [validFrom, setValidFrom] = useState(initial?.validFrom ?? utcDate(new Date()));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const info = kindInfo(kind);
  const sportOrNull = info.perSport && sport ? sport : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseThreshold(kind, text, units, sportOrNull);
    if ('error' in parsed) return setError(parsed.error);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) return setError('Pick the day the value starts to apply.');
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ kind, sport: sportOrNull, value: parsed.value, validFrom });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="threshold-form" onSubmit={submit} data-testid="threshold-form" aria-label={initial ? 'Edit threshold' : 'Add threshold'}>
      <label>
        <span>Threshold</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as ThresholdKind)} disabled={!!initial} data-testid="threshold-kind">
          {THRESHOLD_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>{k.label}</option>
          ))}
        </select>
      </label>
      {info.perSport && (
        <label>
          <span>Sport</span>
          <select value={sport} onChange={(e) => setSport(e.target.value)} disabled={!!initial} data-testid="threshold-sport">
            <option value="">All sports</option>
            {SPORT_CHOICES.map((s) => (
              <option key={s} value={s}>{sportInfo(s).label}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>Value ({thresholdUnit(kind, units, sportOrNull)})</span>
        <input
          type="text"
          inputMode={kind === 'threshold_pace' ? 'text' : 'decimal'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={kind === 'threshold_pace' ? '4:30' : kind === 'ftp' ? '250' : kind === 'weight' ? '70' : '170'}
          required
          data-testid="threshold-value"
          className="threshold-value"
        />
      </label>
      <label>
        <span>Valid from</span>
        <input type="date" value={validFrom} max="9999-12-31" onChange={(e) => setValidFrom(e.target.value)} required data-testid="threshold-date" />
      </label>
      <div className="threshold-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="threshold-save">
          {initial ? 'Save' : 'Add'}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p className="muted small threshold-help">{info.help} Holds from this day until the next value.</p>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </form>
  );
}
