/**
 * The verification figures (design §1 step 5, §5 `report`), computed from the sheets alone.
 * Goals: 80%+ of conversations named, 50%+ with an email, every QuickBooks customer matched,
 * zero duplicate contacts.
 */
import { quickBooksName } from './sources/profiles';
import { rowsOf } from './records';
import { isDecided } from './review/conflicts';
import { cell, column, type Table } from './table';
import { HEADERS } from './workbook-schema';

export interface ReportInput {
  conversations: Table | null;
  contacts: Table | null;
  sources: Table | null;
  conflicts: Table | null;
  /** The Matches sheet: which source records carry a conversation phone, and which were applied. */
  matches?: Table | null;
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
  /** Source records some contact is made of (a person key is `<record key>/<role>`). */
  const contactRecords = new Set<string>();
  // A duplicate is a contact row that shares an OpenPhone ID, a phone or a source person with an
  // earlier one: either way one person would be two contacts in OpenPhone.
  const seenPhones = new Set<string>();
  const seenPeople = new Set<string>();
  let duplicateContacts = 0;
  for (const row of contacts?.rows ?? []) {
    const get = (name: string) => cell(contacts!, row, name);
    const people = get('Person Keys')
      .split(', ')
      .filter((k) => k.includes('/'));
    for (const key of people) contactRecords.add(key.slice(0, key.lastIndexOf('/')));
    const phones = get('Phones')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const id = get('OpenPhone ID').trim();
    if (phones.some((p) => seenPhones.has(p)) || people.some((k) => seenPeople.has(k)) || (id !== '' && openPhoneIds.has(id)))
      duplicateContacts++;
    phones.forEach((p) => seenPhones.add(p));
    people.forEach((k) => seenPeople.add(k));
    const isNamed = [get('First Name'), get('Last Name'), get('Company')].some((v) => v.trim() !== '');
    for (const p of phones) {
      if (isNamed) named.add(p);
      if (get('Emails').trim()) withEmail.add(p);
    }
    if (id) openPhoneIds.set(id, (openPhoneIds.get(id) ?? 0) + 1);
  }
  const pendingConflictPhones = new Set(
    rowsOf(input.conflicts)
      .filter((r) => (r['Phone'] ?? '').trim() !== '' && !isDecided(r))
      .map((r) => r['Phone']!.trim()),
  );
  let conversationsNamed = 0;
  let conversationsWithEmail = 0;
  let unmapped = 0;
  conversationPhones.forEach((p) => {
    if (named.has(p)) conversationsNamed++;
    else if (!pendingConflictPhones.has(p)) unmapped++;
    if (withEmail.has(p)) conversationsWithEmail++;
  });
  const { quickbooksCustomers, quickbooksMatched } = quickBooksFigures(input.matches ?? null, contactRecords);
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

/** The customer a QuickBooks record belongs to: jobs (`Parent:Job`) roll up into their parent. */
const CUSTOMER_FIELDS = ['Customer', 'Customer full name', 'Display Name', 'Name'];

/**
 * QuickBooks customers counted as customers, not as rows: one display name across every
 * QuickBooks source (Online and Desktop exports of one company name the same people), compared
 * without case, jobs rolled up into their parent. Customers are those with a phone among the
 * conversations (they have a Matches row); matched are those of them applied to a contact, by
 * match or by a reviewer's decision (the contact is made of the customer's record).
 */
export function quickBooksFigures(
  matches: Table | null,
  contactRecords: ReadonlySet<string> = new Set(),
): { quickbooksCustomers: number; quickbooksMatched: number } {
  const customers = new Set<string>();
  const matched = new Set<string>();
  for (const row of matches?.rows ?? []) {
    if (cell(matches!, row, 'Source Type') !== 'quickbooks') continue;
    let fields: Record<string, string> = {};
    try {
      fields = (JSON.parse(cell(matches!, row, 'Source Data')) as { fields?: Record<string, string> }).fields ?? {};
    } catch {
      continue;
    }
    const display = CUSTOMER_FIELDS.map((f) => fields[f] ?? '').find((v) => v.trim() !== '') ?? '';
    const customer = quickBooksName(display).parent.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!customer) continue;
    customers.add(customer);
    if (cell(matches!, row, 'Status') === 'applied' || contactRecords.has(cell(matches!, row, 'Record Key'))) matched.add(customer);
  }
  return { quickbooksCustomers: customers.size, quickbooksMatched: matched.size };
}

/** A column's trimmed values. */
function values(table: Table | null, name: string): string[] {
  const i = column(table, name);
  return i < 0 ? [] : table!.rows.map((r) => (r[i] ?? '').trim());
}
