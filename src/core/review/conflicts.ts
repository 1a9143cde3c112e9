/**
 * Conflicts rows as records, by header name: what review reads from the sheet and writes back.
 * Reviewers sort, filter, hide and insert rows; a row is found by its Phone, never its position.
 */
import type { SheetLayout } from '../ports';
import { rowsOf, type Row } from '../records';
import type { Table } from '../table';
import { conflictCandidateHeaders } from '../workbook-schema';
import { decisionChoices } from './decisions';
import { candidateDataHeader, FINAL_COLUMNS, type CandidateData, type ConflictKind, type FinalFields } from './model';

export interface CandidateView {
  /** 1-based, as in the sheet's `N Source` columns. */
  n: number;
  source: string;
  name: string;
  email: string;
  address: string;
  /** Null for rows written before candidates carried their data: such a row needs a new match. */
  data: CandidateData | null;
}

export interface ConflictRecord {
  phone: string;
  status: string;
  decision: string;
  recommended: number;
  recommendedText: string;
  confidence: number;
  why: string;
  kind: ConflictKind | '';
  conversations: number;
  quickbooks: boolean;
  candidates: CandidateView[];
  finals: FinalFields;
  decidedBy: string;
  decidedAt: string;
  rule: string;
  applied: string;
  /** The row's `Candidate Keys`: who the candidates are. */
  candidateKeys: string;
  /** The row as read: its candidates' data and the columns review does not know. */
  row: Row;
}

/**
 * Whether a Conflicts row is decided: resolved with a Decision, or skipped. `resolved` picked in
 * the Status dropdown with no Decision says nothing about who the person is: still pending.
 */
export function isDecided(row: Row): boolean {
  const status = (row['Status'] ?? '').trim();
  return status === 'skipped' || (status === 'resolved' && (row['Decision'] ?? '').trim() !== '');
}

export function readConflicts(table: Table | null): ConflictRecord[] {
  const count = candidateCount(table?.header ?? []);
  // A note typed in an empty row is no conflict: rows are conflicts by their phone.
  return rowsOf(table)
    .map((row) => toRecord(row, count))
    .filter((r) => r.phone !== '');
}

export function candidateCount(header: readonly string[]): number {
  let n = 0;
  for (const h of header) {
    const m = /^(\d+) Source$/.exec(h);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return n;
}

function toRecord(row: Row, count: number): ConflictRecord {
  const candidates: CandidateView[] = [];
  for (let n = 1; n <= count; n++) {
    const [source, name, email, address] = conflictCandidateHeaders(n).map((h) => row[h] ?? '');
    if (!source && !name && !email && !address) continue;
    candidates.push({
      n,
      source: source!,
      name: name!,
      email: email!,
      address: address!,
      data: parseData(row[candidateDataHeader(n)] ?? ''),
    });
  }
  const recommendedText = row['Recommended'] ?? '';
  return {
    phone: (row['Phone'] ?? '').trim(),
    status: isDecided(row) ? (row['Status'] ?? '').trim() : 'pending',
    decision: row['Decision'] ?? '',
    recommended: Number(/^(\d+)/.exec(recommendedText)?.[1]) || 1,
    recommendedText,
    confidence: Number(row['Confidence']) || 0,
    why: row['Why'] ?? '',
    kind: (row['Kind'] ?? '') as ConflictKind | '',
    conversations: Number(row['Conversations']) || 0,
    quickbooks: (row['QuickBooks'] ?? '') === 'yes',
    candidates,
    finals: {
      firstName: row[FINAL_COLUMNS.firstName] ?? '',
      lastName: row[FINAL_COLUMNS.lastName] ?? '',
      company: row[FINAL_COLUMNS.company] ?? '',
      emails: row[FINAL_COLUMNS.emails] ?? '',
      address: row[FINAL_COLUMNS.address] ?? '',
    },
    decidedBy: row['Decided By'] ?? '',
    decidedAt: row['Decided At'] ?? '',
    rule: row['Rule'] ?? '',
    applied: row['Applied'] ?? '',
    candidateKeys: row['Candidate Keys'] ?? '',
    row,
  };
}

function parseData(json: string): CandidateData | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as CandidateData;
  } catch {
    return null;
  }
}

