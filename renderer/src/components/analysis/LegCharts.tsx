/**
 * One multisport leg's time series in its own sport's units (issue 13 §5): the swim's pace per
 * 100 m, the ride's speed, the run's pace per km, with heart rate, power, cadence and elevation
 * of that leg only. Its own crosshair; the event's charts stay at the top of the page.
 */
import { useMemo, useState } from 'react';
import type { StreamsDto } from '../../../../shared/api.js';
import { useUnits } from '../../hooks/use-units';
import { buildChartSeries } from '../../lib/chart-data';
import { sliceStreamsDto } from '../../lib/leg-streams';
import { ActivityCharts } from '../ActivityCharts';
import { createCursorStore } from '../activity/cursor-store';
import type { IndexRange } from '../../lib/chart-selection';

export function LegCharts({ streams, sport, fromS, toS }: { streams: StreamsDto; sport: string; fromS: number; toS: number }) {
  const { units } = useUnits();
  const [cursor] = useState(createCursorStore);
  const [selection, setSelection] = useState<IndexRange | null>(null);
  const series = useMemo(() => {
    const leg = sliceStreamsDto(streams, fromS, toS);
    return leg.timeS.length > 1 ? buildChartSeries(leg, sport, units) : null;
  }, [streams, sport, fromS, toS, units]);
  if (!series) return <p className="muted">No samples recorded in this leg.</p>;
  return (
    <div data-testid="leg-charts">
      <ActivityCharts series={series} cursor={cursor} selection={selection} onSelect={setSelection} zoom={null} />
    </div>
  );
}
