/**
 * Review as pure operations on what the sheets hold: deciding a conflict (by hand, by a rule or
 * from the sheet's Decision cell), undoing, rules built from a decision, and the Unmapped
 * phones people named. Each returns the rows to change and the log entries that record it;
 * the Apps Script side writes them as one sheet transaction under the document lock.
 */
import { UserError } from '../errors';
import type { Row } from '../records';
import { MULTI_VALUE_SEPARATOR, SOURCE_TYPE_LABELS, type SourceType } from '../workbook-schema';
import { applyToContacts, decidedFields, newContactId, restoreContacts, type ContactBook } from './apply';
import type { ConflictRecord } from './conflicts';
import { decisionSignature, describeDecision, formatDecision, parseDecision, typedEmails } from './decisions';
import type { CandidateData, ConflictKind, Decision, DecisionInput, FinalFields } from './model';

export interface Actor {
  who: string;
  at: string;
}

export type LogAction = 'decide' | 'undo' | 'rule' | 'rule removed' | 'unmapped';

export interface LogEntry {
  entry: string;
  /** Entries made by one action share a batch: a rule's decisions are undone together. */
  batch: string;
  at: string;
  by: string;
  action: LogAction;
  phone: string;
  rule: string;
  before: string;
  after: string;
  /** The conflict's review fields before, as JSON, for undo. */
  conflictBefore: string;
  /** The contacts the decision changed or removed, as they were (JSON rows). */
  contactsBefore: string;
  /** The contacts the decision changed or created, as it left them (JSON rows). */
  contactsAfter: string;
  undoneBy: string;
}

export interface ReviewChange {
  conflicts: ConflictRecord[];
  log: LogEntry[];
}

type ReviewFields = Pick<ConflictRecord, 'status' | 'decision' | 'finals' | 'decidedBy' | 'decidedAt' | 'rule' | 'applied'>;
const reviewFields = (c: ConflictRecord): ReviewFields => ({
  status: c.status,
  decision: c.decision,
  finals: { ...c.finals },
  decidedBy: c.decidedBy,
  decidedAt: c.decidedAt,
  rule: c.rule,
  applied: c.applied,
});

const candidatesOf = (c: ConflictRecord): Array<CandidateData | null> => {
  const out: Array<CandidateData | null> = [];
  for (const cand of c.candidates) out[cand.n - 1] = cand.data;
  return Array.from({ length: out.length }, (_, i) => out[i] ?? null);
};

/**
 * Decides one conflict. Contacts change as the decision says; the conflict records who and
 * when; the log keeps what was there before.
 */
export function decideConflict(
  conflict: ConflictRecord,
  input: DecisionInput,
  contacts: ContactBook,
  actor: Actor,
  ids: { entry: string; batch: string; rule?: string },
): { conflict: ConflictRecord; log: LogEntry } {
  const before = reviewFields(conflict);
  const finals: FinalFields = input.merge ? mergedFinals(conflict, input) : { ...conflict.finals };
  if (finals.emails.trim()) typedEmails(finals.emails, conflict.phone);
  const working: ConflictRecord = { ...conflict, finals };
  const decided = decidedFields(working, input.decision, { merge: input.merge, keepJobHistory: input.keepJobHistory });
  const change = applyToContacts(contacts, working, decided);
  const decisionText = formatDecision(input.decision);
  const next: ConflictRecord = {
    ...working,
    status: input.decision.kind === 'skip' ? 'skipped' : 'resolved',
    decision: decisionText,
    decidedBy: actor.who,
    decidedAt: actor.at,
    rule: ids.rule ?? '',
    applied: decisionSignature(decisionText, finals),
  };
  return {
    conflict: next,
    log: {
      entry: ids.entry,
      batch: ids.batch,
      at: actor.at,
      by: actor.who,
      action: ids.rule ? 'rule' : 'decide',
      phone: conflict.phone,
      rule: ids.rule ?? '',
      before: before.decision ? `${before.status}: ${describeDecision(before.decision, candidatesOf(conflict))}` : before.status,
      after: `${next.status}: ${describeDecision(decisionText, candidatesOf(conflict))}${describeFinals(finals)}`,
      conflictBefore: JSON.stringify(before),
      contactsBefore: JSON.stringify(change.before),
      contactsAfter: JSON.stringify(change.after),
      undoneBy: '',
    },
  };
}

