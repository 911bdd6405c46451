/** Dates are stored as ISO-8601 UTC and shown in the viewer's locale and zone. */
const dateFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function valid(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(iso: string): string {
  const d = valid(iso);
  return d ? dateFmt.format(d) : iso;
}
export function formatTime(iso: string): string {
  const d = valid(iso);
  return d ? timeFmt.format(d) : '';
}
export function formatDateTime(iso: string): string {
  const d = valid(iso);
  return d ? fullFmt.format(d) : iso;
}

/** An activity's start as its own clock showed it (issue 13 §2), not the viewer's zone. */
export interface LocalClock {
  startTime: string;
  utcOffsetS?: number | null;
  timeZone?: string | null;
}

const utcDateFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const utcTimeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const utcFullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });

/** The wall clock at the activity's offset, as a Date whose UTC fields are that local time. */
function wallClock(a: LocalClock, iso = a.startTime): Date | null {
  const d = valid(iso);
  if (!d || a.utcOffsetS === null || a.utcOffsetS === undefined) return null;
  return new Date(d.getTime() + a.utcOffsetS * 1000);
}

/** "EDT", "GMT+9" (the zone's own short name when known), else "UTC−04:00". */
export function zoneLabel(a: LocalClock, iso = a.startTime): string {
  if (a.utcOffsetS === null || a.utcOffsetS === undefined) return '';
  if (a.timeZone) {
    try {
      const part = new Intl.DateTimeFormat('en-US', { timeZone: a.timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName');
      if (part) return part.value;
    } catch {
      // unknown zone in this browser: fall through to the offset
    }
  }
  const abs = Math.abs(a.utcOffsetS);
  return `UTC${a.utcOffsetS < 0 ? '−' : '+'}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
}

export function formatActivityDate(a: LocalClock, iso = a.startTime): string {
  const w = wallClock(a, iso);
  return w ? utcDateFmt.format(w) : formatDate(iso);
}
export function formatActivityTime(a: LocalClock, iso = a.startTime): string {
  const w = wallClock(a, iso);
  return w ? utcTimeFmt.format(w) : formatTime(iso);
}
export function formatActivityDateTime(a: LocalClock, iso = a.startTime): string {
  const w = wallClock(a, iso);
  return w ? `${utcFullFmt.format(w)} ${zoneLabel(a, iso)}` : formatDateTime(iso);
}
