/**
 * Hash routes of the analysis pages (records, fitness, calendar, settings → thresholds).
 * Kept apart from hooks/use-route.ts so the analysis pages plug into the shell with a two-line edit
 * of App.tsx; parseHash still owns every other route and answers `not-found` for these.
 */
export type AnalysisRoute =
  | { page: 'records'; query: URLSearchParams }
  | { page: 'fitness'; query: URLSearchParams }
  | { page: 'calendar'; query: URLSearchParams }
  | { page: 'thresholds'; query: URLSearchParams };

export type AnalysisPage = AnalysisRoute['page'];

export function parseAnalysisHash(hash: string): AnalysisRoute | null {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', qs = ''] = raw.split('?', 2);
  const query = new URLSearchParams(qs);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'records') return { page: 'records', query };
  if (parts.length === 1 && parts[0] === 'fitness') return { page: 'fitness', query };
  if (parts.length === 1 && parts[0] === 'calendar') return { page: 'calendar', query };
  if (parts.length === 2 && parts[0] === 'settings' && parts[1] === 'thresholds') return { page: 'thresholds', query };
  return null;
}
