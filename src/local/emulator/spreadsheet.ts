/**
 * In-memory SpreadsheetApp over a WorkbookModel.
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet
 * https://developers.google.com/apps-script/reference/spreadsheet/range
 * Every method call on these objects counts in stats.sheets (see countCalls), which is how the
 * benchmarks show that the number of Sheets calls does not grow with the number of rows.
 */
import { a1Notation, parseA1 } from './a1';
import { coerceInput, type CoercedCell } from './coercion';
import { bindExecution, countCalls, executionOf, type Execution } from './execution';
import { accepts, DataValidation, DataValidationBuilder, DataValidationCriteria } from './data-validation';
import { checkEditable, Protection, ProtectionType, type Area, type Identity, type ProtectionContext } from './protection';
import type { UiRecord } from './ui';
import { createUi } from './ui';
import {
  contentExtent,
  displayText,
  isDateValue,
  newSheet,
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  type CellModel,
  type SheetModel,
  type WorkbookModel,
} from './workbook-model';

export interface SpreadsheetState {
  workbook: WorkbookModel;
  timeZone: string;
  ui: UiRecord;
  /** Title of the add-on's menu under Extensions. */
  addonTitle: string;
  /** Survives across executions, like the sheet a user has open. */
  activeSheetName?: string;
  /** Who is editing (for protections), whether or not the script may see the address. */
  editor: string;
}

function identity(state: SpreadsheetState): Identity {
  return { user: state.editor, owner: state.workbook.owner ?? state.editor };
}

/** The sheet getActiveSheet() answers: the one last activated, else the first visible tab. */
export function activeSheetModel(state: SpreadsheetState): SheetModel | undefined {
  const sheets = state.workbook.sheets;
  return sheets.find((s) => s.name === state.activeSheetName) ?? sheets.find((s) => !s.hidden) ?? sheets[0];
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'Object[]';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  return 'Object';
}

/** Apps Script's message for a call whose argument types match no overload. */
function signatureError(exec: Execution, method: string, args: readonly unknown[]): never {
  return exec.fail(`The parameters (${args.map(typeName).join(',')}) don't match the method signature for SpreadsheetApp.${method}.`);
}

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function maxRows(sheet: SheetModel): number {
  return Math.max(sheet.rowCount ?? DEFAULT_ROWS, sheet.cells.length);
}

function maxColumns(sheet: SheetModel): number {
  let n = sheet.columnCount ?? DEFAULT_COLUMNS;
  for (const row of sheet.cells) if (row.length > n) n = row.length;
  return n;
}

function cellAt(sheet: SheetModel, row: number, column: number): CellModel | undefined {
  return sheet.cells[row - 1]?.[column - 1];
}

/** https://support.google.com/drive/answer/37603 — 10 million cells per spreadsheet, 18,278 columns (ZZZ) per sheet, 50,000 characters per cell. */
export const MAX_CELLS = 10_000_000;
export const MAX_COLUMNS = 18_278;
export const MAX_CELL_CHARS = 50_000;
/** Sheets' own wording for a cell over the limit; the help page gives only the number. */
export const CELL_TOO_LONG = `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`;
/** Sheet names: at most 100 characters and not blank (the limits Sheets' rename box enforces; the messages are ours). */
export const MAX_SHEET_NAME = 100;
export const OUTSIDE_GRID = 'The coordinates of the range are outside the dimensions of the sheet.';

function checkSheetName(exec: Execution, name: string): void {
  if (name.trim() === '') exec.fail('Sheet names cannot be blank.');
  if (name.length > MAX_SHEET_NAME)
    exec.fail(`Sheet names can be at most ${MAX_SHEET_NAME} characters long; "${name.slice(0, 20)}…" has ${name.length}.`);
}

/** Grows a sheet's grid to hold `rows` × `columns`, refusing to pass the spreadsheet's cell limit. */
function growGrid(exec: Execution, workbook: WorkbookModel, sheet: SheetModel, rows: number, columns: number): void {
  const newRows = Math.max(maxRows(sheet), rows);
  const newColumns = Math.max(maxColumns(sheet), columns);
  if (newRows === maxRows(sheet) && newColumns === maxColumns(sheet)) return;
  if (newColumns > MAX_COLUMNS)
    exec.fail(`This action would increase the number of columns in the sheet above the limit of ${MAX_COLUMNS}.`);
  const others = workbook.sheets.reduce((n, s) => (s === sheet ? n : n + maxRows(s) * maxColumns(s)), 0);
  if (others + newRows * newColumns > MAX_CELLS) {
    exec.fail(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
  }
  sheet.rowCount = newRows;
  sheet.columnCount = newColumns;
}

/** The cell to write into; the grid has already been grown to hold it. */
function writableCell(sheet: SheetModel, row: number, column: number): CellModel {
  while (sheet.cells.length < row) sheet.cells.push([]);
  const r = sheet.cells[row - 1]!;
  while (r.length < column) r.push({ value: '' });
  return r[column - 1]!;
}

function dimensionCheck(exec: Execution, rows: unknown, numRows: number, numColumns: number, what: string): unknown[][] {
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
    signatureError(exec, `Range.${what}`, [rows]);
  }
  const data = rows as unknown[][];
  if (data.length !== numRows) {
    exec.fail(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${numRows}.`,
    );
  }
  for (const row of data) {
    if (row.length !== numColumns) {
      exec.fail(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${numColumns}.`,
      );
    }
  }
  return data;
}

