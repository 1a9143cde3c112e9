/**
 * Small readable fakes of the ports the add-on's stores and protocols take (src/core/ports.ts),
 * in the manner of apps-script-oauth2's test mocks: a workbook of named text grids and a property
 * store over a plain object. `cutOffAt` makes the Nth call fail the way Apps Script's time limit
 * would, to check what a cut-off run leaves behind.
 */
import type { PropertyStore, SheetLayout, WorkbookPort } from '../../src/core/ports';
import type { Table } from '../../src/core/table';

export const CUT_OFF = 'Exceeded maximum execution time';

export interface FakeSheet {
  cells: string[][];
  hidden: boolean;
  layout?: SheetLayout;
}

export class FakeWorkbook implements WorkbookPort {
  readonly sheets = new Map<string, FakeSheet>();
  /** Every call so far, by method name, in order. */
  readonly calls: string[] = [];
  /** The 1-based call number that fails as if the run were cut off there. */
  cutOffAt: number | null = null;

  constructor(initial: Record<string, string[][]> = {}) {
    for (const [name, cells] of Object.entries(initial)) this.sheets.set(name, { cells: cells.map((r) => [...r]), hidden: false });
  }

  /** Counts one call (the property fake counts its calls here too) and cuts off when due. */
  record(method: string): void {
    this.calls.push(method);
    if (this.cutOffAt !== null && this.calls.length >= this.cutOffAt) throw new Error(CUT_OFF);
  }

  private sheet(name: string): FakeSheet {
    const s = this.sheets.get(name);
    if (!s) throw new Error(`The sheet "${name}" is missing.`);
    return s;
  }

  read(name: string): Table | null {
    this.record('read');
    const s = this.sheets.get(name);
    if (!s) return null;
    const [header = [], ...all] = s.cells.map((r) => [...r]);
    const rowNumbers = all.map((_, i) => i + 2).filter((_, i) => all[i]!.some((c) => c !== ''));
    return { header, rows: all.filter((r) => r.some((c) => c !== '')), rowNumbers };
  }

  write(name: string, header: readonly string[], rows: readonly (readonly string[])[], layout?: SheetLayout): void {
    this.record('write');
    this.sheets.set(name, {
      cells: [[...header], ...rows.map((r) => [...r])],
      hidden: layout?.hidden ?? false,
      ...(layout ? { layout } : {}),
    });
  }

  writeRows(name: string, firstRow: number, rows: readonly (readonly string[])[]): void {
    this.record('writeRows');
    const s = this.sheet(name);
    rows.forEach((r, i) => (s.cells[firstRow - 1 + i] = [...r]));
  }

  readColumn(name: string, column: number, firstRow: number, count: number): string[] {
    this.record('readColumn');
    const s = this.sheet(name);
    return Array.from({ length: count }, (_, i) => s.cells[firstRow - 1 + i]?.[column - 1] ?? '');
  }

  writeColumn(name: string, column: number, firstRow: number, values: readonly string[]): void {
    this.record('writeColumn');
    const s = this.sheet(name);
    values.forEach((v, i) => {
      const row = (s.cells[firstRow - 1 + i] ??= []);
      row[column - 1] = v;
    });
  }

  sheetNames(): string[] {
    this.record('sheetNames');
    return [...this.sheets.keys()];
  }

  exists(name: string): boolean {
    this.record('exists');
    return this.sheets.has(name);
  }

  insertHidden(name: string, header: readonly string[]): void {
    this.record('insertHidden');
    if (this.sheets.has(name)) throw new Error(`A sheet with the name "${name}" already exists.`);
    this.sheets.set(name, { cells: [[...header]], hidden: true });
  }

  rename(from: string, to: string): void {
    this.record('rename');
    const s = this.sheet(from);
    if (this.sheets.has(to)) throw new Error(`A sheet with the name "${to}" already exists.`);
    this.sheets.delete(from);
    this.sheets.set(to, s);
  }

  show(name: string): void {
    this.record('show');
    this.sheet(name).hidden = false;
  }

  hide(name: string): void {
    this.record('hide');
    this.sheet(name).hidden = true;
  }

  deleteRows(name: string, rowNumbers: readonly number[]): void {
    this.record('deleteRows');
    const s = this.sheet(name);
    for (const n of [...rowNumbers].sort((a, b) => b - a)) s.cells.splice(n - 1, 1);
  }

  remove(name: string): void {
    this.record('remove');
    this.sheets.delete(name);
  }

  cellsInUse(): number {
    this.record('cellsInUse');
    let n = 0;
    for (const s of this.sheets.values()) n += s.cells.reduce((a, r) => a + r.length, 0);
    return n;
  }

  /** The visible sheets' contents, for comparing whole workbooks. */
  snapshot(): Record<string, string[][]> {
    const out: Record<string, string[][]> = {};
    for (const [name, s] of this.sheets) if (!s.hidden) out[name] = s.cells.map((r) => [...r]);
    return out;
  }
}

export class FakeProperties implements PropertyStore {
  readonly store: Record<string, string> = {};
  /** Linked to a workbook, its calls count with the workbook's: one cut-off point for the run. */
  constructor(private readonly workbook?: FakeWorkbook) {}

  getProperty(key: string): string | null {
    this.workbook?.record('properties.getProperty');
    return key in this.store ? this.store[key]! : null;
  }

  setProperty(key: string, value: string): this {
    this.workbook?.record('properties.setProperty');
    this.store[key] = String(value);
    return this;
  }

  deleteProperty(key: string): this {
    this.workbook?.record('properties.deleteProperty');
    delete this.store[key];
    return this;
  }

  getProperties(): Record<string, string> {
    this.workbook?.record('properties.getProperties');
    return { ...this.store };
  }
}
