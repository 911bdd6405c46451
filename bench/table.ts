/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: Record<string, string | number>[]) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const fmt = (v: string | number) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)) : v);
  const cells = rows.map((r) => cols.map((c) => String(fmt(r[c] ?? ''))));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  console.log(`\n## ${title}\n`);
  console.log(`| ${cols.map((c, i) => c.padEnd(width[i])).join(' | ')} |`);
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells) console.log(`| ${r.map((v, i) => (i === 0 ? v.padEnd(width[i]) : v.padStart(width[i]))).join(' | ')} |`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
