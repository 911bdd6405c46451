import './import.css';

/** How many warnings a result row shows as text; the rest fold behind "N more" (still text, not a tooltip). */
const SHOWN = 3;

/**
 * A file's import warnings written out under its result row (issue 17: a hover title is invisible
 * on a phone and to screen readers, and nobody hovers 500 rows).
 */
export function FileWarnings({ warnings }: { warnings: string[] }) {
  const head = warnings.slice(0, SHOWN);
  const rest = warnings.slice(SHOWN);
  return (
    <div className="result-warnings" data-testid="import-warnings">
      <ul>
        {head.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>{rest.length} more warning{rest.length === 1 ? '' : 's'}</summary>
          <ul>
            {rest.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
