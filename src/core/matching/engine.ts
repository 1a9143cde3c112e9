/**
 * A whole match run, from the sheets' contents to the rows of Matches, Conflicts, Contacts and
 * Unmapped. Pure: the Apps Script side reads the sheets, calls runMatch, writes the result.
 *
 * Blocking is on the phone (an exact E.164 join); within a phone, candidates are compared
 * field by field (compare.ts) and grouped into identities (identities.ts). One identity above
 * the auto threshold is applied; several, or one below it, go to review; none leaves the phone
 * unmapped. Decisions already made survive a re-run as long as the candidates they were made
 * on are unchanged.
 */
import { hash53 } from '../hash';
import { quickBooksName, profileByLabel } from '../sources/profiles';
import { rowView } from '../sources/read';
import type { ColumnMapping } from '../sources/types';
import { conflictCandidateHeaders, HEADERS, MULTI_VALUE_SEPARATOR, type SourceType } from '../workbook-schema';
import { comparePersons, personalEmails } from './compare';
import { hasIdentity, identitiesFor, recommend, type Identity } from './identities';
import type { MatchSettings } from './settings';
import { survive } from './survivorship';
import type { MatchPerson } from './types';

export interface Table {
  header: string[];
  rows: string[][];
}

export interface SourceSheet {
  sourceId: string;
  sourceType: SourceType;
  fileName: string;
  profileLabel: string;
  /** The source sheet: the file's columns, then Record Key and Phones. */
  table: Table;
  mapping?: ColumnMapping;
}

export interface MatchInput {
  conversations: Table | null;
  sources: SourceSheet[];
  previous: { conflicts: Table | null; contacts: Table | null; unmapped: Table | null; matches: Table | null };
  settings: MatchSettings;
  now: string;
  user: string;
}

export interface MatchSummary {
  phones: number;
  autoMatched: number;
  conflicts: number;
  unmapped: number;
  contacts: number;
  decisionsKept: number;
}

export interface MatchOutput {
  matches: Table;
  conflicts: Table;
  contacts: Table;
  unmapped: Table;
  /** Per source: records with an applied match, records in a pending conflict. */
  sourceCounts: Record<string, { matched: number; conflict: number }>;
  summary: MatchSummary;
}

export const CONTACT_EXTRA_HEADERS = [
  'Person Keys',
  'Confidence',
  'QuickBooks Customer',
  'QuickBooks Jobs',
  'QuickBooks Open Balance',
  'QuickBooks Balance',
  'QuickBooks Notes',
  'QuickBooks Status',
  'QuickBooks Job Description',
  'QuickBooks Job Status',
] as const;
export const CONFLICT_KEYS_HEADER = 'Candidate Keys';
export const UNMAPPED_EXTRA_HEADERS = ['Name', 'Email', 'Reason'] as const;

type Outcome =
  | { kind: 'auto'; identity: Identity }
  | { kind: 'conflict'; identities: Identity[] }
  | { kind: 'kept'; row: string[] }
  | { kind: 'unmapped'; reason: string };

export function runMatch(input: MatchInput): MatchOutput {
  const { settings } = input;
  const conversationIds = new Map<string, string>();
  for (const row of input.conversations?.rows ?? []) if (row[0]) conversationIds.set(row[0].trim(), row[1] ?? '');

  const { byPhone, records } = gatherCandidates(input.sources, conversationIds);
  const previous = readPrevious(input.previous);

  const outcomes = new Map<string, Outcome>();
  for (const phone of conversationIds.keys()) {
    const all = byPhone.get(phone) ?? [];
    const candidates = all.filter(hasIdentity);
    const identities = identitiesFor(candidates, settings).filter((i) => i.confidence >= settings.reviewThreshold);
    const keys = candidateKeys(identities);
    const decided = previous.conflicts.get(phone);
    if (decided && decided.status !== 'pending' && decided.keys === keys) {
      outcomes.set(phone, { kind: 'kept', row: decided.row });
    } else if (identities.length === 0) {
      outcomes.set(phone, { kind: 'unmapped', reason: all.length === 0 ? 'no source record has this phone' : 'the records with this phone carry no name or email' });
    } else if (identities.length === 1 && identities[0]!.confidence >= settings.autoThreshold) {
      outcomes.set(phone, { kind: 'auto', identity: identities[0]! });
    } else {
      outcomes.set(phone, { kind: 'conflict', identities });
    }
  }

  const contacts = buildContacts(outcomes, previous.contacts, input);
  const conflicts = buildConflicts(outcomes, previous.conflicts, input.previous.conflicts?.header ?? [], settings);
  const unmapped = buildUnmapped(outcomes, conversationIds, previous.unmapped);
  const { matches, sourceCounts } = buildMatches(outcomes, byPhone, records, conversationIds, previous.matches, input);
  const count = (kind: Outcome['kind']) => [...outcomes.values()].filter((o) => o.kind === kind).length;
  return {
    matches,
    conflicts,
    contacts: contacts.table,
    unmapped,
    sourceCounts,
    summary: {
      phones: conversationIds.size,
      autoMatched: count('auto'),
      conflicts: conflicts.rows.filter((r) => r[1] === 'pending').length,
      unmapped: count('unmapped'),
      contacts: contacts.table.rows.length,
      decisionsKept: count('kept'),
    },
  };
}

