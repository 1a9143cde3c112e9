/**
 * The Conflicts sheet: one row per phone whose identities compete or fall below the auto
 * threshold. Besides the contract's columns, each row carries what review needs: the kind of
 * disagreement, how many conversations and whether a QuickBooks customer is involved (the
 * queue's order), what each candidate would make of the contact (`N Data`), and the reviewer's
 * decision with its final fields, kept across runs while the candidates stay the same.
 */
import type { Row } from '../records';
import { canonicalDecision, candidateName, parseDecision } from '../review/decisions';
import { conflictKind } from '../review/kind';
import { candidateDataHeader, FINAL_COLUMNS, REVIEW_COLUMNS, type CandidateData } from '../review/model';
import { conflictCandidateHeaders, HEADERS, MULTI_VALUE_SEPARATOR } from '../workbook-schema';
import { candidateKeys } from './candidates';
import { recommend, type Identity } from './identities';
import type { Outcome, PreviousConflict, Table } from './model';
import type { MatchSettings } from './settings';
import { survive } from './survivorship';

export const CONFLICT_KEYS_HEADER = 'Candidate Keys';

/** The review fields a reviewer's hand puts on a row: they survive a run that keeps the candidates. */
const TYPED_COLUMNS = ['Decision', ...Object.values(FINAL_COLUMNS)];
const DECIDED_COLUMNS = ['Decided By', 'Decided At', 'Rule', 'Applied'];

export function buildConflicts(
  outcomes: Map<string, Outcome>,
  previous: Map<string, PreviousConflict>,
  previousHeader: string[],
  settings: MatchSettings,
  conversationIds: Map<string, string> = new Map(),
): Table {
  const rows: Row[] = [];
  let maxCandidates = 0;
  for (const [phone, outcome] of outcomes) {
    if (outcome.kind === 'kept') {
      rows.push({ ...outcome.row, Decision: canonicalDecision(outcome.row['Decision'] ?? '', rowCandidates(outcome.row).length) });
      continue;
    }
    if (outcome.kind !== 'conflict') continue;
    const ids = outcome.identities;
    maxCandidates = Math.max(maxCandidates, ids.length);
    const rec = recommend(ids, settings);
    const data = ids.map((identity) => candidateData(identity, settings));
    const before = previous.get(phone);
    const sameCandidates =
      before !== undefined && before.keys === candidateKeys(ids) && candidateChanges(before.row, ids, settings).length === 0;
    const changed = before && !sameCandidates && (before.status !== 'pending' || (before.row['Decision'] ?? '') !== '');
    const cells: Row = {
      Phone: phone,
      Status: 'pending',
      Decision: '',
      Recommended: `${rec.index + 1}: ${candidateName(data[rec.index]!)}`,
      Confidence: ids[rec.index]!.confidence.toFixed(2),
      Why: `${changed ? `new data since the decision (${whatChanged(before, ids, settings)}); ` : ''}${conflictWhy(ids, data, settings)}; recommended ${rec.index + 1}: ${rec.reason}${nameWhy(ids[rec.index]!, settings)}`,
      Kind: conflictKind(ids),
      Conversations: String((conversationIds.get(phone) ?? '').split(',').filter((c) => c.trim()).length),
      QuickBooks: ids.some((i) => i.members.some((m) => m.sourceType === 'quickbooks')) ? 'yes' : '',
      [CONFLICT_KEYS_HEADER]: candidateKeys(ids),
    };
    // What a reviewer typed stays, the pick following its candidate to wherever it now stands;
    // who applied it stays only while the candidates are the ones they decided on.
    if (before) {
      for (const h of TYPED_COLUMNS) cells[h] = before.row[h] ?? '';
      cells['Decision'] = carriedDecision(before, ids, data);
      if (sameCandidates) for (const h of DECIDED_COLUMNS) cells[h] = before.row[h] ?? '';
    }
    ids.forEach((identity, i) => {
      const d = data[i]!;
      const [source, name, email, address] = conflictCandidateHeaders(i + 1);
      cells[source!] = identity.members.map((m) => `${m.sourceName} (${m.role})`).join(MULTI_VALUE_SEPARATOR);
      cells[name!] = candidateName(d);
      cells[email!] = d.emails.join(MULTI_VALUE_SEPARATOR);
      cells[address!] = d.address;
      cells[candidateDataHeader(i + 1)] = JSON.stringify(d);
    });
    rows.push(cells);
  }
  // Kept rows came from the previous sheet, whose candidate columns may have been fewer or more.
  for (const h of previousHeader) {
    const n = Number(/^(\d+) Source$/.exec(h)?.[1]);
    if (n && rows.length) maxCandidates = Math.max(maxCandidates, n);
  }
  const count = Math.max(maxCandidates, 2);
  const header: string[] = [...HEADERS.conflictsFixed];
  for (let n = 1; n <= count; n++) header.push(...conflictCandidateHeaders(n));
  header.push(...REVIEW_COLUMNS, CONFLICT_KEYS_HEADER);
  for (let n = 1; n <= count; n++) header.push(candidateDataHeader(n));
  return { header, rows: rows.map((cells) => header.map((h) => cells[h] ?? '')) };
}

