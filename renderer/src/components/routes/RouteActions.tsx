import { useState } from 'react';
import type { RouteDetailDto } from '../../../../shared/routes-api.js';
import { navigate } from '../../hooks/use-route';
import { routesApi } from '../../lib/routes-client';
import { MergePicker } from './MergePicker';

/** Rename, merge another route into this one, split the selected activities out. */
export function RouteActions({ route, selected, onChanged }: { route: RouteDetailDto; selected: string[]; onChanged: (r: RouteDetailDto) => void }) {
  const [name, setName] = useState(route.name);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (f: () => Promise<void>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="route-actions">
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void run(async () => onChanged(await routesApi.rename(route.id, name))); }}>
        <label>Name <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Route name" /></label>
        <button className="btn" type="submit" disabled={!name.trim() || name === route.name}>Rename</button>
      </form>
      <MergePicker key={`${route.id}-${route.activityCount}`} route={route} value={other} onChange={setOther} onMerge={() => void run(async () => onChanged(await routesApi.merge(route.id, other)))} />
      <button
        className="btn"
        type="button"
        disabled={!selected.length || selected.length >= route.activityCount}
        onClick={() => void run(async () => navigate(`#/routes/${encodeURIComponent((await routesApi.split(route.id, selected)).id)}`))}
      >
        Split {selected.length || ''} selected into a new route
      </button>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
