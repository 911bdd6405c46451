/**
 * Settings → Health Auto Export: create an API key (shown once), see the exact URL and header to
 * paste into the app's REST API automation, revoke keys, and see when each was last used.
 */
import { useState } from 'react';
import type { ApiKeyCreatedDto } from '../../../../shared/health.js';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { healthApi } from '../../lib/health-client';
import { PhoneUrls } from '../settings/PhoneUrls';
import { ErrorBox } from '../States';
import './health.css';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ApiKeysSettings() {
  const keys = useAsync((signal) => healthApi.apiKeys(signal), []);
  const [created, setCreated] = useState<ApiKeyCreatedDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('Health Auto Export');
  const url = new URL('api/v1/ingest/health-auto-export', window.location.href.split('#')[0]).toString();

  return (
    <div className="card" data-testid="api-keys-settings">
      <h2 className="card-title">Apple Health (Health Auto Export)</h2>
      <p className="muted small">
        In Health Auto Export, add an automation of type <strong>REST API</strong>, format <strong>JSON</strong>, and paste the URL and header below.
        Each key belongs to you and can be revoked at any time.
      </p>
      <dl className="api-key-paste">
        <dt>URL</dt>
        <dd><code data-testid="hae-url">{url}</code> <span className="muted small">(this computer; a phone needs one of the addresses below)</span></dd>
        <dt>Header</dt>
        <dd><code>Authorization: Bearer {created ? created.key : '<your key>'}</code> <span className="muted small">(or header <code>api-key</code> with the key)</span></dd>
      </dl>
      <PhoneUrls />
      {created && (
        <div className="api-key-new" role="status" data-testid="api-key-created">
          <strong>Copy this key now: it is not shown again.</strong>
          <p><code data-testid="api-key-value">{created.key}</code></p>
          <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(created.key)}>Copy key</button>{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          healthApi.createApiKey(name).then((k) => (setCreated(k), keys.reload()), (err: unknown) => setError(errorMessage(err)));
        }}
      >
        <label className="small">
          Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} aria-label="Key name" />
        </label>{' '}
        <button type="submit" className="btn btn-primary btn-small" data-testid="api-key-create">Create key</button>
      </form>
      {error && <p className="state state-error">{error}</p>}
      {keys.status === 'error' && <ErrorBox error={keys.error} onRetry={keys.reload} />}
      {keys.data && keys.data.items.length > 0 && (
        <ul className="api-key-list">
          {keys.data.items.map((k) => (
            <li key={k.id}>
              <span>
                <strong>{k.name}</strong>{' '}
                <span className="muted small">
                  created {fmt.format(new Date(k.createdAt))} · {k.revokedAt ? `revoked ${fmt.format(new Date(k.revokedAt))}` : k.lastUsedAt ? `last used ${fmt.format(new Date(k.lastUsedAt))}` : 'never used'}
                </span>
              </span>
              {!k.revokedAt && (
                <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => healthApi.revokeApiKey(k.id).then(keys.reload, (err: unknown) => setError(errorMessage(err)))}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
