/**
 * Decisions of a source import that do not touch a sheet: the sheet's name, the rows it gets,
 * the Sources row, and whether the workbook has room. The Apps Script side only carries them out.
 */
import { UserError } from '../errors';
import { hash53 } from '../hash';
import { HEADERS, SHEETS } from '../workbook-schema';
import type { SourceRecord } from './read';

/** Google Sheets' limits (support.google.com/drive/answer/37603). */
export const SHEETS_CELL_LIMIT = 10_000_000;
export const SHEETS_CELL_CHARS = 50_000;
/** Columns the add-on adds after a file's own columns. */
export const RECORD_COLUMNS = HEADERS.sourceRecord;

/** The file's own columns of a source sheet's header: everything before Record Key. */
export function fileColumns(sheetHeader: string[]): string[] {
  const at = sheetHeader.indexOf(RECORD_COLUMNS[0]);
  return at < 0 ? sheetHeader : sheetHeader.slice(0, at);
}
/** Columns of Sources after the contract's own. */
export const SOURCES_EXTRA = ['Profile', 'File Hash', 'Phones Found', 'Skipped Rows', 'Unreadable Phones'] as const;
export const SOURCES_HEADER = [...HEADERS.sources, ...SOURCES_EXTRA];

const RESERVED_NAMES = new Set(Object.values(SHEETS).map((n) => n.toLowerCase()));
const MAX_SHEET_NAME = 90;

/** A sheet name for a file: its base name, without characters Sheets refuses, unique in the workbook. */
export function sheetNameFor(fileName: string, existing: string[]): string {
  const base =
    fileName
      .replace(/\.[a-z0-9]{1,5}$/i, '')
      .replace(/[[\]*?:/\\']/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_SHEET_NAME) || 'Source';
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()) || RESERVED_NAMES.has(name.toLowerCase()) || name.startsWith('~'); n++) {
    name = `${base} (${n})`;
  }
  return name;
}

export function newSourceId(fileHash: string, existingIds: string[]): string {
  let id = `S${hash53(fileHash).slice(-6).toUpperCase()}`;
  for (let n = 2; existingIds.includes(id); n++) id = `S${hash53(`${fileHash}#${n}`).slice(-6).toUpperCase()}`;
  return id;
}

/** One sheet row per record: the file's cells verbatim, then Record Key and Phones. */
export function sheetRows(records: SourceRecord[], width: number): string[][] {
  return records.map((r) => {
    const cells = r.cells.slice(0, width);
    while (cells.length < width) cells.push('');
    r.cells.forEach((c, i) => {
      if (c.length > SHEETS_CELL_CHARS) {
        throw new UserError(
          `row ${r.rowNumber}, column ${i + 1}: a cell holds ${c.length} characters; Google Sheets takes at most ${SHEETS_CELL_CHARS}.`,
        );
      }
    });
    return [...cells, r.key, r.phones.join(', ')];
  });
}

/** Throws when the import would not fit in the spreadsheet. */
export function checkCapacity(fileName: string, rows: number, columns: number, cellsInUse: number): void {
  const needed = (rows + 1) * (columns + RECORD_COLUMNS.length);
  if (cellsInUse + needed > SHEETS_CELL_LIMIT) {
    throw new UserError(
      `${fileName}: ${needed.toLocaleString('en-US')} cells would take the spreadsheet past Google Sheets' limit of ${SHEETS_CELL_LIMIT.toLocaleString('en-US')} cells (${cellsInUse.toLocaleString('en-US')} in use). Split the file or remove columns you do not need.`,
    );
  }
}

/**
 * Record keys that occur twice (an export listing one Radar ID on two rows) get `#2`, `#3`,
 * in file order; returns null when every key is already unique.
 */
export function dedupeKeys(keys: string[]): string[] | null {
  const seen = new Map<string, number>();
  let changed = false;
  const out = keys.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n === 1) return k;
    changed = true;
    return `${k}#${n}`;
  });
  return changed ? out : null;
}