/** The sidebar's merge, written into the final fields the sheet shows. */
function mergedFinals(conflict: ConflictRecord, input: DecisionInput): FinalFields {
  const out = { ...conflict.finals };
  for (const field of Object.keys(out) as Array<keyof FinalFields>) {
    const spec = input.merge?.[field];
    if (!spec) continue;
    if ('typed' in spec) out[field] = spec.typed.trim();
    else {
      const data = conflict.candidates.find((c) => c.n === spec.from)?.data;
      if (!data) throw new UserError(`Conflicts, phone ${conflict.phone}: there is no candidate ${spec.from} to take the ${field} from.`);
      out[field] = field === 'emails' ? data.emails.join(MULTI_VALUE_SEPARATOR) : data[field];
    }
  }
  return out;
}

function describeFinals(f: FinalFields): string {
  const typed = Object.entries(f).filter(([, v]) => v.trim());
  return typed.length ? ` (${typed.map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
}

/**
 * Every Conflicts row whose Decision or final fields differ from what was applied: the sheet
 * path. A row's problem (a Decision naming no candidate, a typed email that is not one) stops
 * the whole run before anything changes, naming the phone.
 */
export function pendingSheetDecisions(conflicts: readonly ConflictRecord[]): Array<{ conflict: ConflictRecord; input: DecisionInput }> {
  const out: Array<{ conflict: ConflictRecord; input: DecisionInput }> = [];
  for (const c of conflicts) {
    const decision = parseDecision(c.decision, c.candidates.length ? Math.max(...c.candidates.map((x) => x.n)) : 0, c.phone);
    if (!decision) continue;
    if (c.finals.emails.trim()) typedEmails(c.finals.emails, c.phone);
    const signature = decisionSignature(formatDecision(decision), c.finals);
    if (signature === c.applied) continue;
    out.push({ conflict: c, input: { decision } });
  }
  return out;
}

/** Undoes one log entry: the conflict's review fields and the contacts go back to what they were. */
export function undoEntry(
  entry: LogEntry,
  conflict: ConflictRecord | undefined,
  contacts: ContactBook,
  actor: Actor,
  ids: { entry: string; batch: string },
): { conflict: ConflictRecord | null; log: LogEntry } {
  const before = JSON.parse(entry.conflictBefore || '{}') as Partial<ReviewFields>;
  const restored = conflict ? { ...conflict, ...before, finals: { ...conflict.finals, ...(before.finals ?? {}) } } : null;
  const contactsBefore = JSON.parse(entry.contactsBefore || '[]') as Row[];
  const contactsAfter = JSON.parse(entry.contactsAfter || '[]') as Row[];
  restoreContacts(contacts, entry.phone, contactsBefore, contactsAfter);
  return {
    conflict: restored,
    log: {
      entry: ids.entry,
      batch: ids.batch,
      at: actor.at,
      by: actor.who,
      action: 'undo',
      phone: entry.phone,
      rule: entry.rule,
      before: entry.after,
      after: entry.before,
      conflictBefore: '',
      contactsBefore: '',
      contactsAfter: '',
      undoneBy: '',
    },
  };
}

/** A rule: conflicts of this pattern take this strategy. */
export interface ReviewRule {
  id: string;
  sourceTypes: string;
  kind: ConflictKind | '';
  strategy: RuleStrategy;
  createdBy: string;
  createdAt: string;
  status: 'active' | 'removed';
}

export type RuleStrategy = 'recommended' | 'skip' | 'none' | `prefer ${SourceType}`;

/** The source types competing in a conflict, as one comparable value. */
export function competingTypes(c: ConflictRecord): string {
  const types = new Set<string>();
  for (const cand of c.candidates) for (const t of cand.data?.sourceTypes ?? []) types.add(t);
  return [...types].sort().join(' + ');
}

/** What a decision means for conflicts like this one; refused when it cannot be said in general. */
export function strategyFrom(conflict: ConflictRecord, decision: Decision): RuleStrategy {
  if (decision.kind === 'skip') return 'skip';
  if (decision.kind === 'none') return 'none';
  if (decision.kind === 'merge')
    throw new UserError(
      'A merge is made field by field for one phone: it cannot be applied to similar conflicts. Pick a candidate, skip, or none of these.',
    );
  if (decision.candidate === conflict.recommended) return 'recommended';
  const picked = conflict.candidates.find((c) => c.n === decision.candidate)?.data;
  const others = conflict.candidates.filter((c) => c.n !== decision.candidate).flatMap((c) => c.data?.sourceTypes ?? []);
  const own = (picked?.sourceTypes ?? []).filter((t) => !others.includes(t));
  if (own.length === 0) {
    throw new UserError(
      'This candidate comes from the same kinds of source as the others, so "similar" has no meaning here: decide this conflict on its own.',
    );
  }
  return `prefer ${own[0]!}` as RuleStrategy;
}

/** The decision a rule makes for a conflict, or null when it does not apply to it. */
export function ruleDecision(rule: ReviewRule, c: ConflictRecord): Decision | null {
  if (c.status !== 'pending' || c.decision.trim() !== '') return null;
  if (competingTypes(c) !== rule.sourceTypes || (rule.kind && c.kind !== rule.kind)) return null;
  if (rule.strategy === 'skip') return { kind: 'skip' };
  if (rule.strategy === 'none') return { kind: 'none' };
  if (rule.strategy === 'recommended')
    return c.candidates.some((x) => x.n === c.recommended && x.data) ? { kind: 'pick', candidate: c.recommended } : null;
  const type = rule.strategy.slice('prefer '.length);
  const holding = c.candidates.filter((x) => x.data?.sourceTypes.includes(type as SourceType));
  return holding.length === 1 ? { kind: 'pick', candidate: holding[0]!.n } : null;
}

export function describeRule(rule: Pick<ReviewRule, 'sourceTypes' | 'kind' | 'strategy'>): string {
  const label = (t: string) => SOURCE_TYPE_LABELS[t] ?? t;
  const what =
    rule.strategy === 'recommended'
      ? 'take the recommendation'
      : rule.strategy === 'skip'
        ? 'skip'
        : rule.strategy === 'none'
          ? 'none of these (phone only)'
          : `use the ${label(rule.strategy.slice('prefer '.length))} candidate`;
  const between = rule.sourceTypes ? rule.sourceTypes.split(' + ').map(label).join(' and ') : 'any sources';
  return `${rule.kind ? rule.kind[0]!.toUpperCase() + rule.kind.slice(1) : 'Any conflict'} between ${between}: ${what}`;
}

/**
 * Unmapped phones people typed a name or email for become `manual` contacts; the others stay
 * phone-only contacts. Typed emails are checked first, naming the phone.
 */
export function unmappedContacts(unmapped: readonly Row[], book: ContactBook): { made: number; phoneOnly: number } {
  let made = 0;
  let phoneOnly = 0;
  for (const u of unmapped) {
    const phone = (u['Phone'] ?? '').trim();
    if (!phone) continue;
    const typedName = (u['Name'] ?? '').trim();
    const emails = (u['Email'] ?? '').trim() ? typedEmails(u['Email']!, phone).join(MULTI_VALUE_SEPARATOR) : '';
    const existing = book.holding(phone)[0];
    // A contact the match or a decision made for this phone is not overwritten from Unmapped.
    if (existing && existing['Status'] !== 'phone-only' && existing['Status'] !== 'manual') continue;
    const [first, ...rest] = typedName.split(/\s+/).filter(Boolean);
    const row: Row = { ...(existing ?? { 'Contact ID': newContactId(phone, book.ids()) }) };
    Object.assign(row, {
      Phones: phone,
      'First Name': first ?? '',
      'Last Name': rest.join(' '),
      Emails: emails,
      Sources: typedName || emails ? 'Unmapped (typed)' : '',
      Status: typedName || emails ? 'manual' : 'phone-only',
    });
    book.put(row);
    if (row['Status'] === 'manual') made++;
    else phoneOnly++;
  }
  return { made, phoneOnly };
}

/**
 * Active rules decide the pending conflicts of a new match run that fit them, as a person
 * would have with "apply to all similar".
 */
export function applyRules(
  conflicts: readonly ConflictRecord[],
  contacts: ContactBook,
  rules: readonly ReviewRule[],
  actor: Actor,
  nextEntry: (offset: number) => string,
  batch: string,
): ReviewChange {
  const changed: ConflictRecord[] = [];
  const log: LogEntry[] = [];
  for (const c of conflicts) {
    for (const rule of rules) {
      if (rule.status !== 'active') continue;
      const decision = ruleDecision(rule, c);
      if (!decision) continue;
      const r = decideConflict(c, { decision }, contacts, actor, { entry: nextEntry(log.length), batch, rule: rule.id });
      changed.push(r.conflict);
      log.push(r.log);
      break;
    }
  }
  return { conflicts: changed, log };
}
