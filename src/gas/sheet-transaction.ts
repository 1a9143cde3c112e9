/**
 * Several sheets changed as one: a server call that writes more than one sheet (match, a source
 * import's finish, removing a source; later resolve, push and sync) leaves either the old
 * contents or the new ones, never a mix, whatever instant the 6-minute limit or a service error
 * cuts it off.
 *
 * The new contents are first written to hidden staging sheets. Only when all of them are
 * complete is a commit record saved (one property write: the commit point). Then each step is
 * carried out; every step can be repeated safely, so a run cut off after the commit point is
 * finished by the next locked call (roll forward), and one cut off before it leaves only staging
 * sheets, which the next locked call deletes (roll back). Result sheets keep their identity
 * (filters, widths and links to them survive): staged values are copied into them.
 */
import type { PropertyStore, SheetLayout, WorkbookPort } from '../core/ports';
import type { Row } from '../core/records';

export const STAGING_PREFIX = '~tx ';
const COMMIT_PROPERTY = 'sheetTransaction.commit';
/** Set while a transaction stages: only then can a cut-off leave staging sheets to clean up. */
const STAGING_PROPERTY = 'sheetTransaction.staging';
/** A commit record larger than a property holds (9 KB) waits in a hidden sheet instead. */
const MAX_RECORD_CHARS = 8000;
const STEPS_SHEET = `${STAGING_PREFIX}steps`;
const CELL_CHARS = 40_000;
/** Past this many changed rows one whole-sheet write is cheaper than a write per row. */
const ROW_WRITES_LIMIT = 20;

/** One row to set (found by its key column; appended when missing), or to delete (row null). */
export interface RowPatch {
  key: string;
  row: Row | null;
}

type Step =
  /** The staged values replace the target's content; the target sheet itself stays. */
  | { kind: 'copy'; staged: string; target: string; layout?: SheetLayout }
  /** A staged sheet becomes the target (replacing any sheet of that name); for large new sheets. */
  | { kind: 'move'; staged: string; target: string }
  | { kind: 'remove'; target: string }
  /** Rows set or deleted by key; the rest of the sheet, and what people typed there, stays. */
  | {
      kind: 'patch';
      target: string;
      keyColumn: string;
      columns: string[];
      patches: RowPatch[];
      layout?: SheetLayout;
      /** Rows are only updated: a key the sheet no longer has is not added back. */
      existingOnly?: boolean;
    };

interface Staged {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

export class SheetTransaction {
  private readonly steps: Step[] = [];
  /** What this run staged, so carrying out its own commit needs no read back. */
  private readonly staged = new Map<string, Staged>();

  constructor(
    private readonly workbook: WorkbookPort,
    private readonly properties: PropertyStore,
  ) {}

  /** Stages the sheet's new content now; the sheet itself changes at commit. */
  write(target: string, header: readonly string[], rows: readonly (readonly string[])[], layout?: SheetLayout): this {
    if (this.staged.size === 0) this.properties.setProperty(STAGING_PROPERTY, '1');
    const staged = `${STAGING_PREFIX}${target}`;
    this.workbook.remove(staged);
    this.workbook.write(staged, header, rows, { hidden: true });
    this.staged.set(staged, { header, rows });
    this.steps.push(layout ? { kind: 'copy', staged, target, layout } : { kind: 'copy', staged, target });
    return this;
  }

  /** At commit, the already complete hidden sheet `staged` becomes `target`. */
  move(staged: string, target: string): this {
    this.steps.push({ kind: 'move', staged, target });
    return this;
  }

  remove(target: string): this {
    this.steps.push({ kind: 'remove', target });
    return this;
  }

  /**
   * Sets or deletes rows by key at commit; a patch's row names only the columns it changes, the
   * rest of the row stays as the sheet holds it then. `columns` are the sheet's header when it
   * has to be made; columns a patch names that the sheet lacks are added after its own.
   */
  patch(
    target: string,
    keyColumn: string,
    columns: readonly string[],
    patches: RowPatch[],
    options: { layout?: SheetLayout; existingOnly?: boolean } = {},
  ): this {
    if (patches.length) this.steps.push({ kind: 'patch', target, keyColumn, columns: [...columns], patches, ...options });
    return this;
  }

