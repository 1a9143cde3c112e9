/**
 * How Sheets stores a value written with Range.setValue(s): text is parsed as if a user typed it
 * (USER_ENTERED), unless the cell's number format is plain text ('@'), which keeps it verbatim.
 * https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)
 * https://developers.google.com/sheets/api/guides/formats
 */
import { evaluateFormula } from './formula';
import { isDateValue, type CellValue } from './workbook-model';
import { zonedTime } from './time-zone';

export const TEXT_FORMAT = '@';

export interface CoercedCell {
  value: CellValue;
  formula?: string;
}

const NUMBER = String.raw`(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`;
const PLAIN_NUMBER = new RegExp(`^[+-]?${NUMBER}$`);
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const CURRENCY = /^([+-]?)\$\s*(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)$/;
const NEGATIVE_CURRENCY = /^\$-(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)$/;
const PERCENT = new RegExp(`^([+-]?${NUMBER})\\s*%$`);
// Dates as a US-locale user types them, each with an optional time: 1/2/2024 10:30, 2024-01-02 10:30:00,
// Jan 2, 2024. Which texts Sheets reads as dates is not documented in full; these are the forms a
// user of an en-US spreadsheet sees turn into dates.
const TIME_PART = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?`;
const US_DATE = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?:\s+${TIME_PART})?$`);
const ISO_DATE = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+${TIME_PART})?$`);
// A month and day without a year ("Jan 2") is a date of the current year, as with 1/2.
const MONTH_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?(?:,?\s+${TIME_PART})?$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:,?\s+${TIME_PART})?$`);
const TIME = new RegExp(`^${TIME_PART}$`);
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase();
  const at = MONTH_NAMES.findIndex((m) => m === n || (n.length === 3 && m.startsWith(n)) || (n === 'sept' && m === 'september'));
  return at < 0 ? undefined : at + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
}

/** Groups [hour, minute, second, AM/PM] of TIME_PART; undefined when absent or out of range. */
function timeOf(groups: Array<string | undefined>): TimeOfDay | undefined | null {
  const [h, m, sec, half] = groups;
  if (h === undefined) return null;
  let hour = Number(h);
  const minute = Number(m);
  const second = Number(sec ?? 0);
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half.toUpperCase() === 'PM' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second };
}

// `time` is null when the text has no time, undefined when its time is impossible (25:00).
function dateAt(
  year: number,
  month: number | undefined,
  day: number,
  timeZone: string,
  time: TimeOfDay | undefined | null,
): Date | undefined {
  if (time === undefined || month === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return new Date(zonedTime({ year, month, day, hour: time?.hour ?? 0, minute: time?.minute ?? 0, second: time?.second ?? 0 }, timeZone));
}

function parseDate(text: string, timeZone: string, now: Date): Date | undefined {
  const us = US_DATE.exec(text);
  if (us) {
    let year = us[3] === undefined ? now.getFullYear() : Number(us[3]);
    // Sheets' two-digit-year pivot: 00–29 are this century, 30–99 the last.
    if (us[3] !== undefined && us[3].length === 2) year += year < 30 ? 2000 : 1900;
    return dateAt(year, Number(us[1]), Number(us[2]), timeZone, timeOf(us.slice(4)));
  }
  const iso = ISO_DATE.exec(text);
  if (iso) return dateAt(Number(iso[1]), Number(iso[2]), Number(iso[3]), timeZone, timeOf(iso.slice(4)));
  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst) {
    const year = monthFirst[3] === undefined ? now.getFullYear() : Number(monthFirst[3]);
    return dateAt(year, monthNumber(monthFirst[1]!), Number(monthFirst[2]), timeZone, timeOf(monthFirst.slice(4)));
  }
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) return dateAt(Number(dayFirst[3]), monthNumber(dayFirst[2]!), Number(dayFirst[1]), timeZone, timeOf(dayFirst.slice(4)));
  const time = TIME.exec(text);
  if (time) {
    const t = timeOf(time.slice(1));
    if (!t) return undefined;
    // A time alone is a fraction of a day counted from Sheets' day zero, 1899-12-30.
    return new Date(zonedTime({ year: 1899, month: 12, day: 30, ...t }, timeZone));
  }
  return undefined;
}

/** The value a user would get by typing `text` into a cell with General format. */
export function parseTyped(text: string, timeZone: string, now = new Date()): CoercedCell {
  if (text === '') return { value: '' };
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith('=') && text.length > 1) return { value: evaluateFormula(text.slice(1)), formula: text };
  const t = text.trim();
  if (PLAIN_NUMBER.test(t)) return { value: Number(t) };
  if (GROUPED_NUMBER.test(t)) return { value: Number(t.replace(/,/g, '')) };
  const money = CURRENCY.exec(t);
  if (money) return { value: Number(money[1] + money[2]!.replace(/,/g, '')) };
  const negativeMoney = NEGATIVE_CURRENCY.exec(t);
  if (negativeMoney) return { value: -Number(negativeMoney[1]!.replace(/,/g, '')) };
  const percent = PERCENT.exec(t);
  if (percent) return { value: Number(percent[1]) / 100 };
  if (/^true$/i.test(t)) return { value: true };
  if (/^false$/i.test(t)) return { value: false };
  // Sheets reads a leading + or - as the start of a formula: arithmetic computes, anything else
  // is a formula parse error.
  if (t.startsWith('+') || t.startsWith('-')) return { value: evaluateFormula(t, false), formula: `=${t}` };
  const date = parseDate(t, timeZone, now);
  if (date) return { value: date };
  return { value: text };
}

/** The stored cell for a value passed to setValue(s) on a cell with the given number format. */
export function coerceInput(input: unknown, numberFormat: string | undefined, timeZone: string): CoercedCell {
  if (input === null || input === undefined) return { value: '' };
  if (typeof input === 'number') return { value: Number.isFinite(input) ? input : '#NUM!' };
  if (typeof input === 'boolean') return { value: input };
  if (isDateValue(input)) {
    const time = input.getTime();
    return { value: Number.isNaN(time) ? '' : new Date(time) };
  }
  const text = String(input);
  if (numberFormat === TEXT_FORMAT) return { value: text };
  return parseTyped(text, timeZone);
}
