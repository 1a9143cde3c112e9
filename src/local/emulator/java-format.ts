/**
 * Apps Script's formatting helpers are Java underneath, so they follow Java's rules, not Node's:
 * Utilities.formatDate is java.text.SimpleDateFormat and Utilities.formatString / Logger.log(format, …)
 * are java.lang.String.format.
 * https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)
 * https://developers.google.com/apps-script/reference/utilities/utilities#formatString(String,Object...)
 * https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html
 * https://docs.oracle.com/javase/8/docs/api/java/util/Formatter.html
 * Errors carry Java's exception messages, which Apps Script passes on.
 */
import { utcWallClock, wallClock } from './time-zone';

export class JavaFormatError extends Error {}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const PATTERN_LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';
const LONG_NAMES: Record<string, string> = { UTC: 'Coordinated Universal Time', GMT: 'Greenwich Mean Time', UT: 'Universal Time' };

const pad = (n: number, len: number): string => (n < 0 ? '-' + String(-n).padStart(len, '0') : String(n).padStart(len, '0'));

/**
 * Java's TimeZone.getTimeZone: region ids and custom ids "GMT+h", "GMT+hh:mm"; anything else is
 * GMT ("the GMT zone if the given ID cannot be understood").
 */
function resolveZone(id: string): { intl?: string; fixedMinutes?: number; custom?: string } {
  const custom = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(id);
  if (custom) {
    const minutes = (Number(custom[2]) * 60 + Number(custom[3] ?? 0)) * (custom[1] === '-' ? -1 : 1);
    const a = Math.abs(minutes);
    return { fixedMinutes: minutes, custom: `GMT${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}` };
  }
  if (id === 'GMT' || id === 'UTC' || id === 'UT' || id === 'Z') return { intl: 'UTC', custom: id === 'Z' ? 'GMT' : id };
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: id });
    return { intl: id };
  } catch {
    return { fixedMinutes: 0, custom: 'GMT' };
  }
}

function zoneName(time: number, zone: string, style: 'short' | 'long'): string | undefined {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: style })
    .formatToParts(new Date(time))
    .find((p) => p.type === 'timeZoneName');
  return part?.value;
}

/** Week-based fields with java.util's US defaults: weeks start on Sunday; week 1 holds January 1. */
function weekFields(year: number, month: number, day: number): { weekYear: number; weekOfYear: number; weekOfMonth: number } {
  const dayNumber = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / 86400000);
  const sundayOnOrBefore = (n: number) => n - ((((n + 4) % 7) + 7) % 7); // 1970-01-01 was a Thursday
  const today = dayNumber(year, month, day);
  const weekStart = sundayOnOrBefore(today);
  const nextJan1 = dayNumber(year + 1, 1, 1);
  let weekYear = year;
  if (sundayOnOrBefore(nextJan1) <= today) weekYear = year + 1;
  const firstWeek = sundayOnOrBefore(dayNumber(weekYear, 1, 1));
  const weekOfYear = Math.floor((weekStart - firstWeek) / 7) + 1;
  const weekOfMonth = Math.floor((weekStart - sundayOnOrBefore(dayNumber(year, month, 1))) / 7) + 1;
  return { weekYear, weekOfYear, weekOfMonth };
}

