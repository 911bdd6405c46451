import { useState } from 'react';
import type { GearDto } from '../../../shared/gear-api.js';
import { GearForm } from '../components/gear/GearForm';
import { GearTable } from '../components/gear/GearTable';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { gearApi } from '../lib/gear-client';
import '../components/gear/gear.css';

/** Gear list: totals per item, retirement, default gear per sport (issue 4). */
export function GearPage() {
  const gear = useAsync((signal) => gearApi.list(signal), []);
  const [editing, setEditing] = useState<GearDto | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      gear.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="page gear-page">
      <div className="page-head">
        <div>
          <h1>Gear</h1>
          <p className="muted">Bikes, shoes and anything else you wear out. Imports from Strava and Garmin add theirs by name.</p>
        </div>
        {editing === null && <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>Add gear</button>}
      </div>
      {editing !== null && (
        <div className="card">
          <GearForm
            key={editing === 'new' ? 'new' : editing.id}
            initial={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSubmit={async (g) => {
              if (editing === 'new') await gearApi.create(g);
              else await gearApi.update(editing.id, g);
              setEditing(null);
              gear.reload();
            }}
          />
        </div>
      )}
      {error && <p className="inline-error" role="alert">{error}</p>}
      {gear.status === 'error' && <ErrorBox error={gear.error} onRetry={gear.reload} />}
      {gear.status === 'loading' && !gear.data && <Loading label="Loading gear…" />}
      {gear.data && gear.data.length === 0 && <EmptyState title="No gear yet">Add a bike or a pair of shoes, or import a Strava or Garmin export.</EmptyState>}
      {gear.data && gear.data.length > 0 && (
        <GearTable
          gear={gear.data}
          onEdit={(g) => setEditing(g)}
          onToggleRetired={(g) => void act(() => gearApi.update(g.id, { retired: !g.retired }))}
          onDelete={(g) => {
            if (window.confirm(`Delete ${g.name}? Its activities keep their data but lose the link.`)) void act(() => gearApi.remove(g.id));
          }}
        />
      )}
    </section>
  );
}