  commit(): void {
    if (this.steps.length === 0) return;
    let record = JSON.stringify(this.steps);
    const inSheet = record.length > MAX_RECORD_CHARS;
    if (inSheet) {
      if (this.staged.size === 0) this.properties.setProperty(STAGING_PROPERTY, '1');
      const chunks: string[][] = [];
      for (let i = 0; i < record.length; i += CELL_CHARS) chunks.push([record.slice(i, i + CELL_CHARS)]);
      this.workbook.remove(STEPS_SHEET);
      this.workbook.write(STEPS_SHEET, ['Steps'], chunks, { hidden: true });
      record = JSON.stringify({ inSheet: STEPS_SHEET });
    }
    this.properties.setProperty(COMMIT_PROPERTY, record);
    carryOut(this.workbook, this.steps, this.staged);
    if (inSheet) this.workbook.remove(STEPS_SHEET);
    this.properties.deleteProperty(COMMIT_PROPERTY);
    if (this.staged.size || inSheet) this.properties.deleteProperty(STAGING_PROPERTY);
  }
}

/**
 * Finishes or undoes a transaction that an earlier execution did not complete. Every locked
 * server call runs this first; it costs one property read when there is nothing to do.
 * Returns what it did, for the log.
 */
export function recoverSheetTransaction(workbook: WorkbookPort, properties: PropertyStore): 'none' | 'rolled forward' | 'rolled back' {
  const raw = properties.getProperty(COMMIT_PROPERTY);
  if (raw) {
    const parsed = JSON.parse(raw) as Step[] | { inSheet: string };
    const steps = Array.isArray(parsed)
      ? parsed
      : (JSON.parse((workbook.read(parsed.inSheet)?.rows ?? []).map((r) => r[0] ?? '').join('')) as Step[]);
    carryOut(workbook, steps, new Map());
    workbook.remove(STEPS_SHEET);
    properties.deleteProperty(COMMIT_PROPERTY);
    properties.deleteProperty(STAGING_PROPERTY);
    return 'rolled forward';
  }
  if (properties.getProperty(STAGING_PROPERTY) === null) return 'none';
  const leftovers = workbook.sheetNames().filter((n) => n.startsWith(STAGING_PREFIX));
  for (const name of leftovers) workbook.remove(name);
  properties.deleteProperty(STAGING_PROPERTY);
  return leftovers.length ? 'rolled back' : 'none';
}

/** Whether an earlier execution left a commit unfinished (readers then wait for its repair). */
export function hasUnfinishedCommit(properties: PropertyStore): boolean {
  return properties.getProperty(COMMIT_PROPERTY) !== null;
}

/** Each step checks what is already done, so carrying out the same list twice is harmless. */
function carryOut(workbook: WorkbookPort, steps: Step[], inMemory: Map<string, Staged>): void {
  for (const step of steps) {
    if (step.kind === 'remove') {
      workbook.remove(step.target);
    } else if (step.kind === 'patch') {
      applyPatches(workbook, step);
    } else if (step.kind === 'move') {
      if (!workbook.exists(step.staged)) continue;
      workbook.remove(step.target);
      workbook.rename(step.staged, step.target);
      workbook.show(step.target);
    } else {
      const staged = inMemory.get(step.staged) ?? workbook.read(step.staged);
      if (!staged) continue;
      workbook.write(step.target, staged.header, staged.rows, step.layout);
      workbook.remove(step.staged);
    }
  }
}

/** Setting a row to given values and deleting a key's row are both safe to repeat. */
function applyPatches(workbook: WorkbookPort, step: Extract<Step, { kind: 'patch' }>): void {
  const table = workbook.read(step.target);
  const header = [...(table?.header ?? step.columns)];
  while (header.length && header[header.length - 1] === '') header.pop();
  for (const p of step.patches) for (const name of Object.keys(p.row ?? {})) if (!header.includes(name)) header.push(name);
  const keyAt = header.indexOf(step.keyColumn);
  const cellsOf = (row: Row) => header.map((h) => row[h] ?? '');
  const latest = new Map(step.patches.map((p) => [p.key, p.row]));
  const rows = table?.rows ?? [];
  const numbers = table?.rowNumbers ?? rows.map((_, i) => i + 2);
  const found = new Map<string, number>();
  rows.forEach((r, i) => found.set(r[keyAt] ?? '', i));
  const grew = header.length > (table?.header ?? []).filter((h) => h !== '').length;
  if (!table || grew || latest.size > ROW_WRITES_LIMIT) {
    // One whole-sheet write, from the sheet as it is now (rows typed meanwhile are kept).
    const out: string[][] = [];
    for (const r of rows) {
      const key = r[keyAt] ?? '';
      if (!latest.has(key)) out.push(header.map((_, i) => r[i] ?? ''));
      else if (latest.get(key)) out.push(mergeCells(header, r, latest.get(key)!));
    }
    if (!step.existingOnly) for (const [key, row] of latest) if (row && !found.has(key)) out.push(cellsOf(row));
    workbook.write(step.target, header, out, step.layout);
    return;
  }
  const numberColumns = step.layout?.numbers ? { header, numbers: step.layout.numbers } : undefined;
  const appended: string[][] = [];
  const deleted: number[] = [];
  for (const [key, row] of latest) {
    const at = found.get(key);
    if (at === undefined) {
      if (row && !step.existingOnly) appended.push(cellsOf(row));
    } else if (row) {
      workbook.writeRows(step.target, numbers[at]!, [mergeCells(header, rows[at]!, row)], numberColumns);
    } else {
      deleted.push(numbers[at]!);
    }
  }
  if (appended.length) workbook.writeRows(step.target, (numbers[numbers.length - 1] ?? 1) + 1, appended, numberColumns);
  if (deleted.length) workbook.deleteRows(step.target, deleted);
}

/** The patched row over the row as the sheet holds it: columns the patch does not name stay. */
function mergeCells(header: readonly string[], current: readonly string[], row: Row): string[] {
  return header.map((h, i) => (h in row ? row[h]! : (current[i] ?? '')));
}
