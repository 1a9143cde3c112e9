/**
 * Sheet rows addressed by header name, never by position: a store reads a row as
 * `row['Source ID']`, so a column moved, inserted or added by a person changes nothing.
 */
import type { Table } from './table';

/** One sheet row keyed by its column headers. */
export type Row = Record<string, string>;

export function rowsOf(table: Table | null): Row[] {
  if (!table) return [];
  return table.rows.map((cells) => {
    const row: Row = {};
    table.header.forEach((name, i) => {
      if (name !== '' && !(name in row)) row[name] = cells[i] ?? '';
    });
    return row;
  });
}

/**
 * The table to write for these rows: the store's own columns in their contract order, then any
 * column a person added to the sheet, with its cells kept.
 */
export function tableOf(columns: readonly string[], rows: readonly Row[], existing: Table | null = null): Table {
  const added = (existing?.header ?? []).filter((h) => h !== '' && !columns.includes(h));
  const header = [...columns, ...added];
  return { header, rows: rows.map((row) => header.map((name) => row[name] ?? '')) };
}
