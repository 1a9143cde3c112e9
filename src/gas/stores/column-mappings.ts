/**
 * The hidden Column Mappings sheet: the columns a person chose for a file whose format the
 * add-on could not tell, kept per header set so the next export of that kind needs none, and so
 * the matcher reads that file's sheet with the same choice.
 */
import { hash53 } from '../../core/hash';
import type { WorkbookPort } from '../../core/ports';
import { rowsOf, tableOf, type Row } from '../../core/records';
import type { ColumnMapping } from '../../core/sources/types';
import type { Table } from '../../core/table';

export const MAPPINGS_SHEET = 'Column Mappings';
const COLUMNS = ['Header Hash', 'Header', 'Mapping', 'Saved At'] as const;

export class ColumnMappingsStore {
  private readonly rows: Row[];

  constructor(
    private readonly workbook: WorkbookPort,
    private readonly table: Table | null = workbook.read(MAPPINGS_SHEET),
  ) {
    this.rows = rowsOf(table);
  }

  /** The mapping saved for this header row, if any. */
  find(header: readonly string[]): ColumnMapping | undefined {
    const row = this.rows.find((r) => r['Header Hash'] === keyOf(header));
    if (!row) return undefined;
    try {
      return JSON.parse(row['Mapping'] ?? '') as ColumnMapping;
    } catch {
      // A mapping edited by hand into something unreadable is asked for again, never guessed.
      return undefined;
    }
  }

  /** Saves the mapping for this header row (one sheet write). */
  save(header: readonly string[], mapping: ColumnMapping, savedAt: string): void {
    const key = keyOf(header);
    const rows = this.rows.filter((r) => r['Header Hash'] !== key);
    rows.push({ 'Header Hash': key, Header: header.join(', '), Mapping: JSON.stringify(mapping), 'Saved At': savedAt });
    const table = tableOf(COLUMNS, rows, this.table);
    this.workbook.write(MAPPINGS_SHEET, table.header, table.rows, { hidden: true });
  }
}

function keyOf(header: readonly string[]): string {
  return hash53(header.join('\u001f'));
}
