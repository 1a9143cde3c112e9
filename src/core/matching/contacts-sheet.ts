/**
 * The Contacts sheet: one row per person. Automatic identities of different phones that share
 * a source person become one contact; decisions (resolved) and hand-made contacts (manual) are
 * kept as reviewers left them; a contact keeps its ID and OpenPhone ID across runs.
 */
import { hash53 } from '../hash';
import { HEADERS, MULTI_VALUE_SEPARATOR } from '../workbook-schema';
import { comparePersons, personalEmails } from './compare';
import { rowsOf, type Row } from '../records';
import type { MatchInput, Outcome, Table } from './model';
import { survive } from './survivorship';
import type { MatchPerson } from './types';

export const CONTACT_EXTRA_HEADERS = [
  'Person Keys',
  'Confidence',
  'Name Why',
  'QuickBooks Customer',
  'QuickBooks Jobs',
  'QuickBooks Open Balance',
  'QuickBooks Balance',
  'QuickBooks Notes',
  'QuickBooks Status',
  'QuickBooks Job Description',
  'QuickBooks Job Status',
  'QuickBooks Job Count',
  'QuickBooks Last Job Date',
  'QuickBooks Total Invoiced',
  'QuickBooks Total Paid',
  'QuickBooks Customer Since',
] as const;

