// Reading the emulated workbook the way a reviewer looks at it.
import type { SheetModel, WorkbookModel } from '../../src/local/emulator';
import { displayValues } from '../../src/local/emulator';
import { readSourceFile } from '../../src/core/sources/read';
import type { Emulator } from '../../src/local/emulator';
import type { SourceImportStart, SourceImportSummary } from '../../src/core/rpc';
import { importTable } from '../../src/local/import-source';

export function sheet(workbook: WorkbookModel, name: string): SheetModel {
  const found = workbook.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}; sheets: ${workbook.sheets.map((s) => s.name).join(', ')}`);
  return found;
}

export function table(workbook: WorkbookModel, name: string): string[][] {
  return displayValues(sheet(workbook, name));
}

/** The sidebar's upload, done the same way: read, begin, every chunk, finish. */
export function uploadSource(
  emulator: Emulator,
  fileName: string,
  text: string,
  options: { onDuplicate?: 'replace' | 'keep'; chunkRows?: number; profileId?: string } = {},
): SourceImportSummary | SourceImportStart {
  return importTable(emulator, readSourceFile(fileName, text, options.profileId), options);
}
