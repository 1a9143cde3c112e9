/**
 * Text of a CSV file to rows of strings. papaparse does the RFC 4180 work (quoted commas and
 * new lines, doubled quotes); this module decides what counts as a readable file.
 */
import Papa from 'papaparse';
import { UserError } from './errors';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** 1-based line-free row number in the file of each data row, for messages. */
  rowNumbers: number[];
  delimiter: string;
}

const DELIMITERS = [',', ';', '\t'];

export function parseCsv(fileName: string, text: string): CsvTable {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) throw new UserError(`${fileName}: the file is empty.`);
  if (looksBinary(clean)) {
    throw new UserError(`${fileName}: this is not a CSV text file (it looks like a binary or Excel file). Save it as CSV and try again.`);
  }
  const parsed = Papa.parse(clean, { delimitersToGuess: DELIMITERS, skipEmptyLines: 'greedy' });
  // A one-column file is valid CSV; papaparse only reports that it had nothing to guess from.
  const fatal = parsed.errors.filter((e) => e.code !== 'UndetectableDelimiter' && e.code !== 'TooFewFields' && e.code !== 'TooManyFields');
  if (fatal.length > 0) {
    const e = fatal[0]!;
    const where = e.row != null ? ` near row ${e.row + 1}` : '';
    throw new UserError(`${fileName}: cannot read the file${where}: ${e.message}.`);
  }
  const all = parsed.data.map((row) => row.map((cell) => (cell == null ? '' : String(cell))));
  const headerIndex = all.findIndex((row) => row.some((c) => c.trim() !== ''));
  if (headerIndex < 0) throw new UserError(`${fileName}: the file is empty.`);
  const header = all[headerIndex]!.map((h) => h.trim());
  const rows = all.slice(headerIndex + 1);
  return {
    header,
    rows,
    rowNumbers: rows.map((_, i) => headerIndex + i + 2),
    delimiter: parsed.meta.delimiter,
  };
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
