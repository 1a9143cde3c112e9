/**
 * The client half of a source import, shared by the sidebar and the command line: the request
 * that opens the import, and the rows cut into chunks the server writes one at a time.
 */
import type { SourceImportRequest } from '../rpc';
import type { SourceTable } from './read';
import type { ColumnMapping } from './types';

export function importRequest(
  table: SourceTable,
  options: { mapping?: ColumnMapping; onDuplicate?: 'replace' | 'keep' } = {},
): SourceImportRequest {
  return {
    fileName: table.fileName,
    fileHash: table.fileHash,
    profileId: table.profile.id,
    header: table.header,
    totalRows: table.rows.length,
    titleRows: table.titleRows,
    footerRows: table.footerRows,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(options.onDuplicate ? { onDuplicate: options.onDuplicate } : {}),
  };
}

export interface Chunk {
  index: number;
  rows: string[][];
  rowNumbers: number[];
}

export function chunksOf(table: SourceTable, chunkRows: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0, index = 0; start < table.rows.length; start += chunkRows, index++) {
    chunks.push({ index, rows: table.rows.slice(start, start + chunkRows), rowNumbers: table.rowNumbers.slice(start, start + chunkRows) });
  }
  return chunks;
}
