/**
 * The workbook as an .xlsx file any spreadsheet program opens. Text stays text (number format
 * '@' kept as the cell's numFmt), numbers stay numbers, formulas keep their text.
 * Sheets allows sheet names that Excel does not (longer than 31 characters, or with : / ? * [ ]);
 * such names are written in a safe form and the real ones kept in a very hidden sheet that only
 * this loader reads, together with the document properties (they belong to the spreadsheet).
 */
import ExcelJS from 'exceljs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { wallClock, zonedTime, DEFAULT_TIME_ZONE } from './time-zone';
import { DataValidationCriteria } from './data-validation';
import { DEFAULT_COLUMNS, DEFAULT_ROWS, isDateValue, newWorkbook, type CellModel, type SheetModel, type WorkbookModel } from './workbook-model';

const META_SHEET = '__contact_enrich_meta';
const META_CHUNK = 30_000;
const GENERAL = 'General';

interface SheetMeta {
  xlsxName: string;
  name: string;
  id?: number;
  rowCount?: number;
  columnCount?: number;
}

interface WorkbookMeta {
  title: string;
  timeZone?: string;
  documentProperties?: Record<string, string>;
  sheets: SheetMeta[];
}

function safeSheetNames(sheets: SheetModel[]): string[] {
  const used = new Set<string>([META_SHEET.toLowerCase()]);
  return sheets.map((s) => {
    let base = s.name.replace(/[*?:\\/[\]]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'Sheet';
    if (base.toLowerCase() === 'history') base = 'History_';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

// Excel stores wall-clock dates; exceljs reads and writes them as UTC fields.
function toExcelDate(d: Date, timeZone: string): Date {
  const w = wallClock(d.getTime(), timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, d.getTime() % 1000));
}

function fromExcelDate(d: Date, timeZone: string): Date {
  return new Date(
    zonedTime(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
      timeZone,
    ),
  );
}

function writeCell(target: ExcelJS.Cell, cell: CellModel, timeZone: string): void {
  const v = cell.value;
  const value = isDateValue(v) ? toExcelDate(v, timeZone) : v;
  if (cell.formula) {
    const result = typeof value === 'string' && value.startsWith('#') ? { error: value } : value;
    target.value = { formula: cell.formula.replace(/^=/, ''), result } as ExcelJS.CellFormulaValue;
  } else if (value !== '') {
    target.value = value;
  }
  if (cell.numberFormat && cell.numberFormat !== GENERAL) target.numFmt = cell.numberFormat;
  else if (isDateValue(v)) target.numFmt = 'yyyy-mm-dd';
  const rule = cell.validation;
  if (rule?.criteria === DataValidationCriteria.VALUE_IN_LIST || rule?.criteria === DataValidationCriteria.VALUE_IN_RANGE) {
    target.dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: rule.criteria === DataValidationCriteria.VALUE_IN_LIST ? [`"${rule.values.join(',')}"`] : [rule.values[0] ?? ''],
      showErrorMessage: !rule.allowInvalid,
      ...(rule.helpText ? { prompt: rule.helpText, showInputMessage: true } : {}),
    };
  }
}

function readCell(source: ExcelJS.Cell, timeZone: string): CellModel | undefined {
  const raw = source.value;
  const out: CellModel = { value: '' };
  const scalar = (v: unknown): CellModel['value'] => {
    if (v === null || v === undefined) return '';
    if (isDateValue(v)) return fromExcelDate(v, timeZone);
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'object') {
      const o = v as { richText?: Array<{ text: string }>; text?: unknown; error?: string };
      if (o.richText) return o.richText.map((r) => r.text).join('');
      if (o.error) return o.error;
      if (o.text !== undefined) return String(o.text);
    }
    return String(v);
  };
  if (raw && typeof raw === 'object' && !isDateValue(raw) && ('formula' in raw || 'sharedFormula' in raw)) {
    const f = raw as { formula?: string; sharedFormula?: string; result?: unknown };
    out.formula = `=${f.formula ?? source.formula ?? ''}`;
    out.value = scalar(f.result);
  } else {
    out.value = scalar(raw);
  }
  const fmt = source.numFmt;
  if (fmt && fmt !== GENERAL && !(isDateValue(out.value) && fmt === 'yyyy-mm-dd')) out.numberFormat = fmt;
  const dv = source.dataValidation;
  if (dv && dv.type === 'list' && dv.formulae?.[0] !== undefined) {
    const f = String(dv.formulae[0]);
    const inList = f.startsWith('"');
    out.validation = {
      criteria: inList ? DataValidationCriteria.VALUE_IN_LIST : DataValidationCriteria.VALUE_IN_RANGE,
      values: inList ? f.slice(1, -1).split(',') : [f],
      showDropdown: true,
      allowInvalid: !dv.showErrorMessage,
      ...(dv.prompt ? { helpText: dv.prompt } : {}),
    };
  }
  if (out.value === '' && !out.formula && !out.numberFormat && !out.validation) return undefined;
  return out;
}

function validationsOf(ws: ExcelJS.Worksheet): Record<string, unknown> {
  return (ws as unknown as { dataValidations?: { model?: Record<string, unknown> } }).dataValidations?.model ?? {};
}

/** Writes `<file>.<pid>.tmp` beside the file, then renames it over: a crash never leaves half a workbook. */
export async function saveWorkbook(model: WorkbookModel, file: string): Promise<void> {
  const timeZone = model.timeZone ?? DEFAULT_TIME_ZONE;
  const wb = new ExcelJS.Workbook();
  wb.title = model.title;
  const names = safeSheetNames(model.sheets);
  const meta: WorkbookMeta = { title: model.title, timeZone: model.timeZone, documentProperties: model.documentProperties, sheets: [] };
  model.sheets.forEach((sheet, i) => {
    const xlsxName = names[i]!;
    const ws = wb.addWorksheet(xlsxName, {
      state: sheet.hidden ? 'hidden' : 'visible',
      views: sheet.frozenRows > 0 ? [{ state: 'frozen', ySplit: sheet.frozenRows, xSplit: 0 }] : [],
    });
    sheet.cells.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell.value === '' && !cell.formula && !cell.numberFormat && !cell.validation) return;
        writeCell(ws.getCell(r + 1, c + 1), cell, timeZone);
      });
    });
    meta.sheets.push({ xlsxName, name: sheet.name, id: sheet.id, rowCount: sheet.rowCount, columnCount: sheet.columnCount });
  });
  const metaSheet = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  // A cell holds at most 32,767 characters in Excel: the JSON is spread down column A.
  const json = JSON.stringify(meta);
  for (let i = 0, row = 1; i < json.length; i += META_CHUNK, row++) metaSheet.getCell(row, 1).value = json.slice(i, i + META_CHUNK);
  const temp = path.join(path.dirname(file), `${path.basename(file)}.${process.pid}.tmp`);
  try {
    await wb.xlsx.writeFile(temp);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Reads an .xlsx back into the model; a missing file is a new workbook named after it. */
export async function loadWorkbook(file: string): Promise<WorkbookModel> {
  try {
    await stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return newWorkbook(path.basename(file).replace(/\.xlsx$/i, ''));
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new Error(`${file} is not a readable .xlsx workbook: ${(e as Error).message}`);
  }
  let meta: WorkbookMeta | undefined;
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (metaSheet) {
    try {
      let json = '';
      for (let row = 1; metaSheet.getCell(row, 1).value; row++) json += String(metaSheet.getCell(row, 1).value);
      meta = JSON.parse(json) as WorkbookMeta;
    } catch {
      meta = undefined;
    }
  }
  const timeZone = meta?.timeZone ?? DEFAULT_TIME_ZONE;
  const model: WorkbookModel = { title: meta?.title ?? (wb.title || path.basename(file).replace(/\.xlsx$/i, '')), sheets: [] };
  if (meta?.timeZone) model.timeZone = meta.timeZone;
  if (meta?.documentProperties) model.documentProperties = { ...meta.documentProperties };
  wb.eachSheet((ws, sheetIndex) => {
    if (ws.name === META_SHEET) return;
    const info = meta?.sheets.find((s) => s.xlsxName === ws.name);
    const cells: CellModel[][] = [];
    const place = (r: number, c: number, cell: CellModel) => {
      while (cells.length < r) cells.push([]);
      const line = cells[r - 1]!;
      while (line.length < c) line.push({ value: '' });
      line[c - 1] = cell;
    };
    // Empty cells count too: a text format or a rule on an empty cell applies to later writes.
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      row.eachCell({ includeEmpty: true }, (source, c) => {
        const cell = readCell(source, timeZone);
        if (cell) place(r, c, cell);
      });
    });
    for (const address of Object.keys(validationsOf(ws))) {
      if (!/^[A-Z]+\d+$/.test(address)) continue;
      const source = ws.getCell(address);
      const cell = readCell(source, timeZone);
      if (cell) place(Number(source.row), Number(source.col), cell);
    }
    const frozen = (ws.views ?? []).find((v) => v.state === 'frozen') as { ySplit?: number } | undefined;
    model.sheets.push({
      name: info?.name ?? ws.name,
      hidden: ws.state === 'hidden' || ws.state === 'veryHidden',
      frozenRows: frozen?.ySplit ?? 0,
      cells,
      id: info?.id ?? sheetIndex,
      rowCount: Math.max(info?.rowCount ?? DEFAULT_ROWS, cells.length),
      columnCount: cells.reduce((n, l) => Math.max(n, l.length), info?.columnCount ?? DEFAULT_COLUMNS),
    });
  });
  if (model.sheets.length === 0) throw new Error(`${file} holds no sheet`);
  return model;
}
