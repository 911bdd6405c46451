import { useState } from 'react';
import type { GearDto, GearInputDto, GearKind } from '../../../../shared/gear-api.js';
import { useUnits } from '../../hooks/use-units';
import { sportInfo } from '../../lib/sports';
import { distanceIn, distanceUnit } from '../../units';

const SPORTS = ['running', 'cycling', 'walking', 'hiking', 'swimming', 'training', 'e_biking', 'alpine_skiing', 'cross_country_skiing'];

/** Create or edit one item of gear; distances are entered in the user's units and sent in metres. */
export function GearForm({ initial, onSubmit, onCancel }: { initial?: GearDto; onSubmit: (g: GearInputDto & { name: string }) => Promise<void>; onCancel?: () => void }) {
  const { units } = useUnits();
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<GearKind>(initial?.kind ?? 'shoes');
  const [brand, setBrand] = useState(initial?.brand ?? '');
  const [model, setModel] = useState(initial?.model ?? '');
  const [sports, setSports] = useState<string[]>(initial?.defaultForSports ?? []);
  const [initialDist, setInitialDist] = useState(initial ? String(Math.round(distanceIn(initial.initialDistanceM, units))) : '0');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const metresPerUnit = 1 / distanceIn(1, units);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the gear a name.');
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ name: name.trim(), kind, brand: brand.trim() || null, model: model.trim() || null, defaultForSports: sports, initialDistanceM: Math.max(0, Number(initialDist) || 0) * metresPerUnit });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="gear-form" onSubmit={submit} aria-label={initial ? `Edit ${initial.name}` : 'Add gear'}>
      <label>Name <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="gear-name" /></label>
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as GearKind)}>
          <option value="shoes">Shoes</option>
          <option value="bike">Bike</option>
          <option value="other">Other</option>
        </select>
      </label>
      <label>Brand <input type="text" value={brand} onChange={(e) => setBrand(e.target.value)} /></label>
      <label>Model <input type="text" value={model} onChange={(e) => setModel(e.target.value)} /></label>
      <label>Starting distance ({distanceUnit(units)}) <input type="text" inputMode="decimal" value={initialDist} onChange={(e) => setInitialDist(e.target.value)} /></label>
      <fieldset className="gear-sports">
        <legend>Default for</legend>
        {SPORTS.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={sports.includes(s)} onChange={(e) => setSports((xs) => (e.target.checked ? [...xs, s] : xs.filter((x) => x !== s)))} /> {sportInfo(s).label}
          </label>
        ))}
      </fieldset>
      {error && <p className="inline-error" role="alert">{error}</p>}
      <div className="gear-form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>{initial ? 'Save' : 'Add gear'}</button>
        {onCancel && <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
