/**
 * Text of a CSV file to rows of strings. papaparse does the RFC 4180 work (quoted commas and
 * new lines, doubled quotes); this module decides what counts as a readable file.
 */
import Papa from 'papaparse';
import { UserError } from './errors';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Row number in the file of each data row, as a spreadsheet program shows it. */
  rowNumbers: number[];
  delimiter: string;
}

const DELIMITERS = [',', ';', '\t'];

export interface CsvRows {
  /** Non-empty rows, each cell a string. */
  rows: string[][];
  /** The row number a spreadsheet program shows for each row (1-based; blank rows counted). */
  rowNumbers: number[];
  delimiter: string;
}

/** Every non-empty row of the file, with its row number. Rejects what is not CSV text. */
export function parseCsvRows(fileName: string, text: string): CsvRows {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) throw new UserError(`${fileName}: the file is empty.`);
  if (looksBinary(clean)) {
    throw new UserError(`${fileName}: this is not a CSV text file (it looks like a binary or Excel file). Save it as CSV and try again.`);
  }
  // Blank lines are kept here so row numbers match what a spreadsheet program shows.
  const parsed = Papa.parse(clean, { delimitersToGuess: DELIMITERS, skipEmptyLines: false });
  // A one-column file is valid CSV; papaparse only reports that it had nothing to guess from.
  // Ragged rows are normal in exports (title rows, footers) and are handled by the caller.
  const fatal = parsed.errors.filter((e) => e.code !== 'UndetectableDelimiter' && e.code !== 'TooFewFields' && e.code !== 'TooManyFields');
  if (fatal.length > 0) {
    const e = fatal[0]!;
    const where = e.row != null ? ` near row ${e.row + 1}` : '';
    throw new UserError(`${fileName}: cannot read the file${where}: ${e.message}.`);
  }
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  parsed.data.forEach((row, i) => {
    const cells = row.map((cell) => (cell == null ? '' : String(cell)));
    if (cells.every((c) => c.trim() === '')) return;
    rows.push(cells);
    rowNumbers.push(i + 1);
  });
  if (rows.length === 0) throw new UserError(`${fileName}: the file is empty.`);
  return { rows, rowNumbers, delimiter: parsed.meta.delimiter };
}

/** A CSV whose first non-empty row is its header. */
export function parseCsv(fileName: string, text: string): CsvTable {
  const all = parseCsvRows(fileName, text);
  const header = all.rows[0]!.map((h) => h.trim());
  return { header, rows: all.rows.slice(1), rowNumbers: all.rowNumbers.slice(1), delimiter: all.delimiter };
}

/** Header text reduced to letters and digits, so `Phone Number`, `phone_number` and `PHONE #` meet. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.startsWith('PK\u0003\u0004') || sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 9 || (code > 13 && code < 32) || code === 0xfffd) control++;
  }
  return control > sample.length * 0.05;
}
