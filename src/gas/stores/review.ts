/**
 * The sheets review reads and changes, each by header name: Conflicts (rows found by Phone),
 * Contacts (by Contact ID), the Decision Log and the Rules sheet (by their own IDs). Changes are
 * staged as row patches in a sheet transaction, so a decision writes only its own rows and lands
 * whole or not at all.
 */
import type { WorkbookPort } from '../../core/ports';
import { rowsOf, type Row } from '../../core/records';
import { conflictRow, conflictsLayout, readConflicts, type ConflictRecord } from '../../core/review/conflicts';
import type { LogEntry, ReviewRule } from '../../core/review/review';
import type { Table } from '../../core/table';
import { HEADERS, SHEETS } from '../../core/workbook-schema';
import type { SheetTransaction } from '../sheet-transaction';

export const DECISION_LOG_SHEET = 'Decision Log';
export const RULES_SHEET = 'Rules';

const LOG_COLUMNS: Record<keyof LogEntry, string> = {
  entry: 'Entry',
  batch: 'Batch',
  at: 'At',
  by: 'By',
  action: 'Action',
  phone: 'Phone',
  rule: 'Rule',
  before: 'Before',
  after: 'After',
  conflictBefore: 'Conflict Before',
  contactsBefore: 'Contacts Before',
  contactsAfter: 'Contacts After',
  undoneBy: 'Undone By',
};

const RULE_COLUMNS: Record<keyof ReviewRule, string> = {
  id: 'Rule ID',
  sourceTypes: 'Source Types',
  kind: 'Kind',
  strategy: 'Strategy',
  createdBy: 'Created By',
  createdAt: 'Created At',
  status: 'Status',
};

export class ConflictsStore {
  readonly table: Table | null;
  readonly records: ConflictRecord[];

  constructor(workbook: WorkbookPort) {
    this.table = workbook.read(SHEETS.conflicts);
    this.records = readConflicts(this.table);
  }

  find(phone: string): ConflictRecord | undefined {
    return this.records.find((r) => r.phone === phone);
  }

  stage(tx: SheetTransaction, changed: readonly ConflictRecord[]): void {
    if (!this.table || changed.length === 0) return;
    tx.patch(
      SHEETS.conflicts,
      'Phone',
      this.table.header,
      changed.map((c) => ({ key: c.phone, row: conflictRow(c) })),
      // A conflict row someone deleted meanwhile is not brought back as a few review cells.
      { layout: conflictsLayout(this.table.header), existingOnly: true },
    );
  }
}

export class ContactsStore {
  readonly rows: Row[];

  constructor(
    workbook: WorkbookPort,
    private readonly table: Table | null = workbook.read(SHEETS.contacts),
  ) {
    this.rows = rowsOf(table);
  }

  /** Stages the difference between these rows and `next`, by Contact ID. */
  stage(tx: SheetTransaction, next: readonly Row[]): void {
    const before = new Map(this.rows.map((r) => [r['Contact ID'] ?? '', r]));
    const after = new Map(next.map((r) => [r['Contact ID'] ?? '', r]));
    const patches: Array<{ key: string; row: Row | null }> = [];
    for (const [id, row] of after) if (JSON.stringify(before.get(id)) !== JSON.stringify(row)) patches.push({ key: id, row });
    for (const id of before.keys()) if (!after.has(id)) patches.push({ key: id, row: null });
    tx.patch(SHEETS.contacts, 'Contact ID', this.table?.header ?? HEADERS.contacts, patches);
  }
}

export class DecisionLogStore {
  readonly entries: LogEntry[];

  constructor(workbook: WorkbookPort) {
    this.entries = fromRows(workbook.read(DECISION_LOG_SHEET), LOG_COLUMNS);
  }

  /**
   * The next entry's id (`offset` more for each entry an action adds before it): entries are
   * numbered from the highest there is, so the log reads in order even when sorted, and a row
   * deleted by hand never makes an id come round again.
   */
  nextId(offset = 0): string {
    const highest = this.entries.reduce((n, e) => Math.max(n, Number(/^L(\d+)$/.exec(e.entry)?.[1]) || 0), 0);
    return `L${String(highest + 1 + offset).padStart(6, '0')}`;
  }

  stage(tx: SheetTransaction, entries: readonly LogEntry[]): void {
    tx.patch(
      DECISION_LOG_SHEET,
      'Entry',
      Object.values(LOG_COLUMNS),
      entries.map((e) => ({ key: e.entry, row: toRow(e, LOG_COLUMNS) })),
    );
  }
}

export class RulesStore {
  readonly rules: ReviewRule[];

  constructor(workbook: WorkbookPort) {
    this.rules = fromRows(workbook.read(RULES_SHEET), RULE_COLUMNS);
  }

  active(): ReviewRule[] {
    return this.rules.filter((r) => r.status === 'active');
  }

  stage(tx: SheetTransaction, rules: readonly ReviewRule[]): void {
    tx.patch(
      RULES_SHEET,
      'Rule ID',
      Object.values(RULE_COLUMNS),
      rules.map((r) => ({ key: r.id, row: toRow(r, RULE_COLUMNS) })),
    );
  }
}

/** Records whose every field is one column, named in `columns`. */
function fromRows<T extends object>(table: Table | null, columns: Record<keyof T, string>): T[] {
  return rowsOf(table).map((row) => {
    const record = {} as Record<string, string>;
    for (const [k, h] of Object.entries(columns) as Array<[string, string]>) record[k] = row[h] ?? '';
    return record as T;
  });
}

function toRow<T extends object>(record: T, columns: Record<keyof T, string>): Row {
  const row: Row = {};
  for (const [k, h] of Object.entries(columns) as Array<[keyof T, string]>) row[h] = String(record[k] ?? '');
  return row;
}
