/**
 * The Unmapped list as a CSV file for people to open in a spreadsheet program. A cell that such
 * a program would read as a formula (beginning with =, +, -, @, a tab or a carriage return) is
 * neutralised with a leading apostrophe, as OWASP's CSV injection guidance advises.
 */
import Papa from 'papaparse';
import type { Table } from '../table';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function unmappedCsv(table: Table | null): { csv: string; rows: number } {
  const header = table?.header.filter((h) => h !== '') ?? ['Phone', 'Conversation ID'];
  const rows = (table?.rows ?? []).map((r) => header.map((_, i) => neutralise(r[i] ?? '')));
  return { csv: `${Papa.unparse([header.map(neutralise), ...rows], { quotes: true, newline: '\r\n' })}\r\n`, rows: rows.length };
}
