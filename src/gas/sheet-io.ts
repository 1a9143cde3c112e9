/**
 * Whole-sheet reads and writes, one Sheets call per block. Everything is written as text
 * (number format `@`) so phones, ZIPs and IDs never turn into numbers or formulas.
 */
import type { Table } from '../core/table';
import { ensureGrid_ } from './grid';

export type { Table };

export const TEXT_FORMAT = '@';

/** Replaces the sheet's content with header + rows; the values are all built before the sheet is touched. */
export function writeTable(name: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  let width = header.length;
  for (const row of rows) width = Math.max(width, row.length);
  const values = [header, ...rows].map((row) => {
    const out = row.map((cell) => (cell == null ? '' : String(cell)));
    while (out.length < width) out.push('');
    return out;
  });
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getSheetByName(name) ?? spreadsheet.insertSheet(name);
  sheet.clear();
  ensureGrid_(sheet, values.length, width);
  const range = sheet.getRange(1, 1, values.length, width);
  range.setNumberFormat(TEXT_FORMAT);
  range.setValues(values);
  sheet.setFrozenRows(1);
}

/** The sheet's values as display strings, or null when the sheet does not exist. */
export function readTable(name: string): Table | null {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name);
  if (!sheet) return null;
  const values = sheet.getDataRange().getValues();
  const [header = [], ...rows] = values.map((row) => row.map(cellText));
  return { header, rows: rows.filter((r) => r.some((c) => c !== '')) };
}

function cellText(value: unknown): string {
  if (value == null) return '';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    return (value as Date).toISOString();
  }
  return String(value);
}
