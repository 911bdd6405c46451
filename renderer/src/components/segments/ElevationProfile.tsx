import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UnitSystem } from '../../units';
import { distanceIn, distanceUnit, elevationIn, elevationUnit } from '../../units';

/** A segment's elevation over its distance (display units), from one effort's altitude. */
export function ElevationProfile({ points, units }: { points: [number, number][]; units: UnitSystem }) {
  const rows = points.map(([d, a]) => ({ d: distanceIn(d, units), a: elevationIn(a, units) }));
  const du = distanceUnit(units);
  const eu = elevationUnit(units);
  return (
    <div className="chart" data-testid="segment-profile" style={{ width: '100%', height: 200 }}>
      <ResponsiveContainer>
        <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="d" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toFixed(v < 10 ? 1 : 0)} unit={` ${du}`} minTickGap={24} />
          <YAxis dataKey="a" domain={['auto', 'auto']} unit={` ${eu}`} width={64} tickFormatter={(v: number) => String(Math.round(v))} />
          <Tooltip labelFormatter={(v) => `${Number(v).toFixed(2)} ${du}`} formatter={(v) => [`${Math.round(Number(v))} ${eu}`, 'Elevation']} />
          <Area type="monotone" dataKey="a" stroke="#7048e8" fill="#7048e8" fillOpacity={0.18} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
