/** Activity page: download the activity as GPX, TCX, CSV of samples or GeoJSON (issue 16). */
import { apiUrl } from '../../lib/api-client';
import '../backup/backup.css';

const FORMATS = [
  { format: 'gpx', label: 'GPX', hint: 'track with heart rate, cadence, power, temperature' },
  { format: 'tcx', label: 'TCX', hint: 'laps and samples' },
  { format: 'csv', label: 'CSV', hint: 'every sample, one column per channel' },
  { format: 'geojson', label: 'GeoJSON', hint: 'the track for GIS tools' },
] as const;

export function ExportMenu({ id }: { id: string }) {
  return (
    <details className="export-menu" data-testid="export-menu">
      <summary className="btn">Export</summary>
      <ul>
        {FORMATS.map((f) => (
          <li key={f.format}>
            <a href={apiUrl(`/activities/${encodeURIComponent(id)}/export/${f.format}`)} download title={f.hint} data-testid={`export-${f.format}`}>
              {f.label} <span className="muted small">{f.hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
