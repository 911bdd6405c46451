/**
 * Dates in Strava's activities.csv are UTC wall-clock strings in the export's locale (FORMATS.md §5):
 * English "May 2, 2022, 8:54:21 AM"; others report e.g. "15 mar 2024, 6:45:12" (cs/es), "2 mai 2022,
 * 08:54:21" (fr), "02.05.2022, 08:54:21" (de). Returns epoch ms or null when the shape is unknown.
 */
const MONTHS: Record<string, number> = {};
const NAMES: string[][] = [
  ['jan', 'janv', 'ene', 'gen', 'led', 'januar', 'janeiro', 'enero', 'janvier', 'gennaio', 'jän', 'sty'],
  ['feb', 'févr', 'fevr', 'fév', 'fev', 'úno', 'uno', 'fevereiro', 'febrero', 'février', 'febbraio', 'lut'],
  ['mar', 'mars', 'mär', 'bře', 'bre', 'março', 'marzo', 'märz', 'maart', 'mrt'],
  ['apr', 'avr', 'abr', 'dub', 'avril', 'abril', 'aprile', 'kwi'],
  ['may', 'mai', 'mayo', 'mag', 'kvě', 'kve', 'maio', 'maggio', 'mei', 'maj'],
  ['jun', 'juin', 'giu', 'čer', 'cer', 'junio', 'junho', 'juni', 'giugno', 'cze'],
  ['jul', 'juil', 'lug', 'čvc', 'cvc', 'julio', 'julho', 'juli', 'juillet', 'luglio', 'lip'],
  ['aug', 'août', 'aout', 'ago', 'srp', 'agosto', 'august', 'augustus', 'sie'],
  ['sep', 'sept', 'set', 'zář', 'zar', 'septiembre', 'setembro', 'september', 'septembre', 'settembre', 'wrz'],
  ['oct', 'okt', 'ott', 'out', 'říj', 'rij', 'octubre', 'outubro', 'oktober', 'octobre', 'ottobre', 'paź', 'paz'],
  ['nov', 'lis', 'noviembre', 'novembro', 'november', 'novembre', 'lis'],
  ['dec', 'déc', 'dic', 'dez', 'pro', 'diciembre', 'dezembro', 'dezember', 'décembre', 'dicembre', 'gru'],
];
NAMES.forEach((names, m) => names.forEach((n) => (MONTHS[n] = m)));

function month(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS[w] ?? MONTHS[w.slice(0, 4)] ?? MONTHS[w.slice(0, 3)];
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const ms = Date.UTC(y, mo, d, h, mi, s);
  return Number.isFinite(ms) && mo >= 0 && mo < 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 61 ? ms : null;
}

export function parseStravaDate(raw: string | null | undefined): number | null {
  const t = (raw ?? '').trim().replace(/\u202f|\u00a0/g, ' ');
  if (!t) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})/.exec(t);
  if (m) return utc(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const time = /(\d{1,2}):(\d{2}):(\d{2})\s*([AaPp]\.?\s?[Mm]\.?)?\s*$/.exec(t);
  if (!time) return null;
  let h = +time[1];
  const ampm = time[4]?.toLowerCase().replace(/[.\s]/g, '');
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  const date = t.slice(0, time.index).replace(/[,\s]+$/, '');
  // English: "May 2, 2022"
  m = /^([^\d\s,]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(date);
  if (m && month(m[1]) !== undefined) return utc(+m[3], month(m[1])!, +m[2], h, +time[2], +time[3]);
  // Most other locales: "15 mar 2024", "2 de mayo de 2022", "2. Mai 2022"
  m = /^(\d{1,2})\.?\s+(?:de\s+)?([^\d\s,]+)\.?\s+(?:de\s+)?(\d{4})$/.exec(date);
  if (m && month(m[2]) !== undefined) return utc(+m[3], month(m[2])!, +m[1], h, +time[2], +time[3]);
  // Numeric day-first: "02.05.2022", "2/5/2022"
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(date);
  if (m) return utc(+m[3], +m[2] - 1, +m[1], h, +time[2], +time[3]);
  return null;
}