/** java.text.SimpleDateFormat(pattern) with setTimeZone(timeZone), formatting `time`. */
export function simpleDateFormat(time: number, timeZoneId: string, pattern: string): string {
  const zone = resolveZone(timeZoneId);
  const ms = ((time % 1000) + 1000) % 1000;
  let offsetMin: number;
  let w;
  if (zone.intl) {
    w = wallClock(time, zone.intl);
    offsetMin = Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (time - ms)) / 60000);
  } else {
    offsetMin = zone.fixedMinutes!;
    w = utcWallClock(new Date(time + offsetMin * 60000));
  }
  const sign = offsetMin < 0 ? '-' : '+';
  const oh = pad(Math.floor(Math.abs(offsetMin) / 60), 2);
  const om = pad(Math.abs(offsetMin) % 60, 2);
  const gmt = `GMT${sign}${oh}:${om}`;
  const dow = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  const dayOfYear = Math.floor((Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86400000) + 1;
  const year = (y: number, n: number) => (n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n));

  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i]!;
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let literal = '';
      for (;;) {
        if (j >= pattern.length) throw new JavaFormatError('Unterminated quote');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j];
        j++;
      }
      out += literal;
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    if (!PATTERN_LETTERS.includes(ch)) throw new JavaFormatError(`Illegal pattern character '${ch}'`);
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'G':
        out += w.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
        out += year(w.year > 0 ? w.year : 1 - w.year, n);
        break;
      case 'Y':
        out += year(weekFields(w.year, w.month, w.day).weekYear, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[w.month - 1]! : n === 3 ? MONTHS[w.month - 1]!.slice(0, 3) : pad(w.month, n);
        break;
      case 'w':
        out += pad(weekFields(w.year, w.month, w.day).weekOfYear, n);
        break;
      case 'W':
        out += pad(weekFields(w.year, w.month, w.day).weekOfMonth, n);
        break;
      case 'D':
        out += pad(dayOfYear, n);
        break;
      case 'd':
        out += pad(w.day, n);
        break;
      case 'F':
        out += pad(Math.floor((w.day - 1) / 7) + 1, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[dow]! : DAYS[dow]!.slice(0, 3);
        break;
      case 'u':
        out += pad(dow === 0 ? 7 : dow, n);
        break;
      case 'a':
        out += w.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(w.hour, n);
        break;
      case 'k':
        out += pad(w.hour === 0 ? 24 : w.hour, n);
        break;
      case 'K':
        out += pad(w.hour % 12, n);
        break;
      case 'h':
        out += pad(w.hour % 12 === 0 ? 12 : w.hour % 12, n);
        break;
      case 'm':
        out += pad(w.minute, n);
        break;
      case 's':
        out += pad(w.second, n);
        break;
      case 'S':
        out += pad(ms, n);
        break;
      case 'z':
        // Java names the zone (EST, Eastern Standard Time); zones without a name print as GMT±hh:mm.
        if (zone.custom) out += n >= 4 ? (LONG_NAMES[zone.custom] ?? zone.custom) : zone.custom;
        else {
          const name = zoneName(time, zone.intl!, n >= 4 ? 'long' : 'short');
          out += name && !/^GMT[+-]/.test(name) ? name : gmt;
        }
        break;
      case 'Z':
        out += `${sign}${oh}${om}`;
        break;
      case 'X':
        if (n > 3) throw new JavaFormatError('invalid ISO 8601 format: length=' + n);
        out += offsetMin === 0 ? 'Z' : n === 1 ? `${sign}${oh}` : n === 2 ? `${sign}${oh}${om}` : `${sign}${oh}:${om}`;
        break;
    }
  }
  return out;
}

