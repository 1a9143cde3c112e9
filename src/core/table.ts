/** A sheet's contents as text: its header row and the rows below it. */
export interface Table {
  header: string[];
  rows: string[][];
  /** Where each row stands in its sheet (1-based; the header is row 1), when read from one. */
  rowNumbers?: number[];
}

/** Index of a column by its header, or -1 (also when there is no table). */
export function column(table: Table | null, name: string): number {
  return table ? table.header.indexOf(name) : -1;
}

/** One cell of a row by its column's header; '' when the column is missing. */
export function cell(table: Table, row: string[], name: string): string {
  const i = table.header.indexOf(name);
  return i < 0 ? '' : (row[i] ?? '');
}