export class Range {
  readonly #state: SpreadsheetState;
  readonly #model: SheetModel;
  readonly #row: number;
  readonly #column: number;
  readonly #numRows: number;
  readonly #numColumns: number;

  constructor(
    exec: Execution,
    state: SpreadsheetState,
    model: SheetModel,
    row: number,
    column: number,
    numRows: number,
    numColumns: number,
  ) {
    bindExecution(this, exec);
    this.#state = state;
    this.#model = model;
    this.#row = row;
    this.#column = column;
    this.#numRows = numRows;
    this.#numColumns = numColumns;
  }

  get #exec(): Execution {
    return executionOf(this);
  }

  /** A range of a sheet that has since been deleted fails on every call, as in Sheets (the wording is not documented). */
  static checkLive(range: Range): void {
    if (!range.#state.workbook.sheets.includes(range.#model)) executionOf(range).fail('Sheet not found');
  }

  static areaOf(range: unknown): { sheet: SheetModel; area: Area } | undefined {
    if (!(range instanceof Range)) return undefined;
    return {
      sheet: range.#model,
      area: { row: range.#row, column: range.#column, numRows: range.#numRows, numColumns: range.#numColumns },
    };
  }

  #grid<T>(f: (cell: CellModel | undefined, row: number, column: number) => T): T[][] {
    const realm = this.#exec.realm;
    const out: T[][] = [];
    for (let r = 0; r < this.#numRows; r++) {
      const line: T[] = [];
      for (let c = 0; c < this.#numColumns; c++)
        line.push(f(cellAt(this.#model, this.#row + r, this.#column + c), this.#row + r, this.#column + c));
      out.push(realm.array(line));
    }
    return realm.array(out);
  }

  /**
   * Every edit passes here: protections first. Only appendRow makes ranges past the grid's end
   * (getRange refuses them), and writing them grows the grid as appendRow does in Sheets.
   */
  #each(f: (cell: CellModel, r: number, c: number) => void): void {
    checkEditable(
      this.#exec,
      this.#model,
      { row: this.#row, column: this.#column, numRows: this.#numRows, numColumns: this.#numColumns },
      identity(this.#state),
    );
    growGrid(this.#exec, this.#state.workbook, this.#model, this.#row + this.#numRows - 1, this.#column + this.#numColumns - 1);
    for (let r = 0; r < this.#numRows; r++) {
      for (let c = 0; c < this.#numColumns; c++) f(writableCell(this.#model, this.#row + r, this.#column + c), r, c);
    }
  }

  #readValue(cell: CellModel | undefined): unknown {
    if (!cell) return '';
    const v = cell.value;
    return isDateValue(v) ? this.#exec.realm.date(v.getTime()) : v;
  }

  /**
   * Coerces a whole write and checks it before any cell changes: 50,000 characters a cell, and
   * every "reject input" validation rule, whatever its criterion.
   */
  #prepare(values: (r: number, c: number) => unknown): CoercedCell[][] {
    const timeZone = this.#state.timeZone;
    const out: CoercedCell[][] = [];
    for (let r = 0; r < this.#numRows; r++) {
      const line: CoercedCell[] = [];
      for (let c = 0; c < this.#numColumns; c++) {
        const cell = cellAt(this.#model, this.#row + r, this.#column + c);
        const coerced = coerceInput(values(r, c), cell?.numberFormat, timeZone);
        if (
          (typeof coerced.value === 'string' && coerced.value.length > MAX_CELL_CHARS) ||
          (coerced.formula?.length ?? 0) > MAX_CELL_CHARS
        ) {
          this.#exec.fail(CELL_TOO_LONG);
        }
        const rule = cell?.validation;
        if (rule && !rule.allowInvalid && (coerced.value !== '' || coerced.formula)) {
          const verdict = accepts(rule, {
            value: coerced.value,
            text: displayText({ value: coerced.value }, timeZone),
            timeZone,
            rangeTexts: (a1) => this.#rangeTexts(a1),
          });
          const where = a1Notation(this.#row + r, this.#column + c);
          if (verdict === undefined)
            this.#exec.fail(`The data validation rule on cell ${where} (${rule.criteria}) cannot be checked by the emulator.`);
          if (!verdict) this.#exec.fail(`The data you entered in cell ${where} violates the data validation rules set on this cell.`);
        }
        line.push(coerced);
      }
      out.push(line);
    }
    return out;
  }

  #rangeTexts(a1: string): string[] {
    const parsed = parseA1(a1);
    const target = parsed?.sheetName === undefined ? this.#model : this.#state.workbook.sheets.find((s) => s.name === parsed.sheetName);
    if (!parsed || !target) return [];
    const texts: string[] = [];
    const lastRow = Math.min(parsed.lastRow ?? maxRows(target), target.cells.length);
    for (let r = parsed.row; r <= lastRow; r++) {
      const lastColumn = parsed.lastColumn ?? maxColumns(target);
      for (let c = parsed.column; c <= lastColumn; c++) texts.push(displayText(cellAt(target, r, c), this.#state.timeZone));
    }
    return texts.filter((t) => t !== '');
  }

  #write(values: (r: number, c: number) => unknown): void {
    const prepared = this.#prepare(values);
    this.#each((cell, r, c) => {
      const coerced = prepared[r]![c]!;
      cell.value = coerced.value;
      if (coerced.formula) cell.formula = coerced.formula;
      else delete cell.formula;
    });
  }

  getValues(): unknown[][] {
    return this.#grid((cell) => this.#readValue(cell));
  }

  getValue(): unknown {
    return this.#readValue(cellAt(this.#model, this.#row, this.#column));
  }

  setValues(values: unknown): Range {
    const data = dimensionCheck(this.#exec, values, this.#numRows, this.#numColumns, 'setValues');
    this.#write((r, c) => data[r]![c]);
    return this;
  }

  /** A multi-cell range takes the value in every cell. */
  setValue(value: unknown): Range {
    this.#write(() => value);
    return this;
  }

  getDisplayValues(): string[][] {
    return this.#grid((cell) => displayText(cell, this.#state.timeZone));
  }

  getDisplayValue(): string {
    return displayText(cellAt(this.#model, this.#row, this.#column), this.#state.timeZone);
  }

  getFormulas(): string[][] {
    return this.#grid((cell) => cell?.formula ?? '');
  }

  getFormula(): string {
    return cellAt(this.#model, this.#row, this.#column)?.formula ?? '';
  }

  setFormula(formula: string): Range {
    const text = String(formula);
    this.#write(() => (text.startsWith('=') ? text : `=${text}`));
    return this;
  }

  setFormulas(formulas: unknown): Range {
    const data = dimensionCheck(this.#exec, formulas, this.#numRows, this.#numColumns, 'setFormulas');
    this.#write((r, c) => {
      const f = String(data[r]![c] ?? '');
      return f === '' || f.startsWith('=') ? f : `=${f}`;
    });
    return this;
  }

  /** Formats only change how later writes are stored; a stored number stays a number. */
  setNumberFormat(numberFormat: string): Range {
    const fmt = String(numberFormat);
    this.#each((cell) => {
      cell.numberFormat = fmt;
    });
    return this;
  }

  setNumberFormats(numberFormats: unknown): Range {
    const data = dimensionCheck(this.#exec, numberFormats, this.#numRows, this.#numColumns, 'setNumberFormats');
    this.#each((cell, r, c) => {
      cell.numberFormat = String(data[r]![c]);
    });
    return this;
  }

  getNumberFormat(): string {
    return cellAt(this.#model, this.#row, this.#column)?.numberFormat ?? 'General';
  }

  getNumberFormats(): string[][] {
    return this.#grid((cell) => cell?.numberFormat ?? 'General');
  }

  setDataValidation(rule: DataValidation | null): Range {
    const model = rule === null ? undefined : DataValidation.modelOf(rule);
    if (rule !== null && !model) signatureError(this.#exec, 'Range.setDataValidation', [rule]);
    this.#each((cell) => {
      if (model) cell.validation = { ...model, values: [...model.values] };
      else delete cell.validation;
    });
    return this;
  }

  setDataValidations(rules: unknown): Range {
    const data = dimensionCheck(this.#exec, rules, this.#numRows, this.#numColumns, 'setDataValidations');
    this.#each((cell, r, c) => {
      const model = data[r]![c] == null ? undefined : DataValidation.modelOf(data[r]![c]);
      if (model) cell.validation = { ...model, values: [...model.values] };
      else delete cell.validation;
    });
    return this;
  }

  getDataValidation(): DataValidation | null {
    const v = cellAt(this.#model, this.#row, this.#column)?.validation;
    return v ? new DataValidation(this.#exec, v) : null;
  }

  getDataValidations(): (DataValidation | null)[][] {
    return this.#grid((cell) => (cell?.validation ? new DataValidation(this.#exec, cell.validation) : null));
  }

  clearDataValidations(): Range {
    this.#each((cell) => {
      delete cell.validation;
    });
    return this;
  }

  /** Contents and formats; data validation rules stay (they have their own clearDataValidations). */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; validationsOnly?: boolean }): Range {
    const only = options && (options.contentsOnly || options.formatOnly || options.validationsOnly);
    this.#each((cell) => {
      if (!only || options?.contentsOnly) {
        cell.value = '';
        delete cell.formula;
      }
      if (!only || options?.formatOnly) delete cell.numberFormat;
      if (options?.validationsOnly) delete cell.validation;
    });
    return this;
  }

  clearContent(): Range {
    this.#each((cell) => {
      cell.value = '';
      delete cell.formula;
    });
    return this;
  }

  clearFormat(): Range {
    this.#each((cell) => {
      delete cell.numberFormat;
    });
    return this;
  }

  getRow(): number {
    return this.#row;
  }
  getRowIndex(): number {
    return this.#row;
  }
  getColumn(): number {
    return this.#column;
  }
  getNumRows(): number {
    return this.#numRows;
  }
  getNumColumns(): number {
    return this.#numColumns;
  }
  getHeight(): number {
    return this.#numRows;
  }
  getWidth(): number {
    return this.#numColumns;
  }
  getLastRow(): number {
    return this.#row + this.#numRows - 1;
  }
  getLastColumn(): number {
    return this.#column + this.#numColumns - 1;
  }
  getA1Notation(): string {
    return a1Notation(this.#row, this.#column, this.#numRows, this.#numColumns);
  }
  getSheet(): Sheet {
    return new Sheet(this.#exec, this.#state, this.#model);
  }

  getCell(row: number, column: number): Range {
    if (!isInteger(row) || !isInteger(column)) signatureError(this.#exec, 'Range.getCell', [row, column]);
    if (row < 1 || row > this.#numRows || column < 1 || column > this.#numColumns) {
      this.#exec.fail('Cell reference out of range');
    }
    return new Range(this.#exec, this.#state, this.#model, this.#row + row - 1, this.#column + column - 1, 1, 1);
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    if (!isInteger(rowOffset) || !isInteger(columnOffset)) signatureError(this.#exec, 'Range.offset', [rowOffset, columnOffset]);
    return checkedRange(
      this.#exec,
      this.#state,
      this.#model,
      this.#row + Math.trunc(rowOffset),
      this.#column + Math.trunc(columnOffset),
      numRows ?? this.#numRows,
      numColumns ?? this.#numColumns,
    );
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/range#protect() */
  protect(): Protection {
    const who = identity(this.#state);
    const model = {
      kind: 'RANGE' as const,
      area: { row: this.#row, column: this.#column, numRows: this.#numRows, numColumns: this.#numColumns },
      description: '',
      warningOnly: false,
      editors: null,
      domainEdit: true,
      createdBy: who.user,
    };
    (this.#model.protections ??= []).push(model);
    return new Protection(this.#exec, protectionContext(this.#exec, this.#state), this.#model, model);
  }

  isBlank(): boolean {
    for (let r = 0; r < this.#numRows; r++) {
      for (let c = 0; c < this.#numColumns; c++) {
        const cell = cellAt(this.#model, this.#row + r, this.#column + c);
        if (cell && (cell.value !== '' || cell.formula)) return false;
      }
    }
    return true;
  }

  activate(): Range {
    this.#state.activeSheetName = this.#model.name;
    return this;
  }

  // Formatting that changes only how cells look: accepted and chained, with no effect on values.
  setFontWeight(_w: unknown): Range {
    return this;
  }
  setFontWeights(_w: unknown): Range {
    return this;
  }
  setFontColor(_c: unknown): Range {
    return this;
  }
  setFontStyle(_s: unknown): Range {
    return this;
  }
  setFontSize(_s: unknown): Range {
    return this;
  }
  setBackground(_c: unknown): Range {
    return this;
  }
  setBackgrounds(_c: unknown): Range {
    return this;
  }
  setWrap(_w: unknown): Range {
    return this;
  }
  setWrapStrategy(_w: unknown): Range {
    return this;
  }
  setHorizontalAlignment(_a: unknown): Range {
    return this;
  }
  setVerticalAlignment(_a: unknown): Range {
    return this;
  }
  setNote(_n: unknown): Range {
    return this;
  }
  setBorder(..._args: unknown[]): Range {
    return this;
  }

  toString(): string {
    return 'Range';
  }
}

function checkedRange(
  exec: Execution,
  state: SpreadsheetState,
  model: SheetModel,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): Range {
  if (row < 1) exec.fail('The starting row of the range is too small.');
  if (column < 1) exec.fail('The starting column of the range is too small.');
  if (numRows < 1) exec.fail('The number of rows in the range must be at least 1.');
  if (numColumns < 1) exec.fail('The number of columns in the range must be at least 1.');
  // Sheets refuses a range past the grid for reads and writes alike: a script inserts rows or
  // columns first (insertRowsAfter, insertColumnsAfter); only appendRow grows the sheet itself.
  if (Math.trunc(row) + Math.trunc(numRows) - 1 > maxRows(model) || Math.trunc(column) + Math.trunc(numColumns) - 1 > maxColumns(model))
    exec.fail(OUTSIDE_GRID);
  return new Range(exec, state, model, Math.trunc(row), Math.trunc(column), Math.trunc(numRows), Math.trunc(numColumns));
}

function protectionContext(exec: Execution, state: SpreadsheetState): ProtectionContext {
  return {
    workbook: state.workbook,
    who: () => identity(state),
    range: (sheet, a) => new Range(exec, state, sheet, a.row, a.column, a.numRows, a.numColumns),
    areaOf: (range) => Range.areaOf(range),
  };
}

function protectionsOf(exec: Execution, state: SpreadsheetState, sheets: SheetModel[], type: unknown): Protection[] {
  if (type !== ProtectionType.RANGE && type !== ProtectionType.SHEET) signatureError(exec, 'Sheet.getProtections', [type]);
  const context = protectionContext(exec, state);
  const out: Protection[] = [];
  for (const sheet of sheets)
    for (const p of sheet.protections ?? []) if (p.kind === type) out.push(new Protection(exec, context, sheet, p));
  return exec.realm.array(out);
}

export class Sheet {
  readonly #state: SpreadsheetState;
  readonly #model: SheetModel;

  constructor(exec: Execution, state: SpreadsheetState, model: SheetModel) {
    bindExecution(this, exec);
    this.#state = state;
    this.#model = model;
  }

  get #exec(): Execution {
    return executionOf(this);
  }

  /** A deleted sheet's objects fail, as they do in Sheets. */
  get #live(): SheetModel {
    if (!this.#state.workbook.sheets.includes(this.#model)) this.#exec.fail('Sheet not found');
    return this.#model;
  }

  static modelOf(sheet: unknown): SheetModel | undefined {
    return sheet instanceof Sheet ? sheet.#model : undefined;
  }

  getName(): string {
    return this.#live.name;
  }

  setName(name: string): Sheet {
    const text = String(name);
    checkSheetName(this.#exec, text);
    const other = this.#state.workbook.sheets.find((s) => s.name.toLowerCase() === text.toLowerCase() && s !== this.#model);
    if (other) this.#exec.fail(`A sheet with the name "${text}" already exists. Please enter another name.`);
    if (this.#state.activeSheetName === this.#live.name) this.#state.activeSheetName = text;
    this.#live.name = text;
    return this;
  }

  getSheetId(): number {
    return this.#live.id ?? 0;
  }

  getIndex(): number {
    return this.#state.workbook.sheets.indexOf(this.#live) + 1;
  }

  getParent(): Spreadsheet {
    return new Spreadsheet(this.#exec, this.#state);
  }

  getRange(...args: unknown[]): Range {
    const model = this.#live;
    if (args.length === 1 && typeof args[0] === 'string') return rangeFromA1(this.#exec, this.#state, model, args[0]);
    if (args.length < 2 || args.length > 4 || !args.every(isInteger)) signatureError(this.#exec, 'Sheet.getRange', args);
    const [row, column, numRows = 1, numColumns = 1] = args as number[];
    return checkedRange(this.#exec, this.#state, model, row!, column!, numRows, numColumns);
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/sheet#protect() */
  protect(): Protection {
    const model = this.#live;
    const existing = (model.protections ?? []).find((p) => p.kind === 'SHEET');
    const context = protectionContext(this.#exec, this.#state);
    if (existing) return new Protection(this.#exec, context, model, existing);
    const p = {
      kind: 'SHEET' as const,
      unprotected: [],
      description: '',
      warningOnly: false,
      editors: null,
      domainEdit: true,
      createdBy: identity(this.#state).user,
    };
    (model.protections ??= []).push(p);
    return new Protection(this.#exec, context, model, p);
  }

  getProtections(type: string): Protection[] {
    return protectionsOf(this.#exec, this.#state, [this.#live], type);
  }

  getDataRange(): Range {
    const { rows, columns } = contentExtent(this.#live);
    return new Range(this.#exec, this.#state, this.#model, 1, 1, Math.max(rows, 1), Math.max(columns, 1));
  }

  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): unknown[][] {
    const { rows, columns } = contentExtent(this.#live);
    const nr = numRows === -1 ? rows - startRow + 1 : numRows;
    const nc = numColumns === -1 ? columns - startColumn + 1 : numColumns;
    return checkedRange(this.#exec, this.#state, this.#model, startRow, startColumn, nr, nc).getValues();
  }

  getLastRow(): number {
    return contentExtent(this.#live).rows;
  }

  getLastColumn(): number {
    return contentExtent(this.#live).columns;
  }

  getMaxRows(): number {
    return maxRows(this.#live);
  }

  getMaxColumns(): number {
    return maxColumns(this.#live);
  }

  #checkWholeSheet(): SheetModel {
    const model = this.#live;
    checkEditable(this.#exec, model, { row: 1, column: 1, numRows: maxRows(model), numColumns: maxColumns(model) }, identity(this.#state));
    return model;
  }

  /** Content and formats; the grid keeps its size. */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): Sheet {
    const model = this.#checkWholeSheet();
    if (options?.contentsOnly || options?.formatOnly) {
      for (const row of model.cells) {
        for (const cell of row) {
          if (options.contentsOnly) {
            cell.value = '';
            delete cell.formula;
          }
          if (options.formatOnly) delete cell.numberFormat;
        }
      }
      return this;
    }
    model.cells = model.cells.map((row) =>
      row.map((cell) => (cell.validation ? { value: '', validation: cell.validation } : { value: '' })),
    );
    return this;
  }

  clearContents(): Sheet {
    for (const row of this.#checkWholeSheet().cells) {
      for (const cell of row) {
        cell.value = '';
        delete cell.formula;
      }
    }
    return this;
  }

  clearFormats(): Sheet {
    for (const row of this.#checkWholeSheet().cells) for (const cell of row) delete cell.numberFormat;
    return this;
  }

  setFrozenRows(rows: number): Sheet {
    if (!isInteger(rows) || rows < 0) signatureError(this.#exec, 'Sheet.setFrozenRows', [rows]);
    this.#live.frozenRows = Math.trunc(rows);
    return this;
  }

  getFrozenRows(): number {
    return this.#live.frozenRows;
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/sheet#hideColumns(Integer,Integer) */
  hideColumns(columnIndex: number, numColumns = 1): void {
    const model = this.#live;
    this.#checkColumns(columnIndex, numColumns);
    const hidden = new Set(model.hiddenColumns ?? []);
    for (let c = columnIndex; c < columnIndex + numColumns; c++) hidden.add(c);
    model.hiddenColumns = [...hidden].sort((a, b) => a - b);
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/sheet#showColumns(Integer,Integer) */
  showColumns(columnIndex: number, numColumns = 1): void {
    const model = this.#live;
    this.#checkColumns(columnIndex, numColumns);
    model.hiddenColumns = (model.hiddenColumns ?? []).filter((c) => c < columnIndex || c >= columnIndex + numColumns);
  }

  isColumnHiddenByUser(columnPosition: number): boolean {
    return (this.#live.hiddenColumns ?? []).includes(columnPosition);
  }

  #checkColumns(columnIndex: number, numColumns: number): void {
    if (
      !isInteger(columnIndex) ||
      !isInteger(numColumns) ||
      columnIndex < 1 ||
      numColumns < 1 ||
      columnIndex + numColumns - 1 > maxColumns(this.#model)
    ) {
      this.#exec.fail('Those columns are out of bounds.');
    }
  }

  setFrozenColumns(_columns: number): Sheet {
    return this;
  }

  getFrozenColumns(): number {
    return 0;
  }

  hideSheet(): Sheet {
    const model = this.#live;
    const visible = this.#state.workbook.sheets.filter((s) => !s.hidden);
    if (!model.hidden && visible.length <= 1) this.#exec.fail("You can't hide all the sheets in a document.");
    model.hidden = true;
    return this;
  }

  showSheet(): Sheet {
    this.#live.hidden = false;
    return this;
  }

  isSheetHidden(): boolean {
    return this.#live.hidden;
  }

  activate(): Sheet {
    this.#state.activeSheetName = this.#live.name;
    return this;
  }

  /** One row after the last row with content, typed values parsed like setValues. */
  appendRow(rowContents: unknown[]): Sheet {
    if (!Array.isArray(rowContents)) signatureError(this.#exec, 'Sheet.appendRow', [rowContents]);
    if (rowContents.length === 0) return this;
    const row = contentExtent(this.#live).rows + 1;
    new Range(this.#exec, this.#state, this.#model, row, 1, 1, rowContents.length).setValues([rowContents]);
    return this;
  }

  deleteRow(rowPosition: number): Sheet {
    return this.deleteRows(rowPosition, 1);
  }

  deleteRows(rowPosition: number, howMany: number): Sheet {
    if (!isInteger(rowPosition) || !isInteger(howMany)) signatureError(this.#exec, 'Sheet.deleteRows', [rowPosition, howMany]);
    const model = this.#live;
    const total = maxRows(model);
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > total) this.#exec.fail('Those rows are out of bounds.');
    if (total - howMany <= model.frozenRows) this.#exec.fail('Sorry, it is not possible to delete all non-frozen rows.');
    checkEditable(
      this.#exec,
      model,
      { row: rowPosition, column: 1, numRows: howMany, numColumns: maxColumns(model) },
      identity(this.#state),
    );
    model.cells.splice(rowPosition - 1, howMany);
    model.rowCount = total - howMany;
    return this;
  }

  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    return this.#insertRows(afterPosition + 1, howMany, 'Sheet.insertRowsAfter');
  }

  insertRowAfter(afterPosition: number): Sheet {
    return this.#insertRows(afterPosition + 1, 1, 'Sheet.insertRowAfter');
  }

  insertRowsBefore(beforePosition: number, howMany: number): Sheet {
    return this.#insertRows(beforePosition, howMany, 'Sheet.insertRowsBefore');
  }

  insertRowBefore(beforePosition: number): Sheet {
    return this.#insertRows(beforePosition, 1, 'Sheet.insertRowBefore');
  }

  #insertRows(at: number, howMany: number, method: string): Sheet {
    if (!isInteger(at) || !isInteger(howMany)) signatureError(this.#exec, method, [at, howMany]);
    const model = this.#live;
    const total = maxRows(model);
    if (at < 1 || at > total + 1 || howMany < 1) this.#exec.fail('Those rows are out of bounds.');
    growGrid(this.#exec, this.#state.workbook, model, total + howMany, maxColumns(model));
    if (at <= model.cells.length) model.cells.splice(at - 1, 0, ...Array.from({ length: howMany }, () => []));
    return this;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    if (!isInteger(afterPosition) || !isInteger(howMany)) signatureError(this.#exec, 'Sheet.insertColumnsAfter', [afterPosition, howMany]);
    const model = this.#live;
    if (afterPosition < 0 || afterPosition > maxColumns(model) || howMany < 1) this.#exec.fail('Those columns are out of bounds.');
    growGrid(this.#exec, this.#state.workbook, model, maxRows(model), maxColumns(model) + howMany);
    for (const row of model.cells) {
      if (row.length > afterPosition) row.splice(afterPosition, 0, ...Array.from({ length: howMany }, () => ({ value: '' })));
    }
    return this;
  }

  // Layout only: accepted with no effect on the data.
  setColumnWidth(_column: number, _width: number): Sheet {
    return this;
  }
  setColumnWidths(_start: number, _n: number, _width: number): Sheet {
    return this;
  }
  autoResizeColumns(_start: number, _n: number): Sheet {
    return this;
  }
  autoResizeColumn(_column: number): Sheet {
    return this;
  }
  setTabColor(_color: string | null): Sheet {
    return this;
  }

  toString(): string {
    return 'Sheet';
  }
}

function rangeFromA1(exec: Execution, state: SpreadsheetState, model: SheetModel, a1: string): Range {
  const parsed = parseA1(a1);
  if (!parsed) return exec.fail('Range not found');
  let target = model;
  if (parsed.sheetName !== undefined) {
    const named = state.workbook.sheets.find((s) => s.name === parsed.sheetName);
    if (!named) return exec.fail('Range not found');
    target = named;
  }
  const lastRow = parsed.lastRow ?? maxRows(target);
  const lastColumn = parsed.lastColumn ?? maxColumns(target);
  return checkedRange(exec, state, target, parsed.row, parsed.column, lastRow - parsed.row + 1, lastColumn - parsed.column + 1);
}

export class Spreadsheet {
  readonly #state: SpreadsheetState;

  constructor(exec: Execution, state: SpreadsheetState) {
    bindExecution(this, exec);
    this.#state = state;
  }

  get #exec(): Execution {
    return executionOf(this);
  }

  get #workbook(): WorkbookModel {
    return this.#state.workbook;
  }

  #sheet(model: SheetModel): Sheet {
    return new Sheet(this.#exec, this.#state, model);
  }

  #activeModel(): SheetModel {
    return activeSheetModel(this.#state)!;
  }

  getName(): string {
    return this.#workbook.title;
  }

  rename(name: string): void {
    this.#workbook.title = String(name);
  }

  getId(): string {
    return spreadsheetId(this.#workbook);
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.getId()}/edit`;
  }

  getSpreadsheetTimeZone(): string {
    return this.#state.timeZone;
  }

  getSheets(): Sheet[] {
    return this.#exec.realm.array(this.#workbook.sheets.map((s) => this.#sheet(s)));
  }

  getNumSheets(): number {
    return this.#workbook.sheets.length;
  }

  getSheetByName(name: string): Sheet | null {
    const model = this.#workbook.sheets.find((s) => s.name === String(name));
    return model ? this.#sheet(model) : null;
  }

  getSheetById(id: number): Sheet | null {
    const model = this.#workbook.sheets.find((s) => (s.id ?? 0) === id);
    return model ? this.#sheet(model) : null;
  }

  /** insertSheet(), insertSheet(index), insertSheet(name), insertSheet(name, index); the new sheet becomes active. */
  insertSheet(...args: unknown[]): Sheet {
    let name: string | undefined;
    let index: number | undefined;
    if (typeof args[0] === 'string') {
      name = args[0];
      if (isInteger(args[1])) index = args[1];
    } else if (isInteger(args[0])) {
      index = args[0];
    } else if (args.length > 0 && args[0] !== undefined) {
      signatureError(this.#exec, 'Spreadsheet.insertSheet', args);
    }
    const sheets = this.#workbook.sheets;
    if (name === undefined) {
      let n = sheets.length + 1;
      while (sheets.some((s) => s.name.toLowerCase() === `sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    const wanted = name;
    checkSheetName(this.#exec, wanted);
    if (sheets.some((s) => s.name.toLowerCase() === wanted.toLowerCase())) {
      this.#exec.fail(`A sheet with the name "${wanted}" already exists. Please enter another name.`);
    }
    if (index !== undefined && (index < 0 || index > sheets.length)) this.#exec.fail('Invalid argument: index');
    const id = Math.max(0, ...sheets.map((s) => s.id ?? 0)) + 1 + Math.floor(Math.random() * 1e6) * 100;
    const model = newSheet(wanted, id);
    const used = sheets.reduce((n, s) => n + maxRows(s) * maxColumns(s), 0);
    if (used + DEFAULT_ROWS * DEFAULT_COLUMNS > MAX_CELLS) {
      this.#exec.fail(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
    }
    sheets.splice(index ?? sheets.length, 0, model);
    this.#state.activeSheetName = wanted;
    return this.#sheet(model);
  }

  deleteSheet(sheet: Sheet): void {
    const model = Sheet.modelOf(sheet);
    if (!model) signatureError(this.#exec, 'Spreadsheet.deleteSheet', [sheet]);
    const sheets = this.#workbook.sheets;
    const at = sheets.indexOf(model);
    if (at < 0) this.#exec.fail('Sheet not found');
    if (sheets.filter((s) => !s.hidden && s !== model).length === 0) {
      this.#exec.fail("You can't remove all the visible sheets in a document.");
    }
    sheets.splice(at, 1);
    if (this.#state.activeSheetName === model.name) this.#state.activeSheetName = undefined;
  }

  getActiveSheet(): Sheet {
    return this.#sheet(this.#activeModel());
  }

  setActiveSheet(sheet: Sheet): Sheet {
    const model = Sheet.modelOf(sheet);
    if (!model) signatureError(this.#exec, 'Spreadsheet.setActiveSheet', [sheet]);
    this.#state.activeSheetName = model.name;
    return sheet;
  }

  getRange(a1Notation: string): Range {
    if (typeof a1Notation !== 'string') signatureError(this.#exec, 'Spreadsheet.getRange', [a1Notation]);
    return rangeFromA1(this.#exec, this.#state, this.#activeModel(), a1Notation);
  }

  getProtections(type: string): Protection[] {
    return protectionsOf(this.#exec, this.#state, this.#workbook.sheets, type);
  }

  getRangeByName(_name: string): Range | null {
    return null;
  }

  getActiveRange(): Range {
    return new Range(this.#exec, this.#state, this.#activeModel(), 1, 1, 1, 1);
  }

  /** A negative timeout keeps the toast until dismissed; the emulator only records it. */
  toast(msg: unknown, title?: unknown, _timeoutSeconds?: number): void {
    this.#state.ui.toasts.push({ message: String(msg), title: title === undefined ? '' : String(title) });
  }

  toString(): string {
    return 'Spreadsheet';
  }
}

const ids = new WeakMap<WorkbookModel, string>();

function spreadsheetId(workbook: WorkbookModel): string {
  let id = ids.get(workbook);
  if (!id) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    id = '1' + Array.from({ length: 43 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    ids.set(workbook, id);
  }
  return id;
}

export class SpreadsheetAppService {
  readonly #state: SpreadsheetState;
  readonly DataValidationCriteria = DataValidationCriteria;
  readonly ProtectionType = ProtectionType;

  constructor(exec: Execution, state: SpreadsheetState) {
    bindExecution(this, exec);
    this.#state = state;
  }

  get #exec(): Execution {
    return executionOf(this);
  }

  /** In AuthMode.NONE (an add-on not yet used in this document) only the menu may be built. */
  #document(method: string): Spreadsheet {
    if (this.#exec.authMode === 'NONE') {
      this.#exec.fail(
        `You do not have permission to call SpreadsheetApp.${method}. Required permissions: https://www.googleapis.com/auth/spreadsheets.currentonly`,
      );
    }
    return new Spreadsheet(this.#exec, this.#state);
  }

  getActiveSpreadsheet(): Spreadsheet {
    return this.#document('getActiveSpreadsheet');
  }

  getActive(): Spreadsheet {
    return this.#document('getActive');
  }

  getActiveSheet(): Sheet {
    return this.#document('getActiveSheet').getActiveSheet();
  }

  getUi(): ReturnType<typeof createUi> {
    return createUi(this.#exec, this.#state.ui, this.#state.addonTitle);
  }

  /** Writes are applied at once in memory, so there is nothing pending. */
  flush(): void {}

  newDataValidation(): DataValidationBuilder {
    return new DataValidationBuilder(this.#exec);
  }

  toString(): string {
    return 'SpreadsheetApp';
  }
}

for (const name of Object.getOwnPropertyNames(Range.prototype)) {
  const desc = Object.getOwnPropertyDescriptor(Range.prototype, name);
  const original = desc?.value as ((...a: unknown[]) => unknown) | undefined;
  if (name === 'constructor' || name === 'toString' || typeof original !== 'function') continue;
  Object.defineProperty(Range.prototype, name, {
    ...desc,
    value: function (this: Range, ...args: unknown[]): unknown {
      Range.checkLive(this);
      return original.apply(this, args);
    },
  });
}

countCalls(Range, 'Range');
countCalls(Sheet, 'Sheet');
countCalls(Spreadsheet, 'Spreadsheet');
countCalls(SpreadsheetAppService, 'SpreadsheetApp');
