/** RFC 4180 cells: quoted when they hold a comma, quote or line break; non-finite numbers empty. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const t = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\n`;
