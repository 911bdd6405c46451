/** A one-line progress bar for terminals: `[██████░░░░] 12/40  30%  file.fit`. */
export function renderBar(done: number, total: number, label: string, width = 28, columns = 100): string {
  const ratio = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const head = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${String(Math.round(ratio * 100)).padStart(3)}%`;
  const room = Math.max(0, columns - head.length - 2);
  const tail = label.length > room ? `…${label.slice(label.length - room + 1)}` : label;
  return `${head}  ${tail}`;
}
