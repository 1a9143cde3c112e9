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
const US_DATE = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dateAt(year: number, month: number, day: number, timeZone: string): Date | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return new Date(zonedTime({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone));
}

function parseDate(text: string, timeZone: string, now: Date): Date | undefined {
  const us = US_DATE.exec(text);
  if (us) {
    let year = us[3] === undefined ? now.getFullYear() : Number(us[3]);
    // Sheets' two-digit-year pivot: 00–29 are this century, 30–99 the last.
    if (us[3] !== undefined && us[3].length === 2) year += year < 30 ? 2000 : 1900;
    return dateAt(year, Number(us[1]), Number(us[2]), timeZone);
  }
  const iso = ISO_DATE.exec(text);
  if (iso) return dateAt(Number(iso[1]), Number(iso[2]), Number(iso[3]), timeZone);
  const time = TIME.exec(text);
  if (time) {
    let hour = Number(time[1]);
    const minute = Number(time[2]);
    const second = Number(time[3] ?? 0);
    const half = time[4]?.toUpperCase();
    if (half) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (half === 'PM' ? 12 : 0);
    }
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    // A time alone is a fraction of a day counted from Sheets' day zero, 1899-12-30.
    return new Date(zonedTime({ year: 1899, month: 12, day: 30, hour, minute, second }, timeZone));
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
