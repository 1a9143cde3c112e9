/**
 * The verification figures (design §1 step 5, §5 `report`), computed from the sheets alone.
 * Goals: 80%+ of conversations named, 50%+ with an email, every QuickBooks customer matched,
 * zero duplicate contacts.
 */
import { cell, column, type Table } from './table';
import { HEADERS } from './workbook-schema';


export interface ReportInput {
  conversations: Table | null;
  contacts: Table | null;
  sources: Table | null;
  conflicts: Table | null;
}

export interface Report {
  conversations: number;
  contacts: number;
  conversationsNamed: number;
  conversationsWithEmail: number;
  quickbooksCustomers: number;
  quickbooksMatched: number;
  conflictsPending: number;
  unmapped: number;
  pushed: number;
  duplicateContacts: number;
}

export function buildReport(input: ReportInput): Report {
  const conversationPhones = new Set(values(input.conversations, HEADERS.conversations[0]).filter(Boolean));
  const contacts = input.contacts;
  const named = new Set<string>();
  const withEmail = new Set<string>();
  const openPhoneIds = new Map<string, number>();
  for (const row of contacts?.rows ?? []) {
    const get = (name: string) => cell(contacts!, row, name);
    const phones = get('Phones').split(',').map((p) => p.trim()).filter(Boolean);
    const isNamed = [get('First Name'), get('Last Name'), get('Company')].some((v) => v.trim() !== '');
    for (const p of phones) {
      if (isNamed) named.add(p);
      if (get('Emails').trim()) withEmail.add(p);
    }
    const id = get('OpenPhone ID').trim();
    if (id) openPhoneIds.set(id, (openPhoneIds.get(id) ?? 0) + 1);
  }
  const pendingConflictPhones = new Set(
    (input.conflicts?.rows ?? []).filter((r) => cell(input.conflicts!, r, 'Status') === 'pending').map((r) => cell(input.conflicts!, r, 'Phone')),
  );
  let conversationsNamed = 0;
  let conversationsWithEmail = 0;
  let unmapped = 0;
  conversationPhones.forEach((p) => {
    if (named.has(p)) conversationsNamed++;
    else if (!pendingConflictPhones.has(p)) unmapped++;
    if (withEmail.has(p)) conversationsWithEmail++;
  });
  let quickbooksCustomers = 0;
  let quickbooksMatched = 0;
  for (const row of input.sources?.rows ?? []) {
    if (cell(input.sources!, row, 'Source Type') !== 'quickbooks') continue;
    quickbooksCustomers += Number(cell(input.sources!, row, 'Total Records')) || 0;
    quickbooksMatched += Number(cell(input.sources!, row, 'Matched Records')) || 0;
  }
  let duplicateContacts = 0;
  openPhoneIds.forEach((count) => (duplicateContacts += count - 1));
  return {
    conversations: conversationPhones.size,
    contacts: contacts?.rows.length ?? 0,
    conversationsNamed,
    conversationsWithEmail,
    quickbooksCustomers,
    quickbooksMatched,
    conflictsPending: pendingConflictPhones.size,
    unmapped,
    pushed: [...openPhoneIds.values()].reduce((a, b) => a + b, 0),
    duplicateContacts,
  };
}

/** A column's trimmed values. */
function values(table: Table | null, name: string): string[] {
  const i = column(table, name);
  return i < 0 ? [] : table!.rows.map((r) => (r[i] ?? '').trim());
}
