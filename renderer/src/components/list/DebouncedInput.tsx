import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

const ANY = () => true;

/**
 * An input that reports its value after the typing pauses (default 400 ms): each keystroke of a
 * search, or each year digit Chrome's date input emits (0002, 0020, 0202, 2024), would otherwise
 * fire a query. `valid` says which drafts are worth sending (a complete date, a number).
 */
export function DebouncedInput({
  value,
  onCommit,
  delayMs = 400,
  valid = ANY,
  ...rest
}: { value: string; onCommit: (v: string) => void; delayMs?: number; valid?: (v: string) => boolean } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  // The latest callbacks without restarting the pause whenever the parent renders.
  const commit = useRef(onCommit);
  commit.current = onCommit;
  const ok = useRef(valid);
  ok.current = valid;
  useEffect(() => {
    if (draft === value || !(draft === '' || ok.current(draft))) return;
    const t = setTimeout(() => commit.current(draft), delayMs);
    return () => clearTimeout(t);
  }, [draft, value, delayMs]);
  return (
    <input
      {...rest}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        // Enter sends at once (no waiting for the pause).
        if (e.key === 'Enter' && draft !== value && (draft === '' || valid(draft))) onCommit(draft);
        rest.onKeyDown?.(e);
      }}
    />
  );
}

export const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
export const isNonNegativeNumber = (v: string) => /^\s*\d+([.,]\d*)?\s*$/.test(v);
