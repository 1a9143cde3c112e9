/** The Unmapped sheet: phones no source knows. What reviewers type there survives every run. */
import { HEADERS } from '../workbook-schema';
import { column, type Outcome, type Table } from './model';

export const UNMAPPED_EXTRA_HEADERS = ['Name', 'Email', 'Reason'] as const;

export function buildUnmapped(outcomes: Map<string, Outcome>, conversationIds: Map<string, string>, previous: Table | null): Table {
  const header = [...HEADERS.unmapped, ...UNMAPPED_EXTRA_HEADERS];
  const typed = new Map<string, string[]>();
  for (const row of previous?.rows ?? []) typed.set(row[0] ?? '', row);
  const nameCol = column(previous, 'Name');
  const emailCol = column(previous, 'Email');
  const rows: string[][] = [];
  for (const [phone, outcome] of outcomes) {
    if (outcome.kind !== 'unmapped') continue;
    const before = typed.get(phone);
    // What a reviewer typed here is theirs: it survives every re-run.
    rows.push([phone, conversationIds.get(phone) ?? '', before && nameCol >= 0 ? before[nameCol] ?? '' : '', before && emailCol >= 0 ? before[emailCol] ?? '' : '', outcome.reason]);
  }
  return { header, rows };
}

