/** The Apps Script emulator: runs the built add-on (dist/Code.js) against an in-memory workbook. */
export { createEmulator, type CallStats, type Emulator, type EmulatorOptions } from './runtime';
export {
  contentExtent,
  displayValues,
  newWorkbook,
  type CellModel,
  type SheetModel,
  type ValidationModel,
  type WorkbookModel,
} from './workbook-model';
export { loadWorkbook, saveWorkbook } from './workbook-file';
export { coerceInput, parseTyped, TEXT_FORMAT } from './coercion';
export type { UiRecord, MenuRecord } from './ui';