const SPECIFIER = /%(\d+\$|<)?([-#+ 0,(]*)(\d+)?(\.\d+)?([tT])?([a-zA-Z%])/g;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function javaTypeName(v: unknown): string {
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'java.lang.Integer' : 'java.lang.Double';
  return 'java.lang.Object';
}

// Not documented: whether %s prints a whole JS number as 5 or as Java's Double 5.0. The emulator
// prints JavaScript's text (5); scripts that care should format numbers with %d or %.Nf.
function javaString(v: unknown): string {
  return v === null || v === undefined ? 'null' : String(v);
}

/** java.lang.String.format(template, args) for the conversions scripts use: s S b B c d o x X e E f g G %, n. */
export function javaStringFormat(template: string, args: readonly unknown[]): string {
  let ordinary = 0;
  let last = -1;
  let out = '';
  let at = 0;
  SPECIFIER.lastIndex = 0;
  for (let m = SPECIFIER.exec(template); m; m = SPECIFIER.exec(template)) {
    const stray = template.slice(at, m.index);
    const loose = stray.indexOf('%');
    if (loose >= 0) throw new JavaFormatError(`Conversion = '${stray[loose + 1] ?? '%'}'`);
    out += stray;
    at = m.index + m[0].length;
    const [spec, index, flags = '', widthText, precisionText, dateFlag, conversion] = m as unknown as string[];
    if (dateFlag) throw new JavaFormatError(`Date/time conversions (%${dateFlag}${conversion}) are not emulated`);
    const width = widthText ? Number(widthText) : undefined;
    const precision = precisionText ? Number(precisionText.slice(1)) : undefined;
    const left = flags.includes('-');
    if (conversion === '%' || conversion === 'n') {
      const text = conversion === '%' ? '%' : '\n';
      out += width && text.length < width ? (left ? text.padEnd(width) : text.padStart(width)) : text;
      continue;
    }
    if (left && width === undefined) throw new JavaFormatError(`Format specifier '${spec}'`);
    let i: number;
    if (index === '<') i = last;
    else if (index) i = Number(index.slice(0, -1)) - 1;
    else i = ordinary++;
    if (i < 0 || i >= args.length) throw new JavaFormatError(`Format specifier '${spec}'`);
    last = i;
    const arg = args[i];
    let text: string;
    const lower = conversion!.toLowerCase();
    const numeric = 'doxXeEfgGaA'.includes(conversion!);
    if (numeric && arg !== null && arg !== undefined && typeof arg !== 'number') {
      throw new JavaFormatError(`${conversion} != ${javaTypeName(arg)}`);
    }
    const n = arg as number;
    switch (lower) {
      case 's':
        text = javaString(arg);
        if (precision !== undefined) text = text.slice(0, precision);
        break;
      case 'b':
        text = arg === null || arg === undefined ? 'false' : typeof arg === 'boolean' ? String(arg) : 'true';
        if (precision !== undefined) text = text.slice(0, precision);
        break;
      case 'c':
        if (typeof arg === 'string' && arg.length === 1) text = arg;
        else if (typeof arg === 'number' && Number.isInteger(arg)) text = String.fromCodePoint(arg);
        else throw new JavaFormatError(`c != ${javaTypeName(arg)}`);
        break;
      case 'd':
      case 'o':
      case 'x': {
        if (arg === null || arg === undefined) {
          text = 'null';
          break;
        }
        if (!Number.isInteger(n)) throw new JavaFormatError(`${conversion} != java.lang.Double`);
        if (precision !== undefined) throw new JavaFormatError(`${precision}`);
        const negative = n < 0;
        let digits =
          lower === 'd'
            ? String(Math.abs(n))
            : lower === 'o'
              ? negative
                ? BigInt.asUintN(32, BigInt(n)).toString(8)
                : n.toString(8)
              : negative
                ? BigInt.asUintN(32, BigInt(n)).toString(16)
                : n.toString(16);
        if (lower === 'd' && flags.includes(',')) digits = groupThousands(digits);
        if (flags.includes('#')) digits = (lower === 'o' ? '0' : lower === 'x' ? '0x' : '') + digits;
        let sign = '';
        if (lower === 'd') {
          if (negative) sign = flags.includes('(') ? '(' : '-';
          else if (flags.includes('+')) sign = '+';
          else if (flags.includes(' ')) sign = ' ';
        }
        const close = negative && lower === 'd' && flags.includes('(') ? ')' : '';
        if (flags.includes('0') && width !== undefined) digits = digits.padStart(width - sign.length - close.length, '0');
        text = sign + digits + close;
        if (conversion === 'X') text = text.toUpperCase();
        break;
      }
      case 'e':
      case 'f':
      case 'g':
      case 'a': {
        if (arg === null || arg === undefined) {
          text = 'null';
          break;
        }
        if (!Number.isFinite(n)) {
          text = Number.isNaN(n)
            ? 'NaN'
            : n > 0
              ? flags.includes('+')
                ? '+Infinity'
                : 'Infinity'
              : flags.includes('(')
                ? '(Infinity)'
                : '-Infinity';
          break;
        }
        const p = precision ?? 6;
        const abs = Math.abs(n);
        let body: string;
        if (lower === 'f') body = abs.toFixed(p);
        else if (lower === 'e') body = abs.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
        else if (lower === 'g') {
          const g = p === 0 ? 1 : p;
          body =
            abs !== 0 && (abs < 1e-4 || abs >= 10 ** g)
              ? abs.toExponential(g - 1).replace(/e([+-])(\d)$/, 'e$10$2')
              : abs.toFixed(Math.max(0, g - 1 - (abs === 0 ? 0 : Math.floor(Math.log10(abs)))));
        } else body = abs.toString(16);
        if (flags.includes(',') && lower !== 'e') {
          const [whole, frac] = body.split('.');
          body = groupThousands(whole!) + (frac !== undefined ? '.' + frac : '');
        }
        const negative = n < 0 || Object.is(n, -0);
        let sign = '';
        if (negative) sign = flags.includes('(') ? '(' : '-';
        else if (flags.includes('+')) sign = '+';
        else if (flags.includes(' ')) sign = ' ';
        const close = negative && flags.includes('(') ? ')' : '';
        if (flags.includes('0') && width !== undefined) body = body.padStart(width - sign.length - close.length, '0');
        text = sign + body + close;
        if (conversion === conversion!.toUpperCase()) text = text.toUpperCase();
        break;
      }
      default:
        throw new JavaFormatError(`Conversion = '${conversion}'`);
    }
    if ((lower === 's' || lower === 'b' || lower === 'c') && conversion === conversion!.toUpperCase()) text = text.toUpperCase();
    if (width !== undefined && text.length < width) text = left ? text.padEnd(width) : text.padStart(width);
    out += text;
  }
  const rest = template.slice(at);
  const loose = rest.indexOf('%');
  if (loose >= 0) throw new JavaFormatError(`Conversion = '${rest[loose + 1] ?? '%'}'`);
  return out + rest;
}
