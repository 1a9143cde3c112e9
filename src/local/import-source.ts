/**
 * A source import driven from Node the way the sidebar drives it: begin, every chunk in order,
 * finish. The command line, the demo workbook, tests and benchmarks all import through here.
 */
import type { SourceImportStart, SourceImportSummary } from '../core/rpc';
import type { SourceTable } from '../core/sources/read';
import { chunksOf, importRequest } from '../core/sources/upload';
import type { ColumnMapping } from '../core/sources/types';
import type { Emulator } from './emulator';
import { serverOf } from './server-of';

export interface ImportOptions {
  onDuplicate?: 'replace' | 'keep';
  mapping?: ColumnMapping;
  /** Smaller chunks than the server asks for, to exercise the chunked path. */
  chunkRows?: number;
}

/** The finished import's summary, or the server's answer when it did not start (duplicate, needs mapping). */
export function importTable(
  emulator: Emulator,
  table: SourceTable,
  options: ImportOptions = {},
): SourceImportSummary | Exclude<SourceImportStart, { status: 'started' }> {
  const server = serverOf(emulator);
  const start = server.beginSourceImport(importRequest(table, options));
  if (start.status !== 'started') return start;
  for (const chunk of chunksOf(table, options.chunkRows ?? start.chunkRows)) {
    server.appendSourceRows(start.importId, chunk.index, chunk.rows, chunk.rowNumbers);
  }
  return server.finishSourceImport(start.importId);
}
