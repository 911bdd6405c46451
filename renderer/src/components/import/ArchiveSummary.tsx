import type { ImportFileDto } from '../../../../shared/api.js';

const STATUSES = ['imported', 'duplicate', 'skipped', 'failed'] as const;

interface Group {
  archive: string;
  counts: Record<(typeof STATUSES)[number] | 'pending', number>;
  reasons: { status: string; reason: string; n: number }[];
}

/** Member rows (`export.zip › activities/1.fit`) grouped by archive, with reasons counted. */
export function summarizeArchives(files: ImportFileDto[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of files) {
    const cut = f.name.indexOf(' › ');
    if (cut < 0) continue;
    const archive = f.name.slice(0, cut);
    const g = groups.get(archive) ?? { archive, counts: { imported: 0, duplicate: 0, skipped: 0, failed: 0, pending: 0 }, reasons: [] };
    g.counts[f.status]++;
    if ((f.status === 'skipped' || f.status === 'failed') && f.error) {
      const r = g.reasons.find((x) => x.status === f.status && x.reason === f.error);
      if (r) r.n++;
      else g.reasons.push({ status: f.status, reason: f.error, n: 1 });
    }
    groups.set(archive, g);
  }
  return [...groups.values()];
}

/** The summary table of an archive import: imported, duplicates, skipped and failed with reasons. */
export function ArchiveSummary({ files }: { files: ImportFileDto[] }) {
  const groups = summarizeArchives(files);
  if (!groups.length) return null;
  return (
    <div className="archive-summary" data-testid="archive-summary">
      {groups.map((g) => (
        <table key={g.archive} className="archive-summary-table">
          <caption>{g.archive}</caption>
          <thead>
            <tr>
              {STATUSES.map((s) => <th key={s} className="num">{s}</th>)}
              {g.counts.pending > 0 && <th className="num">waiting</th>}
            </tr>
          </thead>
          <tbody>
            <tr>
              {STATUSES.map((s) => <td key={s} className="num" data-testid={`archive-${s}`}>{g.counts[s]}</td>)}
              {g.counts.pending > 0 && <td className="num">{g.counts.pending}</td>}
            </tr>
            {g.reasons
              .sort((a, b) => b.n - a.n)
              .map((r) => (
                <tr key={`${r.status}:${r.reason}`} className="archive-reason">
                  <td colSpan={4 + (g.counts.pending > 0 ? 1 : 0)}>
                    <span className={`pill pill-${r.status}`}>{r.status}</span> {r.n} × {r.reason}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
