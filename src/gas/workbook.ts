/**
 * The workbook port (src/core/ports.ts) over SpreadsheetApp. Every read and write is one
 * Sheets call per block, never per cell, and every cell is written as text (number format `@`),
 * so phones, ZIPs and IDs never turn into numbers and a cell beginning with `=` never becomes a
 * formula.
 */
import type { SheetLayout, WorkbookPort } from '../core/ports';
import type { Table } from '../core/table';

export const TEXT_FORMAT = '@';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function activeWorkbook(spreadsheet = SpreadsheetApp.getActiveSpreadsheet()): WorkbookPort {
  const sheet = (name: string): Sheet => {
    const found = spreadsheet.getSheetByName(name);
    if (!found) throw new Error(`The sheet "${name}" is missing.`);
    return found;
  };
  return {
    read(name) {
      const found = spreadsheet.getSheetByName(name);
      return found ? tableOf(found.getDataRange().getValues()) : null;
    },
    write(name, header, rows, layout) {
      const values = rectangle([header, ...rows]);
      const width = values[0]!.length;
      const existing = spreadsheet.getSheetByName(name);
      const target = existing ?? spreadsheet.insertSheet(name);
      if (existing) {
        // Columns move between runs (candidates come and go): nothing hidden or validated stays behind.
        target.getDataRange().clearDataValidations();
        target.showColumns(1, target.getMaxColumns());
      }
      target.clear();
      ensureGrid(target, values.length, width);
      const range = target.getRange(1, 1, values.length, width);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues(values);
      target.setFrozenRows(1);
      applyLayout(target, header, rows, layout);
    },
    writeRows(name, firstRow, rows, numbers) {
      if (rows.length === 0) return;
      const values = rectangle(rows);
      const target = sheet(name);
      ensureGrid(target, firstRow + values.length - 1, values[0]!.length);
      const range = target.getRange(firstRow, 1, values.length, values[0]!.length);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues(values);
      if (numbers) writeNumbers(target, numbers.header, values, firstRow, numbers.numbers);
    },
    readColumn(name, column, firstRow, count) {
      if (count <= 0) return [];
      return sheet(name)
        .getRange(firstRow, column, count, 1)
        .getValues()
        .map((r) => cellText(r[0]));
    },
    writeColumn(name, column, firstRow, cells) {
      if (cells.length === 0) return;
      const target = sheet(name);
      ensureGrid(target, firstRow + cells.length - 1, column);
      const range = target.getRange(firstRow, column, cells.length, 1);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues(cells.map((c) => [c]));
    },
    sheetNames: () => spreadsheet.getSheets().map((s) => s.getName()),
    exists: (name) => spreadsheet.getSheetByName(name) !== null,
    insertHidden(name, header) {
      const created = spreadsheet.insertSheet(name);
      created.hideSheet();
      ensureGrid(created, 1, header.length);
      const range = created.getRange(1, 1, 1, header.length);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues([[...header]]);
    },
    rename: (from, to) => void sheet(from).setName(to),
    show(name) {
      const target = sheet(name);
      target.showSheet();
      target.setFrozenRows(1);
    },
    hide: (name) => void sheet(name).hideSheet(),
    deleteRows(name, rowNumbers) {
      const target = sheet(name);
      // From the bottom up, so each number still points at its row.
      for (const n of [...rowNumbers].sort((a, b) => b - a)) target.deleteRow(n);
    },
    remove(name) {
      const found = spreadsheet.getSheetByName(name);
      if (found) spreadsheet.deleteSheet(found);
    },
    cellsInUse: () => spreadsheet.getSheets().reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0),
  };
}

/** Sheets refuses ranges outside the grid: rows and columns are added first. */
function ensureGrid(sheet: Sheet, rows: number, columns: number): void {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
}

/** Reviewers edit some columns by hand: offer exactly the values the add-on reads back. */
function applyLayout(sheet: Sheet, header: readonly string[], rows: readonly (readonly string[])[], layout: SheetLayout | undefined): void {
  if (layout?.hidden) sheet.hideSheet();
  else if (sheet.isSheetHidden()) sheet.showSheet();
  for (const name of layout?.hiddenColumns ?? []) {
    const column = header.indexOf(name);
    if (column >= 0) sheet.hideColumns(column + 1);
  }
  if (rows.length === 0) return;
  for (const dropdown of layout?.dropdowns ?? []) {
    const column = header.indexOf(dropdown.column);
    if (column < 0) continue;
    sheet.getRange(2, column + 1, rows.length, 1).setDataValidation(listRule(dropdown.values));
  }
  writeNumbers(sheet, header, rows, 2, layout?.numbers ?? []);
}

/** Numbers, not text, so the sheet's own "less than" filters and sorting work on them. */
function writeNumbers(
  sheet: Sheet,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  firstRow: number,
  numbers: NonNullable<SheetLayout['numbers']>,
): void {
  for (const number of numbers) {
    const column = header.indexOf(number.column);
    if (column < 0) continue;
    const range = sheet.getRange(firstRow, column + 1, rows.length, 1);
    range.setNumberFormat(number.format);
    range.setValues(rows.map((row) => [toNumber(row[column])]));
  }
}

function listRule(values: readonly string[]): GoogleAppsScript.Spreadsheet.DataValidation {
  return SpreadsheetApp.newDataValidation()
    .requireValueInList([...values], true)
    .setAllowInvalid(false)
    .build();
}

function toNumber(cell: string | undefined): number | string {
  const n = Number(cell);
  return cell !== undefined && cell.trim() !== '' && Number.isFinite(n) ? n : '';
}

function rectangle(rows: readonly (readonly string[])[]): string[][] {
  let width = 1;
  for (const row of rows) width = Math.max(width, row.length);
  return rows.map((row) => {
    const out = row.map((c) => (c == null ? '' : String(c)));
    while (out.length < width) out.push('');
    return out;
  });
}

function tableOf(values: unknown[][]): Table {
  const [header = [], ...all] = values.map((row) => row.map(cellText));
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  all.forEach((r, i) => {
    if (!r.some((c) => c !== '')) return;
    rows.push(r);
    rowNumbers.push(i + 2);
  });
  return { header, rows, rowNumbers };
}

function cellText(value: unknown): string {
  if (value == null) return '';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    return (value as Date).toISOString();
  }
  return String(value);
}