/** What a candidate identity would make of the contact: the survivorship result and its provenance. */
export function candidateData(identity: Identity, settings: MatchSettings): CandidateData {
  const f = survive(identity.members, settings);
  return {
    firstName: f.firstName,
    lastName: f.lastName,
    company: f.company,
    emails: f.emails,
    address: f.address,
    sources: f.sources,
    sourceTypes: [...new Set(identity.members.map((m) => m.sourceType))],
    keys: identity.members.map((m) => m.key).sort(),
    extras: f.extras,
    confidence: identity.confidence,
  };
}

/** The earlier decision for the new candidates: a pick follows its identity, by its people. */
function carriedDecision(before: PreviousConflict, ids: Identity[], data: CandidateData[]): string {
  const text = before.row['Decision'] ?? '';
  const old = rowCandidates(before.row);
  let decision;
  try {
    decision = parseDecision(text, Math.max(old.length, ids.length), before.row['Phone'] ?? '');
  } catch {
    return '';
  }
  if (decision?.kind !== 'pick') return canonicalDecision(text, data.length);
  const picked = old[decision.candidate - 1];
  if (!picked) return decision.candidate <= ids.length ? canonicalDecision(text, data.length) : '';
  const key = picked.keys.join('+');
  const now = data.findIndex((d) => d.keys.join('+') === key);
  return now >= 0 ? String(now + 1) : '';
}

/** The candidates a row carries in its `N Data` columns, in order. */
function rowCandidates(row: Row): Array<CandidateData | null> {
  const out: Array<CandidateData | null> = [];
  for (let n = 1; row[`${n} Source`] !== undefined; n++) {
    const raw = row[candidateDataHeader(n)] ?? '';
    let d: CandidateData | null;
    try {
      d = raw ? (JSON.parse(raw) as CandidateData) : null;
    } catch {
      d = null;
    }
    if (!d && (row[`${n} Name`] ?? '') === '' && (row[`${n} Source`] ?? '') === '') break;
    out.push(
      d ?? {
        firstName: row[`${n} Name`] ?? '',
        lastName: '',
        company: '',
        emails: [],
        address: '',
        sources: [],
        sourceTypes: [],
        keys: [],
        extras: {},
        confidence: 0,
      },
    );
  }
  return out;
}

const COMPARED: Array<[keyof CandidateData, string]> = [
  ['firstName', 'first name'],
  ['lastName', 'last name'],
  ['company', 'company'],
  ['emails', 'email'],
  ['address', 'address'],
];

/**
 * What changed in the candidates a decision was made on, the same people still (a record
 * re-imported with a new email or address): `John Smith: email changed`. Empty when nothing did.
 */
export function candidateChanges(row: Row, ids: Identity[], settings: MatchSettings): string[] {
  const old = new Map(
    rowCandidates(row)
      .filter((d): d is CandidateData => d !== null && d.keys.length > 0)
      .map((d) => [d.keys.join('+'), d]),
  );
  const changes: string[] = [];
  for (const identity of ids) {
    const now = candidateData(identity, settings);
    const was = old.get(now.keys.join('+'));
    if (!was) continue;
    const fields = COMPARED.filter(([f]) => JSON.stringify(was[f] ?? '') !== JSON.stringify(now[f] ?? '')).map(([, label]) => label);
    if (fields.length) changes.push(`${candidateName(now) || candidateName(was)}: ${fields.join(', ')} changed`);
  }
  return changes;
}

function whatChanged(before: PreviousConflict, ids: Identity[], settings: MatchSettings): string {
  const old = new Set(before.keys.split(' | ').filter(Boolean));
  const now = ids.map((i) => ({
    key: i.members
      .map((m) => m.key)
      .sort()
      .join('+'),
    identity: i,
  }));
  const added = now.filter((n) => !old.has(n.key)).map((n) => n.identity.members[0]!);
  const kept = new Set(now.map((n) => n.key));
  const removed = [...old].filter((k) => !kept.has(k)).length;
  const parts: string[] = [];
  if (added.length)
    parts.push(
      `${added.length === 1 ? 'a candidate' : `${added.length} candidates`} changed or added: ${added.map((m) => `${[m.firstName, m.lastName].filter(Boolean).join(' ') || m.company || m.emails[0] || m.key} from ${m.sourceName}`).join(', ')}`,
    );
  if (removed && !added.length) parts.push(`${removed === 1 ? 'a candidate' : `${removed} candidates`} gone`);
  parts.push(...candidateChanges(before.row, ids, settings));
  return parts.join('; ') || 'the candidates changed';
}

/** Survivorship's own reasons for the recommended name: a re-oriented record, an out-voted spelling. */
function nameWhy(identity: Identity, settings: MatchSettings): string {
  const reasons = survive(identity.members, settings).nameReasons;
  return reasons.length ? `; ${reasons.map((r) => r.label).join('; ')}` : '';
}

function conflictWhy(ids: Identity[], data: CandidateData[], settings: MatchSettings): string {
  if (ids.length === 1) {
    const id = ids[0]!;
    const parts = [
      `one identity below the auto threshold (${id.confidence.toFixed(2)} < ${settings.autoThreshold.toFixed(2)})`,
      ...id.reasons.map((r) => r.label),
    ];
    return parts.join('; ');
  }
  const names = data.map(candidateName).join(' ≠ ');
  const extra = ids
    .flatMap((i) => i.reasons)
    .filter((r) => r.field === 'identity' && r.level === 'ambiguous')
    .map((r) => r.label);
  return [`${ids.length} identities: ${names}`, ...extra].join('; ');
}
