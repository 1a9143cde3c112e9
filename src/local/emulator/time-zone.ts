/**
 * Wall-clock conversions in a named time zone. Sheets keeps dates as local wall-clock values of
 * the spreadsheet's time zone, so a typed "1/2/2026" is midnight there, not midnight UTC.
 */
export const DEFAULT_TIME_ZONE = 'America/New_York';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock a Date shows in UTC: for times already shifted to a zone, or stored as wall time. */
export function utcWallClock(d: Date): WallClock {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function wallClock(time: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(time))) parts[p.type] = p.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The instant at which the zone's clocks show the given wall-clock time. */
export function zonedTime(w: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  let guess = asUtc;
  // Two rounds settle the offset, including across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const seen = wallClock(guess, timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    guess += asUtc - seenAsUtc;
  }
  return guess;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO date text (plus the time when it is not midnight) as a user of the sheet would read it. */
export function isoWallText(time: number, timeZone: string): string {
  const w = wallClock(time, timeZone);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  if (w.hour === 0 && w.minute === 0 && w.second === 0) return date;
  return `${date} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