// --- candidates --------------------------------------------------------------------------------

interface RecordInfo {
  sourceId: string;
  sourceType: SourceType;
  data: string;
}

function gatherCandidates(sources: SourceSheet[], conversationIds: Map<string, string>) {
  const byPhone = new Map<string, MatchPerson[]>();
  const records = new Map<string, RecordInfo>();
  for (const source of sources) {
    const profile = profileByLabel(source.profileLabel);
    if (!profile) continue;
    const keyCol = source.table.header.indexOf('Record Key');
    const phonesCol = source.table.header.indexOf('Phones');
    if (keyCol < 0 || phonesCol < 0) continue;
    const fileHeader = source.table.header.slice(0, keyCol);
    const jobs = profile.sourceType === 'quickbooks' ? quickBooksJobs(source, fileHeader, keyCol) : null;
    for (const row of source.table.rows) {
      // Blocking: only records carrying a conversation phone are looked at any further.
      const phones = (row[phonesCol] ?? '').split(',').map((p) => p.trim()).filter((p) => conversationIds.has(p));
      if (phones.length === 0) continue;
      const recordKey = row[keyCol] ?? '';
      const cells = row.slice(0, keyCol);
      const view = rowView(fileHeader, cells);
      records.set(recordKey, { sourceId: source.sourceId, sourceType: source.sourceType, data: recordJson(source, fileHeader, cells, recordKey) });
      const roles = new Map<string, number>();
      for (const p of profile.persons(view, source.mapping)) {
        const n = (roles.get(p.role) ?? 0) + 1;
        roles.set(p.role, n);
        const personPhones = p.phones.map((ph) => ph.e164);
        const extras = { ...(p.extras ?? {}) };
        const parent = extras['QuickBooks Customer']?.toLowerCase();
        if (jobs && parent && jobs.has(parent)) extras['QuickBooks Jobs'] = [...new Set([extras['QuickBooks Jobs'], ...jobs.get(parent)!].filter(Boolean))].join('; ');
        const person: MatchPerson = {
          key: `${recordKey}/${p.role}${n > 1 ? ` ${n}` : ''}`,
          recordKey,
          sourceId: source.sourceId,
          sourceType: source.sourceType,
          sourceName: source.fileName,
          role: p.role,
          displayName: p.displayName,
          firstName: p.firstName,
          lastName: p.lastName,
          company: p.company,
          emails: p.emails,
          address: p.address,
          phones: personPhones,
          extras,
        };
        for (const phone of personPhones) {
          if (!conversationIds.has(phone)) continue;
          const list = byPhone.get(phone) ?? [];
          if (!list.some((q) => q.key === person.key)) list.push(person);
          byPhone.set(phone, list);
        }
      }
    }
  }
  return { byPhone, records };
}

/** Jobs (`Parent:Job` rows) by parent customer: their history belongs on the parent's contact. */
function quickBooksJobs(source: SourceSheet, fileHeader: string[], keyCol: number): Map<string, string[]> {
  const jobs = new Map<string, string[]>();
  const view = (row: string[]) => rowView(fileHeader, row.slice(0, keyCol));
  for (const row of source.table.rows) {
    const v = view(row);
    const q = quickBooksName(v.get('Customer') || v.get('Customer full name'));
    if (!q.job) continue;
    const description = v.get('Job Description');
    const list = jobs.get(q.parent.toLowerCase()) ?? [];
    list.push(description ? `${q.job} (${description})` : q.job);
    jobs.set(q.parent.toLowerCase(), list);
  }
  return jobs;
}

function recordJson(source: SourceSheet, header: string[], cells: string[], recordKey: string): string {
  const fields: Record<string, string> = {};
  header.forEach((h, i) => {
    if ((cells[i] ?? '').trim() !== '') fields[h || `Column ${i + 1}`] = cells[i]!;
  });
  return JSON.stringify({ source: source.fileName, sourceId: source.sourceId, recordKey, fields });
}

function candidateKeys(identities: Identity[]): string {
  return identities
    .map((i) => i.members.map((m) => m.key).sort().join('+'))
    .sort()
    .join(' | ');
}

// --- what the previous run left ------------------------------------------------------------------

function column(table: Table | null, name: string): number {
  return table ? table.header.indexOf(name) : -1;
}