export function buildContacts(outcomes: Map<string, Outcome>, previous: Table | null, input: MatchInput) {
  const header = [...HEADERS.contacts, ...CONTACT_EXTRA_HEADERS];
  const at = (name: string) => (header as readonly string[]).indexOf(name);
  const previousRows = rowsOf(previous);
  const rows: string[][] = [];
  const kept = new Set<string>();
  const byKey = new Map<string, Row>();
  const byPhone = new Map<string, Row>();
  const keptByKey = new Map<string, string[]>();
  for (const row of previousRows) {
    const status = row['Status'] ?? '';
    const phones = (row['Phones'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const keys = (row['Person Keys'] ?? '').split(MULTI_VALUE_SEPARATOR).filter(Boolean);
    // Decisions (resolved) and hand-made contacts (manual) are the reviewers': kept as they are.
    // A phone-only contact stays while nothing better is known for its phone.
    const keep =
      status === 'resolved' || status === 'manual' || (status === 'phone-only' && phones.every((p) => outcomes.get(p)?.kind !== 'auto'));
    if (keep) {
      const out = header.map((h) => row[h] ?? '');
      rows.push(out);
      phones.forEach((p) => kept.add(p));
      keys.forEach((k) => keptByKey.set(k, out));
      continue;
    }
    keys.forEach((k) => byKey.set(k, row));
    phones.forEach((p) => byPhone.set(p, row));
  }

  // One contact per person: identities of different phones that share a source person are one.
  const groups: Array<{ phones: string[]; members: Map<string, MatchPerson>; confidence: number }> = [];
  const groupOf = new Map<string, number>();
  for (const [phone, outcome] of outcomes) {
    if (outcome.kind !== 'auto' || kept.has(phone)) continue;
    const hits = [...new Set(outcome.identity.members.map((m) => groupOf.get(m.key)).filter((g): g is number => g !== undefined))];
    let target: number;
    if (hits.length === 0) {
      target = groups.push({ phones: [], members: new Map(), confidence: 1 }) - 1;
    } else {
      target = hits[0]!;
      for (const other of hits.slice(1)) {
        const g = groups[other]!;
        groups[target]!.phones.push(...g.phones);
        g.members.forEach((m, k) => groups[target]!.members.set(k, m));
        groups[target]!.confidence = Math.min(groups[target]!.confidence, g.confidence);
        g.members.forEach((_, k) => groupOf.set(k, target));
        g.phones = [];
        g.members = new Map();
      }
    }
    const group = groups[target]!;
    group.phones.push(phone);
    group.confidence = Math.min(group.confidence, outcome.identity.confidence);
    for (const m of outcome.identity.members) {
      group.members.set(m.key, m);
      groupOf.set(m.key, target);
    }
  }

  mergeByPersonalEmail(groups);

  const usedIds = new Set(rows.map((r) => r[at('Contact ID')]!));
  const carried = new Set<Row>();
  for (const group of groups) {
    if (group.phones.length === 0) continue;
    const members = [...group.members.values()];
    // The same person as a contact a reviewer decided: the phone joins that contact, never a second one.
    const decided = members.map((m) => keptByKey.get(m.key)).find((r) => r !== undefined);
    if (decided) {
      const phonesAt = at('Phones');
      decided[phonesAt] = [...new Set([...decided[phonesAt]!.split(MULTI_VALUE_SEPARATOR).filter(Boolean), ...group.phones])].join(
        MULTI_VALUE_SEPARATOR,
      );
      continue;
    }
    const keys = members.map((m) => m.key).sort();
    // A contact keeps its ID (OpenPhone's externalId) and OpenPhone ID across runs.
    const free = (r: Row | undefined): r is Row => r !== undefined && !usedIds.has(r['Contact ID'] ?? '');
    const before = keys.map((k) => byKey.get(k)).find(free) ?? group.phones.map((p) => byPhone.get(p)).find(free);
    let id = before ? before['Contact ID']! : `C${hash53(keys[0]!).slice(-8).toUpperCase()}`;
    for (let n = 2; usedIds.has(id); n++) id = `C${hash53(`${keys[0]}#${n}`).slice(-8).toUpperCase()}`;
    usedIds.add(id);
    if (before) carried.add(before);
    const fields = survive(members, input.settings);
    const cells: Record<string, string> = {
      'Contact ID': id,
      Phones: group.phones.join(MULTI_VALUE_SEPARATOR),
      'First Name': fields.firstName,
      'Last Name': fields.lastName,
      Company: fields.company,
      Emails: fields.emails.join(MULTI_VALUE_SEPARATOR),
      Address: fields.address,
      Sources: fields.sources.join(MULTI_VALUE_SEPARATOR),
      Status: 'auto',
      'OpenPhone ID': before?.['OpenPhone ID'] ?? '',
      'Person Keys': keys.join(MULTI_VALUE_SEPARATOR),
      Confidence: group.confidence.toFixed(2),
      'Name Why': fields.nameReasons.map((r) => r.label).join('; '),
      ...fields.extras,
    };
    rows.push(header.map((h) => cells[h] ?? ''));
  }
  // A contact already in OpenPhone is never dropped, even if its source is gone: the link would be lost.
  for (const row of previousRows) {
    const id = row['Contact ID'] ?? '';
    if (carried.has(row) || usedIds.has(id)) continue;
    if ((row['OpenPhone ID'] ?? '') !== '') {
      rows.push(header.map((h) => row[h] ?? ''));
      usedIds.add(id);
    }
  }
  return { table: { header, rows } };
}

/**
 * One person reached on two phones, known from two different sources (QuickBooks has the
 * mobile, PropertyRadar the landline): the same personal email and names that agree make them
 * one contact. A household email shared by John and Jane never does: their names disagree.
 */
function mergeByPersonalEmail(groups: Array<{ phones: string[]; members: Map<string, MatchPerson>; confidence: number }>): void {
  const byEmail = new Map<string, number>();
  groups.forEach((group, index) => {
    if (group.phones.length === 0) return;
    for (const member of group.members.values()) {
      for (const email of personalEmails(member)) {
        const other = byEmail.get(email);
        if (other === undefined || other === index) {
          byEmail.set(email, index);
          continue;
        }
        const target = groups[other]!;
        if (target.phones.length === 0) continue;
        const agree = [...target.members.values()].every((a) => [...group.members.values()].every((b) => comparePersons(a, b).same));
        if (!agree) continue;
        target.phones.push(...group.phones);
        group.members.forEach((m, k) => target.members.set(k, m));
        target.confidence = Math.min(target.confidence, group.confidence);
        group.phones = [];
        group.members = new Map();
        return;
      }
    }
  });
}
