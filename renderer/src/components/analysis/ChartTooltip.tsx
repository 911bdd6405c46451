/** One look for every analysis chart tooltip: a title line and coloured name/value rows. */
import type { ReactNode } from 'react';

export interface TooltipLine {
  name: string;
  value: string;
  color?: string;
}

export function ChartTooltipBox({ title, lines, footer }: { title: ReactNode; lines: TooltipLine[]; footer?: ReactNode }) {
  return (
    <div className="an-tooltip" data-testid="chart-tooltip">
      <div className="an-tooltip-title">{title}</div>
      <dl>
        {lines.map((l) => (
          <div key={l.name}>
            <dt>
              {l.color && <span className="chart-swatch" style={{ background: l.color }} aria-hidden="true" />}
              {l.name}
            </dt>
            <dd>{l.value}</dd>
          </div>
        ))}
      </dl>
      {footer && <div className="an-tooltip-foot">{footer}</div>}
    </div>
  );
}

/** Axis tick style shared with ActivityCharts. */
export const AXIS_TICK = { fontSize: 11, fill: 'var(--muted)' } as const;
