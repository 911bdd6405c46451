/**
 * Settings → Notifications (issue 18): which events notify (per kind), where (webhook, ntfy,
 * Gotify, this desktop), the "recent" window that keeps an imported history quiet, the last
 * delivery error per channel, and a "Send test" button.
 */
import { useEffect, useRef, useState } from 'react';
import { NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind, type NotificationSettingsPatch, type NotificationsDto, type NotificationTestResultDto } from '../../../../shared/notifications-api.js';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { notificationsApi } from '../../lib/notifications-client';
import { ErrorBox } from '../States';

const KIND_LABEL: Record<NotificationKind, string> = {
  'new-records': 'New records',
  insights: 'Insights (resting HR, HRV, training load)',
  'job-failures': 'Failed imports and recomputes',
  'sync-failures': 'Failed watch and Garmin Connect syncs',
  'backup-failures': 'Failed backups',
};

const PUSH: { id: Exclude<NotificationChannel, 'desktop'>; label: string; urlHint: string; tokenLabel: string | null }[] = [
  { id: 'webhook', label: 'Webhook (JSON POST)', urlHint: 'https://example.com/hooks/milevault', tokenLabel: null },
  { id: 'ntfy', label: 'ntfy', urlHint: 'https://ntfy.sh/your-topic', tokenLabel: 'Access token (optional)' },
  { id: 'gotify', label: 'Gotify', urlHint: 'https://gotify.example.com', tokenLabel: 'Application token' },
];

const when = (s: string | null) => (s ? new Date(s).toLocaleString() : '—');

export function NotificationsSettings() {
  const state = useAsync((signal) => notificationsApi.get(signal), []);
  const [dto, setDto] = useState<NotificationsDto | null>(null);
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [tokens, setTokens] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<NotificationTestResultDto | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!state.data) return;
    setDto(state.data);
    setUrls(Object.fromEntries(PUSH.map((p) => [p.id, state.data!.settings.channels[p.id].url])));
  }, [state.data]);

  // Saves run one after another (a URL saved on blur, then the click that switches it on), each
  // shown at once: a click is never lost to a save in flight.
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const seq = useRef(0);
  const save = (patch: NotificationSettingsPatch) => {
    setError(null);
    setDto((d) =>
      d && {
        ...d,
        settings: {
          ...d.settings,
          kinds: { ...d.settings.kinds, ...patch.kinds },
          channels: Object.fromEntries(Object.entries(d.settings.channels).map(([c, v]) => [c, { ...v, ...(patch.channels?.[c as NotificationChannel]?.enabled !== undefined ? { enabled: patch.channels[c as NotificationChannel]!.enabled! } : {}) }])) as NotificationsDto['settings']['channels'],
        },
      },
    );
    const mine = ++seq.current;
    const run = chain.current.then(async () => {
      try {
        const saved = await notificationsApi.save(patch);
        // A later save's optimistic state is not overwritten by this earlier answer.
        if (mine === seq.current) setDto(saved);
        setTokens({});
      } catch (e) {
        setError(errorMessage(e));
        const fresh = await notificationsApi.get().catch(() => null);
        if (fresh) setDto(fresh);
      }
    });
    chain.current = run;
    return run;
  };
  const sendTest = async () => {
    setError(null);
    setTest(null);
    setBusy(true);
    try {
      await chain.current; // the settings just typed are saved first
      setTest(await notificationsApi.test());
      setDto(await notificationsApi.get());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (state.error) return <div className="card"><h2 className="card-title">Notifications</h2><ErrorBox error={errorMessage(state.error)} /></div>;
  if (!dto) return <div className="card"><h2 className="card-title">Notifications</h2><p className="muted small">Loading…</p></div>;
  const s = dto.settings;
  return (
    <div className="card notify-settings" data-testid="notifications-settings">
      <h2 className="card-title">Notifications</h2>
      {error && <ErrorBox error={error} />}
      <fieldset>
        <legend className="small">What notifies</legend>
        {NOTIFICATION_KINDS.map((k) => (
          <label key={k} className="checkbox-row" style={{ display: 'block' }}>
            <input type="checkbox" checked={s.kinds[k]} onChange={(e) => void save({ kinds: { [k]: e.target.checked } })} data-testid={`notify-kind-${k}`} /> {KIND_LABEL[k]}
          </label>
        ))}
        <label className="checkbox-row" style={{ display: 'block', marginTop: '0.5em' }}>
          Only events of the last{' '}
          <input type="number" min={0} max={365} style={{ width: '5em' }} defaultValue={s.recentDays} onBlur={(e) => Number(e.target.value) !== s.recentDays && void save({ recentDays: Math.max(0, Math.min(365, Math.round(Number(e.target.value) || 0))) })} data-testid="notify-recent-days" />{' '}
          days (an imported history makes one summary, never a push per activity)
        </label>
      </fieldset>
      <table className="table">
        <thead><tr><th>Where</th><th>On</th><th>Address</th><th>Last delivery</th></tr></thead>
        <tbody>
          {PUSH.map((p) => {
            const st = dto.status[p.id];
            return (
              <tr key={p.id}>
                <td>{p.label}</td>
                <td><input type="checkbox" aria-label={`${p.label} on`} checked={s.channels[p.id].enabled} onChange={(e) => void save({ channels: { [p.id]: { enabled: e.target.checked, url: urls[p.id] ?? '', ...(tokens[p.id] ? { token: tokens[p.id] } : {}) } } })} data-testid={`notify-${p.id}-enabled`} /></td>
                <td>
                  <input type="url" className="input" placeholder={p.urlHint} value={urls[p.id] ?? ''} onChange={(e) => setUrls({ ...urls, [p.id]: e.target.value })} onBlur={() => urls[p.id] !== s.channels[p.id].url && void save({ channels: { [p.id]: { url: urls[p.id] ?? '' } } })} aria-label={`${p.label} URL`} data-testid={`notify-${p.id}-url`} />
                  {p.tokenLabel && (
                    <input type="password" className="input" placeholder={s.channels[p.id].tokenSet ? 'token saved (type to replace)' : p.tokenLabel} value={tokens[p.id] ?? ''} onChange={(e) => setTokens({ ...tokens, [p.id]: e.target.value })} onBlur={() => tokens[p.id] && void save({ channels: { [p.id]: { token: tokens[p.id] } } })} aria-label={p.tokenLabel} data-testid={`notify-${p.id}-token`} />
                  )}
                </td>
                <td className="small">{st.lastError ? <span className="state-error">{st.lastError} ({when(st.lastErrorAt)})</span> : st.lastSuccessAt ? `sent ${when(st.lastSuccessAt)}` : '—'}</td>
              </tr>
            );
          })}
          <tr>
            <td>This desktop / browser tab</td>
            <td><input type="checkbox" aria-label="Desktop notifications on" checked={s.channels.desktop.enabled} onChange={(e) => void save({ channels: { desktop: { enabled: e.target.checked } } })} data-testid="notify-desktop-enabled" /></td>
            <td className="muted small">The desktop app shows a system notification.</td>
            <td className="small">{dto.status.desktop.lastSuccessAt ? `sent ${when(dto.status.desktop.lastSuccessAt)}` : '—'}</td>
          </tr>
        </tbody>
      </table>
      <button className="btn" disabled={busy} onClick={() => void sendTest()} data-testid="notify-test">Send test</button>
      {test && (
        <ul className="small" data-testid="notify-test-results">
          {test.results.map((r) => (
            <li key={r.channel}>{r.channel}: {r.ok ? `delivered${r.status ? ` (HTTP ${r.status})` : ''}` : `not delivered: ${r.error}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
