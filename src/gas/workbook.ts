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
      const target = spreadsheet.getSheetByName(name) ?? spreadsheet.insertSheet(name);
      target.getDataRange().clearDataValidations();
      target.clear();
      ensureGrid(target, values.length, width);
      const range = target.getRange(1, 1, values.length, width);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues(values);
      target.setFrozenRows(1);
      applyLayout(target, header, rows.length, layout);
    },
    writeRows(name, firstRow, rows) {
      if (rows.length === 0) return;
      const values = rectangle(rows);
      const target = sheet(name);
      ensureGrid(target, firstRow + values.length - 1, values[0]!.length);
      const range = target.getRange(firstRow, 1, values.length, values[0]!.length);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues(values);
    },
    readColumn(name, column, firstRow, count) {
      if (count <= 0) return [];
      return sheet(name).getRange(firstRow, column, count, 1).getValues().map((r) => cellText(r[0]));
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
function applyLayout(sheet: Sheet, header: readonly string[], rowCount: number, layout: SheetLayout | undefined): void {
  if (layout?.hidden) sheet.hideSheet();
  else if (sheet.isSheetHidden()) sheet.showSheet();
  if (rowCount === 0) return;
  for (const dropdown of layout?.dropdowns ?? []) {
    const column = header.indexOf(dropdown.column);
    if (column < 0) continue;
    const rule = SpreadsheetApp.newDataValidation().requireValueInList([...dropdown.values], true).setAllowInvalid(false).build();
    sheet.getRange(2, column + 1, rowCount, 1).setDataValidation(rule);
  }
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
