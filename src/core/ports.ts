/**
 * Small ports through which core logic reaches the outside world. The Apps Script adapters
 * (src/gas) implement them over UrlFetchApp, Utilities, SpreadsheetApp and PropertiesService;
 * tests implement them with fakes.
 */
import type { Table } from './table';

export interface HttpRequest {
  url: string;
  method?: 'get' | 'post' | 'patch' | 'delete';
  headers?: Record<string, string>;
  /** The body: JSON text, unless contentType says otherwise. */
  body?: string;
  /** Default `application/json`; OAuth token endpoints take `application/x-www-form-urlencoded`. */
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Http {
  fetch(request: HttpRequest): HttpResponse;
  /** Several requests sent together (UrlFetchApp.fetchAll); answers in the same order. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

/**
 * The spreadsheet as the add-on's stores and protocols see it: whole sheets of text in and out,
 * one Sheets call per block. The Apps Script adapter (src/gas/workbook.ts) carries it out over
 * SpreadsheetApp; unit tests pass a small in-memory fake.
 */
export interface WorkbookPort {
  /** The sheet's header and non-blank rows as display text (with their row numbers), or null when there is no such sheet. */
  read(sheet: string): Table | null;
  /** Replaces the sheet's content (creating the sheet when missing); every cell is written as text. */
  write(sheet: string, header: readonly string[], rows: readonly (readonly string[])[], options?: SheetLayout): void;
  /**
   * Writes rows starting at a 1-based row, growing the sheet as needed. With `numbers` (and the
   * header that places them), those columns of these rows are written as numbers.
   */
  writeRows(
    sheet: string,
    firstRow: number,
    rows: readonly (readonly string[])[],
    numbers?: { header: readonly string[]; numbers: NonNullable<SheetLayout['numbers']> },
  ): void;
  /** One column's cells from a 1-based row on. */
  readColumn(sheet: string, column: number, firstRow: number, count: number): string[];
  writeColumn(sheet: string, column: number, firstRow: number, values: readonly string[]): void;
  sheetNames(): string[];
  exists(sheet: string): boolean;
  /** A new, hidden sheet with the given header row. */
  insertHidden(sheet: string, header: readonly string[]): void;
  rename(from: string, to: string): void;
  /** Makes the sheet visible, with its header row frozen. */
  show(sheet: string): void;
  hide(sheet: string): void;
  /** Deletes whole rows (1-based), given in any order. */
  deleteRows(sheet: string, rowNumbers: readonly number[]): void;
  remove(sheet: string): void;
  /** Cells the spreadsheet holds in all (Sheets counts every cell of every grid against its limit). */
  cellsInUse(): number;
}

/** How a written sheet looks beyond its values. */
export interface SheetLayout {
  hidden?: boolean;
  /** Dropdowns of the values the add-on reads back, by header; invalid entries are rejected. */
  dropdowns?: Array<{ column: string; values: readonly string[] }>;
  /** Columns holding numbers (written as numbers, so "less than" filters work), by header. */
  numbers?: Array<{ column: string; format: string }>;
  /** Columns people need not see (the add-on's own data), by header. */
  hiddenColumns?: string[];
}

/** A string store such as PropertiesService's document or user properties (9 KB a value). */
export interface PropertyStore {
  getProperty(key: string): string | null;
  setProperty(key: string, value: string): unknown;
  deleteProperty(key: string): unknown;
  getProperties(): Record<string, string>;
}
