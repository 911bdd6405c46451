/**
 * Settings → Sources (issue 18): watched folders (add/remove, per-file counts), the Garmin watch
 * over USB (model, serial, last sync, files pending; MTP-only devices explained), Garmin Connect.
 */
import { useState } from 'react';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { sourcesApi } from '../../lib/sources-client';
import { ErrorBox } from '../States';

const when = (s: string | null) => (s ? new Date(s).toLocaleString() : 'never');

export function SourcesSettings() {
  const folders = useAsync((signal) => sourcesApi.folders(signal), []);
  const usb = useAsync((signal) => sourcesApi.usb(signal), []);
  const garmin = useAsync((signal) => sourcesApi.garmin(signal), []);
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<'auto' | 'poll'>('auto');
  const [user, setUser] = useState('');
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>, reload: () => void) => {
    setError(null);
    try {
      await fn();
      reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="card" data-testid="sources-settings">
      <h2 className="card-title">Sources</h2>
      {error && <ErrorBox error={error} />}
      <h3>Watched folders</h3>
      <p className="muted small">New FIT, GPX, TCX and zip files in these folders are imported once they stop changing.</p>
      <ul>
        {folders.data?.items.map((f) => (
          <li key={f.id}>
            <span className="mono">{f.path}</span> — {f.usingEvents ? 'file events' : `scanned every ${f.pollIntervalS} s`}; {Object.entries(f.counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing yet'}
            {f.note && <span className="muted small"> ({f.note})</span>}{' '}
            {f.origin === 'settings' && <button className="btn" onClick={() => act(() => sourcesApi.removeFolder(f.id), folders.reload)}>Remove</button>}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => { e.preventDefault(); void act(() => sourcesApi.addFolder(path, mode), folders.reload).then(() => setPath('')); }}>
        <input aria-label="Folder path" placeholder="/home/me/Sync/Garmin" value={path} onChange={(e) => setPath(e.target.value)} />
        <select aria-label="Watch mode" value={mode} onChange={(e) => setMode(e.target.value as 'auto' | 'poll')}>
          <option value="auto">file events</option>
          <option value="poll">polling (network share)</option>
        </select>
        <button className="btn" type="submit" disabled={!path}>Add folder</button>
      </form>
      <h3>Garmin watch over USB</h3>
      {usb.data && !usb.data.devices.length && !usb.data.mtpOnly.length && <p className="muted small">No Garmin connected as a drive.</p>}
      {usb.data?.devices.map((d) => (
        <p key={d.id}>
          <strong>{d.model ?? 'Garmin'}</strong> (serial {d.serial ?? 'unknown'}) — last sync {when(d.lastSyncAt)}; pending {d.pending.activity} activities, {d.pending.wellness} wellness files{' '}
          <button className="btn" onClick={() => act(() => sourcesApi.syncUsb(d.id), usb.reload)}>Sync now</button>
        </p>
      ))}
      {usb.data?.mtpOnly.map((m, i) => <p key={i} className="state-error">{m.product ?? 'A Garmin device'}: {m.message}</p>)}
      <h3>Garmin Connect (optional)</h3>
      {garmin.data?.connected ? (
        <p>
          Signed in; {garmin.data.status}, last sync {when(garmin.data.lastSyncAt)}, next {when(garmin.data.nextSyncAt)}.
          {garmin.data.lastError && <span className="state-error"> Last error: {garmin.data.lastError}</span>}{' '}
          <button className="btn" onClick={() => act(() => sourcesApi.garminSync(), garmin.reload)}>Sync now</button>{' '}
          <button className="btn" onClick={() => act(() => sourcesApi.garminDisconnect(), garmin.reload)}>Sign out</button>
        </p>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void act(() => sourcesApi.garminConnect(user, pass), garmin.reload).then(() => setPass('')); }}>
          <p className="muted small">Off by default. Your password is used once to sign in; only the tokens are kept, encrypted.</p>
          <input aria-label="Garmin e-mail" value={user} onChange={(e) => setUser(e.target.value)} placeholder="e-mail" />
          <input aria-label="Garmin password" type="password" value={pass} onChange={(e) => setPass(e.target.value)} placeholder="password" />
          <button className="btn" type="submit" disabled={!user || !pass}>Sign in</button>
          {garmin.data?.lastError && <p className="state-error">{garmin.data.lastError}</p>}
        </form>
      )}
    </div>
  );
}
