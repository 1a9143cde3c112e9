/**
 * The in-memory workbook the emulated SpreadsheetApp reads and writes. Plain data, so the
 * command line can save it, the preview can draw it and tests can inspect it.
 */
import { DEFAULT_TIME_ZONE, isoWallText } from './time-zone';

export type CellValue = string | number | boolean | Date;

export interface ValidationModel {
  /** A DataValidationCriteria name; `values` are its arguments as text (dates as epoch milliseconds). */
  criteria: string;
  values: string[];
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText?: string;
}

export interface CellModel {
  value: CellValue;
  formula?: string;
  numberFormat?: string;
  validation?: ValidationModel;
}

export interface SheetModel {
  name: string;
  hidden: boolean;
  frozenRows: number;
  /** 1-based columns hidden by the user or a script (Sheet.hideColumns). */
  hiddenColumns?: number[];
  /** Row-major; rows may be ragged or shorter than the grid. A '' value is an empty cell. */
  cells: CellModel[][];
  /** Stable id returned by Sheet.getSheetId(). */
  id?: number;
  /** Grid size; a new Sheets tab has 1000 rows and 26 columns. Writing past it grows it. */
  rowCount?: number;
  columnCount?: number;
  /** Range.protect() and Sheet.protect(); not saved in the workbook file. */
  protections?: ProtectionModel[];
}

export interface ProtectionModel {
  kind: 'RANGE' | 'SHEET';
  /** The protected cells of a RANGE protection. */
  area?: { row: number; column: number; numRows: number; numColumns: number };
  /** Cells of a SHEET protection left editable. */
  unprotected?: Array<{ row: number; column: number; numRows: number; numColumns: number }>;
  description: string;
  warningOnly: boolean;
  /** null while the protection mirrors the spreadsheet's own permissions (everyone who may edit it still may). */
  editors: string[] | null;
  domainEdit: boolean;
  createdBy: string;
}

export interface WorkbookModel {
  title: string;
  sheets: SheetModel[];
  /** The spreadsheet's time zone, in which dates are read and typed. */
  timeZone?: string;
  /** The spreadsheet's owner, who may edit every protected range; the first user to run the add-on on it when unset. */
  owner?: string;
  /** PropertiesService.getDocumentProperties(): they belong to the document, so they travel with it. */
  documentProperties?: Record<string, string>;
}

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export function newSheet(name: string, id?: number): SheetModel {
  return { name, hidden: false, frozenRows: 0, cells: [], id, rowCount: DEFAULT_ROWS, columnCount: DEFAULT_COLUMNS };
}

/** A new spreadsheet, like Sheets' own: one empty tab named Sheet1. */
export function newWorkbook(title = 'Untitled spreadsheet'): WorkbookModel {
  return { title, sheets: [newSheet('Sheet1', 0)] };
}

export function isEmptyCell(cell: CellModel | undefined): boolean {
  return !cell || (cell.value === '' && !cell.formula);
}

export function isDateValue(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** Text of a number as Sheets shows it in a General cell: integers never in exponent form. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '#NUM!';
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return String(n);
}

export function displayText(cell: CellModel | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!cell) return '';
  const v = cell.value;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isDateValue(v)) return Number.isNaN(v.getTime()) ? '' : isoWallText(v.getTime(), timeZone);
  return v;
}

/** What a user sees in each cell, as a rectangle as wide as the sheet's widest row. */
export function displayValues(sheet: SheetModel, timeZone = DEFAULT_TIME_ZONE): string[][] {
  // Like getDataRange: cells that only kept a format after a clear are not content.
  const { rows, columns: width } = contentExtent(sheet);
  return sheet.cells.slice(0, rows).map((row) => {
    const out: string[] = [];
    for (let c = 0; c < width; c++) out.push(displayText(row[c], timeZone));
    return out;
  });
}

/** Last row and column holding a value or formula (1-based; 0 when the sheet is empty). */
export function contentExtent(sheet: SheetModel): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  sheet.cells.forEach((row, r) => {
    for (let c = row.length - 1; c >= 0; c--) {
      if (!isEmptyCell(row[c])) {
        rows = r + 1;
        columns = Math.max(columns, c + 1);
        break;
      }
    }
  });
  return { rows, columns };
}
