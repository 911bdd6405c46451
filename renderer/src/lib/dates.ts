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
