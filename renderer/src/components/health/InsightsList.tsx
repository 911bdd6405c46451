/** Insights with their evidence date and a dismiss button. */
import { useState } from 'react';
import type { InsightDto } from '../../../../shared/health.js';
import { errorMessage } from '../../lib/api-client';
import { healthApi } from '../../lib/health-client';

export function InsightsList({ items, onChange }: { items: InsightDto[]; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (!items.length) return <p className="muted small">No open insights. They appear here when your resting HR, HRV or training load moves out of your normal range, or you set a record.</p>;
  return (
    <ul className="health-insights" data-testid="insights-list">
      {error && <li className="state state-error">{error}</li>}
      {items.map((i) => (
        <li key={i.id} className={`health-insight sev-${i.severity}`}>
          <div>
            <strong>{i.title}</strong> <span className="muted small">{i.date}</span>
            <p className="small">{i.message}</p>
          </div>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-label={`Dismiss: ${i.title}`}
            onClick={() => healthApi.dismissInsight(i.id).then(onChange, (e: unknown) => setError(errorMessage(e)))}
          >
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
