/**
 * The workbook as an .xlsx file any spreadsheet program opens. Text stays text (number format
 * '@' kept as the cell's numFmt), numbers stay numbers, formulas keep their text.
 * Sheets allows sheet names that Excel does not (longer than 31 characters, or with : / ? * [ ]);
 * such names are written in a safe form and the real ones kept in a very hidden sheet that only
 * this loader reads, together with the document properties (they belong to the spreadsheet).
 * A source import makes sheets of millions of cells, so the file is written and read a row at a
 * time (xlsx-package.ts); workbooks saved by other programs go through the general reader.
 */
import ExcelJS from 'exceljs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TIME_ZONE } from './time-zone';
import { DataValidationCriteria } from './data-validation';
import {
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  isDateValue,
  newWorkbook,
  type CellModel,
  type SheetModel,
  type WorkbookModel,
} from './workbook-model';
import {
  DATE_FORMAT,
  fromExcelDate,
  GENERAL,
  readPackageIndex,
  readSheetPart,
  UnfamiliarPackage,
  writeXlsxPackage,
  type SheetOut,
} from './xlsx-package';
import { ZipReader, ZipWriter } from './zip-archive';

const META_SHEET = '__contact_enrich_meta';
const META_CHUNK = 30_000;

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
    let base =
      s.name
        .replace(/[*?:\\/[\]]/g, '_')
        .replace(/^'+|'+$/g, '')
        .slice(0, 31) || 'Sheet';
    if (base.toLowerCase() === 'history') base = 'History_';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
    used.add(name.toLowerCase());
    return name;
  });
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
  if (fmt && fmt !== GENERAL && !(isDateValue(out.value) && fmt === DATE_FORMAT)) out.numberFormat = fmt;
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
  const names = safeSheetNames(model.sheets);
  const meta: WorkbookMeta = { title: model.title, timeZone: model.timeZone, documentProperties: model.documentProperties, sheets: [] };
  const sheets: SheetOut[] = model.sheets.map((sheet, i) => {
    const xlsxName = names[i]!;
    meta.sheets.push({ xlsxName, name: sheet.name, id: sheet.id, rowCount: sheet.rowCount, columnCount: sheet.columnCount });
    return { xlsxName, state: sheet.hidden ? 'hidden' : 'visible', frozenRows: sheet.frozenRows, cells: sheet.cells };
  });
  // A cell holds at most 32,767 characters in Excel: the JSON is spread down column A.
  const json = JSON.stringify(meta);
  const metaCells: CellModel[][] = [];
  for (let i = 0; i < json.length; i += META_CHUNK) metaCells.push([{ value: json.slice(i, i + META_CHUNK) }]);
  sheets.push({ xlsxName: META_SHEET, state: 'veryHidden', frozenRows: 0, cells: metaCells });
  const temp = path.join(path.dirname(file), `${path.basename(file)}.${process.pid}.tmp`);
  let zip: ZipWriter | undefined;
  try {
    zip = await ZipWriter.create(temp);
    await writeXlsxPackage(zip, model.title, sheets, timeZone);
    const done = zip;
    zip = undefined;
    await done.close();
    await rename(temp, file);
  } catch (e) {
    await zip?.abandon();
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
  try {
    const own = await loadOwnPackage(file);
    if (own) return own;
  } catch (e) {
    if (!(e instanceof UnfamiliarPackage)) throw new Error(`${file} is not a readable .xlsx workbook: ${(e as Error).message}`);
  }
  return loadAnyPackage(file);
}

function parseMeta(json: string): WorkbookMeta | undefined {
  try {
    return JSON.parse(json) as WorkbookMeta;
  } catch {
    return undefined;
  }
}

function modelFrom(file: string, title: string, meta: WorkbookMeta | undefined): WorkbookModel {
  const model: WorkbookModel = { title: meta?.title ?? (title || path.basename(file).replace(/\.xlsx$/i, '')), sheets: [] };
  if (meta?.timeZone) model.timeZone = meta.timeZone;
  if (meta?.documentProperties) model.documentProperties = { ...meta.documentProperties };
  return model;
}

function sheetFrom(
  meta: WorkbookMeta | undefined,
  xlsxName: string,
  sheetId: number,
  state: string | undefined,
  frozenRows: number,
  cells: CellModel[][],
): SheetModel {
  const info = meta?.sheets.find((s) => s.xlsxName === xlsxName);
  return {
    name: info?.name ?? xlsxName,
    hidden: state === 'hidden' || state === 'veryHidden',
    frozenRows,
    cells,
    id: info?.id ?? sheetId,
    rowCount: Math.max(info?.rowCount ?? DEFAULT_ROWS, cells.length),
    columnCount: cells.reduce((n, l) => Math.max(n, l.length), info?.columnCount ?? DEFAULT_COLUMNS),
  };
}

/** Files this module wrote are read part by part; undefined for any other file. */
async function loadOwnPackage(file: string): Promise<WorkbookModel | undefined> {
  const zip = await ZipReader.open(file);
  if (!zip) return undefined;
  try {
    return await readOwnPackage(file, zip);
  } finally {
    zip.close();
  }
}

async function readOwnPackage(file: string, zip: ZipReader): Promise<WorkbookModel | undefined> {
  const index = await readPackageIndex(zip);
  if (!index) return undefined;
  // The meta sheet comes first: it holds the time zone the dates are read in.
  const metaPart = index.sheets.find((s) => s.xlsxName === META_SHEET);
  let meta: WorkbookMeta | undefined;
  if (metaPart) {
    const { cells } = await readSheetPart(zip, metaPart, index.formats, DEFAULT_TIME_ZONE);
    let json = '';
    for (const row of cells) {
      const v = row[0]?.value;
      if (!v) break;
      json += String(v);
    }
    meta = parseMeta(json);
  }
  const timeZone = meta?.timeZone ?? DEFAULT_TIME_ZONE;
  const model = modelFrom(file, index.title, meta);
  for (const part of index.sheets) {
    if (part.xlsxName === META_SHEET) continue;
    const { cells, frozenRows } = await readSheetPart(zip, part, index.formats, timeZone);
    model.sheets.push(sheetFrom(meta, part.xlsxName, part.sheetId, part.state, frozenRows, cells));
  }
  if (model.sheets.length === 0) throw new UnfamiliarPackage('no sheet');
  return model;
}

/** Workbooks saved by other programs (or by earlier versions of this one), read whole. */
async function loadAnyPackage(file: string): Promise<WorkbookModel> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new Error(`${file} is not a readable .xlsx workbook: ${(e as Error).message}`);
  }
  let meta: WorkbookMeta | undefined;
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (metaSheet) {
    let json = '';
    for (let row = 1; metaSheet.getCell(row, 1).value; row++) json += String(metaSheet.getCell(row, 1).value);
    meta = parseMeta(json);
  }
  const timeZone = meta?.timeZone ?? DEFAULT_TIME_ZONE;
  const model = modelFrom(file, wb.title, meta);
  wb.eachSheet((ws, sheetIndex) => {
    if (ws.name === META_SHEET) return;
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
    model.sheets.push(sheetFrom(meta, ws.name, sheetIndex, ws.state, frozen?.ySplit ?? 0, cells));
  });
  if (model.sheets.length === 0) throw new Error(`${file} holds no sheet`);
  return model;
}