/** The row to write back for a record whose review fields changed. */
/**
 * The review fields of a record, keyed by its Phone: what a decision changes on its row. The
 * rest of the row (candidates, what a reviewer typed elsewhere) is left as the sheet holds it.
 */
export function conflictRow(r: ConflictRecord): Row {
  return {
    Phone: r.phone,
    Status: r.status,
    Decision: r.decision,
    [FINAL_COLUMNS.firstName]: r.finals.firstName,
    [FINAL_COLUMNS.lastName]: r.finals.lastName,
    [FINAL_COLUMNS.company]: r.finals.company,
    [FINAL_COLUMNS.emails]: r.finals.emails,
    [FINAL_COLUMNS.address]: r.finals.address,
    'Decided By': r.decidedBy,
    'Decided At': r.decidedAt,
    Rule: r.rule,
    Applied: r.applied,
  };
}

/** The review queue's order: QuickBooks customers first, then the phones people talk to most. */
export function queueOrder(a: ConflictRecord, b: ConflictRecord): number {
  return Number(b.quickbooks) - Number(a.quickbooks) || b.conversations - a.conversations || a.phone.localeCompare(b.phone);
}

/** The columns a reviewer types into. */
export const TYPED_COLUMNS = ['Decision', 'Status', ...Object.values(FINAL_COLUMNS)];

/**
 * The new Conflicts table with what reviewers typed into the sheet after `read` was taken
 * (compared with `latest`, read again just before writing), for phones that still have a row.
 */
export function carryTypedEdits(next: Table, read: Table | null, latest: Table | null, columns: readonly string[] = TYPED_COLUMNS): Table {
  if (!latest || !read) return next;
  const earlier = new Map(rowsOf(read).map((r) => [r['Phone'] ?? '', r]));
  const edits = new Map<string, Row>();
  for (const row of rowsOf(latest)) {
    const phone = row['Phone'] ?? '';
    const was = earlier.get(phone) ?? {};
    const changed: Row = {};
    for (const h of columns) if ((row[h] ?? '') !== (was[h] ?? '')) changed[h] = row[h] ?? '';
    if (Object.keys(changed).length) edits.set(phone, changed);
  }
  if (edits.size === 0) return next;
  const at = (h: string) => next.header.indexOf(h);
  return {
    header: next.header,
    rows: next.rows.map((cells) => {
      const edit = edits.get(cells[at('Phone')] ?? '');
      if (!edit) return cells;
      const out = [...cells];
      for (const [h, v] of Object.entries(edit)) if (at(h) >= 0) out[at(h)] = v;
      // A choice the new sheet no longer offers would be refused by the dropdown.
      if ('Decision' in edit && edit['Decision'] !== '' && !decisionChoices(candidateCount(next.header)).includes(edit['Decision']!))
        out[at('Decision')] = cells[at('Decision')] ?? '';
      return out;
    }),
  };
}

/**
 * The source records a decided conflict row applies (by record key): the picked candidate's, or
 * every candidate's for a merge; none for "none of these"; null while undecided or skipped.
 */
export function decidedRecords(row: Row): Set<string> | null {
  const record = toRecord(row, candidateCount(Object.keys(row)));
  if (record.status !== 'resolved') return null;
  const text = record.decision.trim().toLowerCase();
  const records = (keys: string[]) => keys.map((k) => k.slice(0, k.lastIndexOf('/')));
  if (text === 'merge') return new Set(record.candidates.flatMap((c) => records(c.data?.keys ?? [])));
  const n = Number(/^(\d+)\s*(?::|$)/.exec(text)?.[1]);
  if (!n) return new Set();
  return new Set(records(record.candidates.find((c) => c.n === n)?.data?.keys ?? []));
}

/** How the Conflicts sheet is laid out for reviewers, given its header. */
export function conflictsLayout(header: readonly string[]): SheetLayout {
  return {
    dropdowns: [
      { column: 'Status', values: ['pending', 'resolved', 'skipped'] },
      { column: 'Decision', values: decisionChoices(candidateCount(header)) },
    ],
    numbers: [
      { column: 'Confidence', format: '0.00' },
      { column: 'Conversations', format: '0' },
    ],
    // The add-on's own bookkeeping: there for it to read back, not for reviewers to sort by.
    hiddenColumns: header.filter((h) => /^\d+ Data$/.test(h) || h === 'Candidate Keys' || h === 'Applied'),
  };
}
