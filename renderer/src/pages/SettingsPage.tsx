import { useConfig } from '../hooks/use-config';
import { ApiKeysSettings } from '../components/health/ApiKeysSettings';
import { TimeZoneSettings } from '../components/settings/TimeZoneSettings';
import { AthleteDataSettings, BackupsSettings } from '../components/backup/BackupsSettings';
import { useAuth } from '../components/account/AuthGate';
import { SourcesSettings } from '../components/sources/SourcesSettings';
import { SchedulesSettings } from '../components/jobs/SchedulesSettings';
import { NotificationsSettings } from '../components/notifications/NotificationsSettings';
import { LiveSettings } from '../components/live/LiveSettings';
import { AccountSettingsCard } from '../components/account/AccountSettingsCard';
import { useUnits } from '../hooks/use-units';
import { formatDistance, formatElevation, formatPace, formatSpeed, formatTemperature, type UnitSystem } from '../units';

const OPTIONS: { value: UnitSystem; label: string }[] = [
  { value: 'metric', label: 'Metric' },
  { value: 'imperial', label: 'Imperial' },
];

export function SettingsPage() {
  const { units, setUnits, saveError } = useUnits();
  const { config } = useConfig();
  const { state: auth } = useAuth();
  const athleteOnServer = auth?.mode === 'server' && auth.account?.role !== 'admin';
  return (
    <section className="page narrow">
      <AccountSettingsCard />
      <h1>Settings</h1>
      <div className="card">
        <fieldset className="units-field">
          <legend className="card-title">Units</legend>
          <div className="segmented large" role="radiogroup" aria-label="Unit system">
            {OPTIONS.map((o) => (
              <label key={o.value} className={units === o.value ? 'checked' : undefined}>
                <input type="radio" name="units" value={o.value} checked={units === o.value} onChange={() => setUnits(o.value)} data-testid={`units-${o.value}`} />
                {o.label}
              </label>
            ))}
          </div>
          <p className="muted small">
            Example: {formatDistance(10_000, units)} · {formatPace(1000 / 300, units)} · {formatSpeed(8.33, units)} · {formatElevation(250, units)} ·{' '}
            {formatTemperature(21, units)}. Saved to your athlete profile on the server, so every browser you use shows the same.
          </p>
          {saveError && <p className="state state-error" role="alert" data-testid="units-save-error">Not saved: {saveError}</p>}
        </fieldset>
      </div>
      <TimeZoneSettings />
      <div className="card settings-link-card">
        <div>
          <h2 className="card-title">Thresholds</h2>
          <p className="muted small">FTP, threshold and max heart rate, threshold pace and weight, each with the date it applies from. They set zones, TSS and training load.</p>
        </div>
        <a className="btn" href="#/settings/thresholds" data-testid="thresholds-link">Edit thresholds →</a>
      </div>
      <ApiKeysSettings />
      <LiveSettings />
      <SourcesSettings />
      {athleteOnServer ? <AthleteDataSettings /> : <BackupsSettings />}
      <SchedulesSettings />
      <NotificationsSettings />
      {config && (
        <div className="card">
          <h2 className="card-title">Server</h2>
          <dl className="kv">
            <div><dt>Version</dt><dd>{config.version}</dd></div>
            <div><dt>Database</dt><dd>{config.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}</dd></div>
            <div><dt>Upload limit</dt><dd>{Math.round(config.maxUploadBytes / 1024 / 1024)} MB per file</dd></div>
            <div><dt>Map tiles</dt><dd className="mono break">{config.tileUrl || 'none'}</dd></div>
          </dl>
        </div>
      )}
    </section>
  );
}
