import { makeFitActivity, expectedFitTotals } from '../tests/helpers/fit-fixture.ts';
import { parseFit } from '../server/ingest/fit/fit.parser.ts';
import FitParser from 'fit-file-parser';
const cases: any[] = [{}, { compressedTimestamps: true, durationS: 100 }, { hrMessages: 'chained', durationS: 100 }, { hrMessages: 'inline', durationS: 100 }, { developerField: true, durationS: 50 }, { multisport: [{ sport: 'cycling', durationS: 600 }, { sport: 'running', durationS: 300 }], laps: 2 }, { truncateAt: 3000, durationS: 300 }, { bigEndian: true, durationS: 60 }, { relativeTimestamps: true, durationS: 60 }, {omitSession: true, omitLaps: true, durationS: 60}, {summaryFirst: true, durationS: 60, laps: 3}, {chained: 'activity', durationS: 60}, {chained: 'settings', durationS: 60}, {headerSize: 12, durationS: 30}, {badCrc: true, durationS: 30}];
for (const c of cases) {
  const b = makeFitActivity(c);
  const r = parseFit(b);
  const e = expectedFitTotals(c);
  if (r.kind !== 'activities') { console.log(JSON.stringify(c), r); continue; }
  const a = r.activities[0];
  const hr = a.streams.channels.hrBpm;
  console.log(JSON.stringify(c), 'acts', r.activities.length, a.startTime, a.sport, 'n', a.streams.timeS.length, '/', e.samples, 'd', a.summary.distanceM, '/', e.distanceM, 'tt', a.summary.timerTimeS, '/', e.timerTimeS, 'asc', a.summary.ascentM, '/', e.ascentM, 'hr', a.summary.avgHrBpm, hr ? hr.filter(x=>x!==null).length : 0, 'S', a.sessions.map(s=>`${s.sport}:${s.firstLapIndex}+${s.numLaps}:${s.distanceM}`).join(' '), 'L', a.laps.length, 'speed0', a.streams.channels.speedMps?.[5], 'dev', JSON.stringify(a.streams.developer.map(d=>({...d, values: d.values.slice(0,2)}))), a.warnings.join('|'));
}
const p = new FitParser({ force: true });
p.parse(makeFitActivity({durationS: 20}) as any, (err: any, d: any) => console.log('fit-file-parser', err, d?.records?.length, d?.sessions?.[0]?.total_distance, d?.records?.[3]));
