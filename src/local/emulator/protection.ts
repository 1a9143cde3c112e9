/**
 * Protected ranges and sheets, and the check every edit passes.
 * https://developers.google.com/apps-script/reference/spreadsheet/protection
 * https://developers.google.com/apps-script/reference/spreadsheet/range#protect()
 * Until the script changes a protection's editors "the permissions mirror those of the spreadsheet
 * itself, which effectively means that the range remains unprotected"; the owner of the spreadsheet
 * can always edit, and neither the owner nor the current user can be removed from the editors.
 * The emulator knows no sharing settings: the spreadsheet's own editors are its owner and whoever
 * made the protection.
 */
import { bindExecution, countCalls, executionOf, type Execution } from './execution';
import type { ProtectionModel, SheetModel, WorkbookModel } from './workbook-model';

export const ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' } as const;

export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

export interface Area {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

function overlaps(a: Area, b: Area): boolean {
  return a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.column < b.column + b.numColumns && b.column < a.column + a.numColumns;
}

function inside(inner: Area, outer: Area): boolean {
  return (
    inner.row >= outer.row &&
    inner.column >= outer.column &&
    inner.row + inner.numRows <= outer.row + outer.numRows &&
    inner.column + inner.numColumns <= outer.column + outer.numColumns
  );
}

export interface Identity {
  /** Who is editing, as Sheets knows them (even when the script may not see the address). */
  user: string;
  owner: string;
}

export function mayEdit(p: ProtectionModel, who: Identity): boolean {
  if (p.editors === null || p.warningOnly) return true;
  if (who.user !== '' && who.user === who.owner) return true;
  return who.user !== '' && p.editors.includes(who.user);
}

/** Throws when `area` of `sheet` touches a protection the user may not edit. */
export function checkEditable(exec: Execution, sheet: SheetModel, area: Area, who: Identity): void {
  for (const p of sheet.protections ?? []) {
    if (mayEdit(p, who)) continue;
    if (p.kind === 'RANGE' ? overlaps(area, p.area!) : !(p.unprotected ?? []).some((u) => inside(area, u))) exec.fail(PROTECTED_MESSAGE);
  }
}

export interface ProtectionContext {
  workbook: WorkbookModel;
  who(): Identity;
  /** The range object for an area of the protected sheet. */
  range(sheet: SheetModel, area: Area): unknown;
  /** The area of a range object the script passes in, when it is one of ours. */
  areaOf(range: unknown): { sheet: SheetModel; area: Area } | undefined;
}

export class Protection {
  readonly #model: ProtectionModel;
  readonly #sheet: SheetModel;
  readonly #context: ProtectionContext;

  constructor(exec: Execution, context: ProtectionContext, sheet: SheetModel, model: ProtectionModel) {
    bindExecution(this, exec);
    this.#context = context;
    this.#sheet = sheet;
    this.#model = model;
  }

  get #exec(): Execution {
    return executionOf(this);
  }

  /** Changing a protection is itself an edit only its editors may make. */
  #changing(): ProtectionModel {
    if (!(this.#sheet.protections ?? []).includes(this.#model)) this.#exec.fail('Protection not found');
    const who = this.#context.who();
    if (this.#model.editors !== null && !this.#model.warningOnly && !mayEdit(this.#model, who)) this.#exec.fail(PROTECTED_MESSAGE);
    return this.#model;
  }

  /** The first change to the editors replaces "mirror the spreadsheet" with an explicit list. */
  #editors(): string[] {
    const m = this.#changing();
    if (m.editors === null) m.editors = [...new Set([this.#context.who().owner, m.createdBy].filter((e) => e !== ''))];
    return m.editors;
  }

  #users(list: readonly string[]): Array<{ getEmail(): string }> {
    const realm = this.#exec.realm;
    return realm.array(list.map((email) => realm.object({ getEmail: () => email, toString: () => email })));
  }

  getProtectionType(): string {
    return this.#model.kind;
  }

  getDescription(): string {
    return this.#model.description;
  }

  setDescription(description: string): Protection {
    this.#changing().description = String(description);
    return this;
  }

  isWarningOnly(): boolean {
    return this.#model.warningOnly;
  }

  setWarningOnly(warningOnly: boolean): Protection {
    this.#changing().warningOnly = Boolean(warningOnly);
    return this;
  }

  getEditors(): Array<{ getEmail(): string }> {
    const m = this.#model;
    return this.#users(m.editors ?? [this.#context.who().owner, m.createdBy].filter((e, i, a) => e !== '' && a.indexOf(e) === i));
  }

  addEditor(user: unknown): Protection {
    return this.addEditors([user]);
  }

  addEditors(users: unknown[]): Protection {
    const editors = this.#editors();
    for (const u of users ?? []) {
      const email = emailOf(u);
      if (email && !editors.includes(email)) editors.push(email);
    }
    return this;
  }

  removeEditor(user: unknown): Protection {
    return this.removeEditors([user]);
  }

  removeEditors(users: unknown[]): Protection {
    const editors = this.#editors();
    const who = this.#context.who();
    for (const u of users ?? []) {
      const email = emailOf(u);
      if (email === who.owner || email === who.user) continue;
      const at = editors.indexOf(email);
      if (at >= 0) editors.splice(at, 1);
    }
    return this;
  }

  canEdit(): boolean {
    return mayEdit({ ...this.#model, warningOnly: false }, this.#context.who());
  }

  canDomainEdit(): boolean {
    return this.#model.domainEdit;
  }

  setDomainEdit(editable: boolean): Protection {
    this.#editors();
    this.#model.domainEdit = Boolean(editable);
    return this;
  }

  getRange(): unknown {
    const area = this.#model.area ?? {
      row: 1,
      column: 1,
      numRows: this.#sheet.rowCount ?? 1000,
      numColumns: this.#sheet.columnCount ?? 26,
    };
    return this.#context.range(this.#sheet, area);
  }

  getUnprotectedRanges(): unknown[] {
    return this.#exec.realm.array((this.#model.unprotected ?? []).map((a) => this.#context.range(this.#sheet, a)));
  }

  setUnprotectedRanges(ranges: unknown[]): Protection {
    const m = this.#changing();
    if (m.kind !== 'SHEET') this.#exec.fail('Unprotected ranges can only be set on a sheet protection.');
    m.unprotected = (ranges ?? []).map((r) => {
      const found = this.#context.areaOf(r);
      if (!found || found.sheet !== this.#sheet) return this.#exec.fail('Invalid argument: ranges');
      return { ...found.area };
    });
    return this;
  }

  remove(): void {
    this.#changing();
    this.#sheet.protections = (this.#sheet.protections ?? []).filter((p) => p !== this.#model);
  }

  toString(): string {
    return 'Protection';
  }
}

function emailOf(user: unknown): string {
  if (typeof user === 'string') return user;
  if (user && typeof (user as { getEmail?: unknown }).getEmail === 'function') return String((user as { getEmail(): unknown }).getEmail());
  return String(user);
}

countCalls(Protection, 'Protection');
