/** The Unmapped sheet: phones no source knows. What reviewers type there survives every run. */
import { rowsOf, type Row } from '../records';
import { HEADERS } from '../workbook-schema';
import type { Outcome, Table } from './model';

export const UNMAPPED_EXTRA_HEADERS = ['Name', 'Email', 'Reason'] as const;

export function buildUnmapped(outcomes: Map<string, Outcome>, conversationIds: Map<string, string>, previous: Table | null): Table {
  const header = [...HEADERS.unmapped, ...UNMAPPED_EXTRA_HEADERS];
  const typed = new Map<string, Row>(rowsOf(previous).map((r) => [(r['Phone'] ?? '').trim(), r]));
  const rows: string[][] = [];
  for (const [phone, outcome] of outcomes) {
    if (outcome.kind !== 'unmapped') continue;
    const before = typed.get(phone);
    // What a reviewer typed here is theirs: it survives every re-run.
    rows.push([phone, conversationIds.get(phone) ?? '', before?.['Name'] ?? '', before?.['Email'] ?? '', outcome.reason]);
  }
  return { header, rows };
}