function readPrevious(prev: MatchInput['previous']) {
  const conflicts = new Map<string, { status: string; keys: string; row: string[] }>();
  if (prev.conflicts) {
    const keysCol = column(prev.conflicts, CONFLICT_KEYS_HEADER);
    for (const row of prev.conflicts.rows) {
      conflicts.set(row[0] ?? '', { status: (row[1] ?? '').trim(), keys: keysCol >= 0 ? row[keysCol] ?? '' : '', row });
    }
  }
  return { conflicts, contacts: prev.contacts, unmapped: prev.unmapped, matches: prev.matches };
}

// --- Contacts ------------------------------------------------------------------------------------

function buildContacts(outcomes: Map<string, Outcome>, previous: Table | null, input: MatchInput) {
  const header = [...HEADERS.contacts, ...CONTACT_EXTRA_HEADERS];
  const col = (name: string) => column(previous, name);
  const rows: string[][] = [];
  const kept = new Set<string>();
  const byKey = new Map<string, string[]>();
  const byPhone = new Map<string, string[]>();
  for (const row of previous?.rows ?? []) {
    const status = row[col('Status')] ?? '';
    const phones = (row[col('Phones')] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const keys = col('Person Keys') >= 0 ? (row[col('Person Keys')] ?? '').split(MULTI_VALUE_SEPARATOR).filter(Boolean) : [];
    // Decisions (resolved) and hand-made contacts (manual) are the reviewers': kept as they are.
    if (status === 'resolved' || status === 'manual') {
      rows.push(header.map((h) => row[col(h)] ?? ''));
      phones.forEach((p) => kept.add(p));
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

  const usedIds = new Set(rows.map((r) => r[0]!));
  const carried = new Set<string[]>();
  for (const group of groups) {
    if (group.phones.length === 0) continue;
    const members = [...group.members.values()];
    const keys = members.map((m) => m.key).sort();
    // A contact keeps its ID (OpenPhone's externalId) and OpenPhone ID across runs.
    const free = (r: string[] | undefined): r is string[] => r !== undefined && !usedIds.has(r[0]!);
    const before = keys.map((k) => byKey.get(k)).find(free) ?? group.phones.map((p) => byPhone.get(p)).find(free);
    let id = before ? before[0]! : `C${hash53(keys[0]!).slice(-8).toUpperCase()}`;
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
      'OpenPhone ID': before ? before[col('OpenPhone ID')] ?? '' : '',
      'Person Keys': keys.join(MULTI_VALUE_SEPARATOR),
      Confidence: group.confidence.toFixed(2),
      ...fields.extras,
    };
    rows.push(header.map((h) => cells[h] ?? ''));
  }
  // A contact already in OpenPhone is never dropped, even if its source is gone: the link would be lost.
  for (const row of previous?.rows ?? []) {
    const status = row[col('Status')] ?? '';
    if (status === 'resolved' || status === 'manual' || carried.has(row)) continue;
    if ((row[col('OpenPhone ID')] ?? '') !== '' && !usedIds.has(row[0]!)) {
      rows.push(header.map((h) => row[col(h)] ?? ''));
      usedIds.add(row[0]!);
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

// --- Conflicts -----------------------------------------------------------------------------------

function buildConflicts(
  outcomes: Map<string, Outcome>,
  previous: Map<string, { status: string; keys: string; row: string[] }>,
  previousHeader: string[],
  settings: MatchSettings,
): Table {
  const rows: Array<Record<string, string>> = [];
  let maxCandidates = 0;
  const keptRows: string[][] = [];
  for (const [phone, outcome] of outcomes) {
    if (outcome.kind === 'kept') {
      keptRows.push(outcome.row);
      continue;
    }
    if (outcome.kind !== 'conflict') continue;
    const ids = outcome.identities;
    maxCandidates = Math.max(maxCandidates, ids.length);
    const rec = recommend(ids, settings);
    const chosen = ids[rec.index]!;
    const why = conflictWhy(ids, settings);
    const before = previous.get(phone);
    const cells: Record<string, string> = {
      Phone: phone,
      Status: 'pending',
      Decision: before && before.status !== 'pending' ? before.row[2] ?? '' : '',
      Recommended: `${rec.index + 1}: ${display(survive(chosen.members, settings))}`,
      Confidence: chosen.confidence.toFixed(2),
      Why: `${before && before.status !== 'pending' ? 'new data since the decision; ' : ''}${why}; recommended ${rec.index + 1}: ${rec.reason}`,
      [CONFLICT_KEYS_HEADER]: candidateKeys(ids),
    };
    ids.forEach((identity, i) => {
      const f = survive(identity.members, settings);
      const [source, name, email, address] = conflictCandidateHeaders(i + 1);
      cells[source!] = identity.members.map((m) => `${m.sourceName} (${m.role})`).join(MULTI_VALUE_SEPARATOR);
      cells[name!] = display(f);
      cells[email!] = f.emails.join(MULTI_VALUE_SEPARATOR);
      cells[address!] = f.address;
    });
    rows.push(cells);
  }
  // Kept rows came from the previous sheet, whose candidate columns may have been fewer or more.
  for (const h of previousHeader) {
    const n = Number(/^(\d+) Source$/.exec(h)?.[1]);
    if (n && keptRows.length) maxCandidates = Math.max(maxCandidates, n);
  }
  const header: string[] = [...HEADERS.conflictsFixed];
  for (let n = 1; n <= Math.max(maxCandidates, 2); n++) header.push(...conflictCandidateHeaders(n));
  header.push(CONFLICT_KEYS_HEADER);
  return {
    header,
    rows: [
      ...rows.map((cells) => header.map((h) => cells[h] ?? '')),
      ...keptRows.map((row) => header.map((h) => row[previousHeader.indexOf(h)] ?? '')),
    ],
  };
}

function display(f: { firstName: string; lastName: string; company: string; emails: string[] }): string {
  const name = [f.firstName, f.lastName].filter(Boolean).join(' ');
  if (name && f.company) return `${name} (${f.company})`;
  return name || f.company || f.emails[0] || '';
}

function conflictWhy(ids: Identity[], settings: MatchSettings): string {
  if (ids.length === 1) {
    const id = ids[0]!;
    const parts = [`one identity below the auto threshold (${id.confidence.toFixed(2)} < ${settings.autoThreshold.toFixed(2)})`, ...id.reasons];
    return parts.join('; ');
  }
  const names = ids.map((i) => display(survive(i.members, settings))).join(' ≠ ');
  const extra = ids.flatMap((i) => i.reasons).filter((r) => r.startsWith('could be'));
  return [`${ids.length} identities: ${names}`, ...extra].join('; ');
}

// --- Unmapped ------------------------------------------------------------------------------------

function buildUnmapped(outcomes: Map<string, Outcome>, conversationIds: Map<string, string>, previous: Table | null): Table {
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

// --- Matches -------------------------------------------------------------------------------------

function buildMatches(
  outcomes: Map<string, Outcome>,
  byPhone: Map<string, MatchPerson[]>,
  records: Map<string, RecordInfo>,
  conversationIds: Map<string, string>,
  previous: Table | null,
  input: MatchInput,
) {
  const header = [...HEADERS.matches, 'Record Key'];
  const before = new Map<string, string[]>();
  for (const row of previous?.rows ?? []) before.set(row[0] ?? '', row);
  const rows: string[][] = [];
  const matched = new Map<string, Set<string>>();
  const inConflict = new Map<string, Set<string>>();
  const mark = (m: Map<string, Set<string>>, sourceId: string, key: string) => {
    const set = m.get(sourceId) ?? new Set<string>();
    set.add(key);
    m.set(sourceId, set);
  };
  for (const [phone, outcome] of outcomes) {
    const people = byPhone.get(phone) ?? [];
    const recordKeys = [...new Set(people.map((p) => p.recordKey))];
    for (const recordKey of recordKeys) {
      const info = records.get(recordKey)!;
      const id = `M${hash53(`${phone}|${recordKey}`).slice(-10).toUpperCase()}`;
      const identity =
        outcome.kind === 'auto' ? (outcome.identity.members.some((m) => m.recordKey === recordKey) ? outcome.identity : null)
        : outcome.kind === 'conflict' ? outcome.identities.find((i) => i.members.some((m) => m.recordKey === recordKey)) ?? null
        : null;
      let status = 'rejected';
      if (outcome.kind === 'auto' && identity) status = 'applied';
      else if (outcome.kind === 'conflict' && identity) status = 'pending';
      else if (outcome.kind === 'kept') status = before.get(id)?.[6] ?? 'pending';
      const prev = before.get(id);
      const keepStamp = prev && prev[6] === status && status === 'applied';
      rows.push([
        id,
        phone,
        conversationIds.get(phone) ?? '',
        info.sourceType,
        info.data,
        identity ? identity.confidence.toFixed(2) : '',
        status,
        status === 'applied' ? (keepStamp ? prev![7] ?? '' : input.now) : '',
        status === 'applied' ? (keepStamp ? prev![8] ?? '' : input.user) : '',
        recordKey,
      ]);
      if (status === 'applied') mark(matched, info.sourceId, recordKey);
      if (status === 'pending') mark(inConflict, info.sourceId, recordKey);
    }
  }
  const sourceCounts: Record<string, { matched: number; conflict: number }> = {};
  for (const s of input.sources) sourceCounts[s.sourceId] = { matched: matched.get(s.sourceId)?.size ?? 0, conflict: inConflict.get(s.sourceId)?.size ?? 0 };
  return { matches: { header, rows }, sourceCounts };
}
