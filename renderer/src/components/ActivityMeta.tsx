/** Device, file and extra data of an activity: sessions (multisport), developer fields, swim lengths. */
import type { ActivityDetailDto } from '../../../shared/api.js';
import { useUnits } from '../hooks/use-units';
import { formatActivityDateTime } from '../lib/dates';
import { sportInfo } from '../lib/sports';
import { formatDistance, formatDuration } from '../units';

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function ActivityMeta({ a }: { a: ActivityDetailDto }) {
  const { units } = useUnits();
  const d = a.device;
  const rows: [string, string | null][] = [
    ['Manufacturer', d?.manufacturer ?? null],
    ['Product', d?.product ?? null],
    ['Serial number', d?.serialNumber ?? null],
    ['Software', d?.softwareVersion ?? null],
  ];
  const deviceRows = rows.filter((r): r is [string, string] => !!r[1]);
  const activeLengths = a.lengths.filter((l) => l.lengthType !== 'idle').length;

  return (
    <div className="meta-grid">
      <section className="card" aria-labelledby="device-h" data-testid="device-info">
        <h2 id="device-h" className="card-title">Device</h2>
        {deviceRows.length ? (
          <dl className="kv">
            {deviceRows.map(([k, v]) => (
              <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
            ))}
          </dl>
        ) : (
          <p className="muted">The file does not say which device recorded it.</p>
        )}
      </section>
      <section className="card" aria-labelledby="file-h">
        <h2 id="file-h" className="card-title">File</h2>
        <dl className="kv">
          <div><dt>Name</dt><dd className="break">{a.original.fileName}</dd></div>
          <div><dt>Format</dt><dd>{a.format.toUpperCase()} · {kb(a.original.sizeBytes)}</dd></div>
          <div><dt>Samples</dt><dd>{a.sampleCount.toLocaleString()}</dd></div>
          <div><dt>SHA-256</dt><dd className="mono break" title={a.original.sha256}>{a.original.sha256.slice(0, 16)}…</dd></div>
          {activeLengths > 0 && <div><dt>Pool lengths</dt><dd>{activeLengths}</dd></div>}
        </dl>
      </section>
      {a.sessions.length > 1 && (
        <section className="card" aria-labelledby="sessions-h">
          <h2 id="sessions-h" className="card-title">Sessions</h2>
          <ol className="plain-list">
            {a.sessions.map((s) => (
              <li key={s.index}>
                <strong>{sportInfo(s.sport).label}</strong> · {formatActivityDateTime(a, s.startTime)} · {formatDistance(s.distanceM, units)} · {formatDuration(s.timerTimeS ?? s.elapsedTimeS)}
              </li>
            ))}
          </ol>
        </section>
      )}
      {a.developerFields.length > 0 && (
        <section className="card" aria-labelledby="dev-h">
          <h2 id="dev-h" className="card-title">Extra data fields</h2>
          <ul className="chips">
            {a.developerFields.map((f) => (
              <li key={f.key} className="chip">{f.name}{f.units ? ` (${f.units})` : ''}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
