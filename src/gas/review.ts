/**
 * Conflict review on the server: each call reads the review sheets once, lets the pure review
 * operations (src/core/review) decide, and writes only the rows they change, as one sheet
 * transaction. The caller holds the document lock, so two reviewers' decisions never interleave;
 * a reviewer whose conflict another just decided is told so instead of deciding it again.
 */
import { UserError } from '../core/errors';
import { hash53 } from '../core/hash';
import type { PropertyStore, WorkbookPort } from '../core/ports';
import { rowsOf } from '../core/records';
import { ContactBook } from '../core/review/apply';
import { queueOrder, type ConflictRecord } from '../core/review/conflicts';
import { candidateName, describeDecision } from '../core/review/decisions';
import type { DecisionInput } from '../core/review/model';
import {
  competingTypes,
  decideConflict,
  describeRule,
  pendingSheetDecisions,
  ruleDecision,
  strategyFrom,
  undoEntry,
  unmappedContacts,
  type Actor,
  type LogEntry,
  type ReviewRule,
} from '../core/review/review';
import type { ConflictCard, DecideResult, ReviewQueue, RulePreview, RuleSummary, SheetDecisionsSummary, UndoResult } from '../core/rpc';
import { SHEETS } from '../core/workbook-schema';
import { SheetTransaction } from './sheet-transaction';
import { ConflictsStore, ContactsStore, DecisionLogStore, RulesStore } from './stores/review';

export interface ReviewServices {
  workbook: WorkbookPort;
  properties: PropertyStore;
  now(): Date;
  user(): string;
}

const PREVIEW_EXAMPLES = 5;

const actorOf = (s: ReviewServices): Actor => ({ who: s.user(), at: s.now().toISOString() });

export function reviewQueue(services: ReviewServices): ReviewQueue {
  const records = new ConflictsStore(services.workbook).records;
  const pending = records.filter((r) => r.status === 'pending').sort(queueOrder);
  return {
    total: records.length,
    remaining: pending.length,
    phones: pending.map((r) => r.phone),
    canUndo: lastOwnAction(new DecisionLogStore(services.workbook), services.user()) !== undefined,
  };
}

export function conflictCard(services: ReviewServices, phone: string): ConflictCard {
  const c = new ConflictsStore(services.workbook).find(String(phone));
  if (!c) throw new UserError(`There is no conflict for ${phone} in the Conflicts sheet (run match again if the sheet was changed).`);
  return cardOf(c);
}

export function decide(services: ReviewServices, phone: string, input: DecisionInput): DecideResult {
  const { workbook } = services;
  const conflicts = new ConflictsStore(workbook);
  const c = conflicts.find(String(phone));
  if (!c) throw new UserError(`There is no conflict for ${phone} in the Conflicts sheet (run match again if the sheet was changed).`);
  // Another reviewer got there first: say so, change nothing.
  if (c.status !== 'pending')
    return { status: 'already-decided', phone: c.phone, decision: shownDecision(c), by: c.decidedBy, at: c.decidedAt };
  // Match ran since the card was shown: candidate 2 may be someone else now.
  if (input?.candidateKeys !== undefined && input.candidateKeys !== c.candidateKeys)
    return { status: 'changed', phone: c.phone, decision: '', by: '', at: '' };
  // A pick from the cards is that candidate as it is: final fields left from an earlier merge do not apply.
  const clean =
    input.decision?.kind === 'merge' ? c : { ...c, finals: { firstName: '', lastName: '', company: '', emails: '', address: '' } };
  const [decided] = decideMany(services, { conflicts }, [{ conflict: clean, input: validInput(input) }]);
  return { status: 'decided', phone: c.phone, decision: shownDecision(decided!), by: decided!.decidedBy, at: decided!.decidedAt };
}

/** Undoes the last action: one decision, or every decision of the last "apply to all similar". */
export function undoLast(services: ReviewServices): UndoResult {
  const { workbook } = services;
  const log = new DecisionLogStore(workbook);
  const last = lastOwnAction(log, services.user());
  if (!last) throw new UserError('There is nothing to undo: you have made no decision since your last undo.');
  const batch = log.entries.filter((e) => e.batch === last.batch && isUndoable(e));
  return undoEntries(services, log, batch, batch.length > 1 ? `the rule ${last.rule}` : `the decision for ${last.phone}`);
}

export function previewSimilar(services: ReviewServices, phone: string, input: DecisionInput): RulePreview {
  const { rule, matches } = similar(services, phone, input);
  return {
    description: describeRule(rule),
    count: matches.length,
    examples: matches.slice(0, PREVIEW_EXAMPLES).map(({ conflict, decision }) => ({
      phone: conflict.phone,
      choice:
        decision.kind === 'pick'
          ? candidateName(conflict.candidates.find((x) => x.n === decision.candidate)!.data!)
          : decision.kind === 'skip'
            ? 'skip'
            : 'none of these',
    })),
  };
}

/** Decides this conflict as asked, and every pending one of its pattern by the rule it makes. */
export function applySimilar(services: ReviewServices, phone: string, input: DecisionInput): RuleSummary {
  const { workbook } = services;
  const { rule, matches, conflict, conflicts } = similar(services, phone, input);
  if (matches.length === 0) {
    throw new UserError(`No other pending conflict is like this one (${describeRule(rule)}): decide it on its own.`);
  }
  const log = new DecisionLogStore(workbook);
  const actor = actorOf(services);
  const stored: ReviewRule = {
    ...rule,
    id: `R${hash53(`${log.nextId()}|${describeRule(rule)}`)
      .slice(-6)
      .toUpperCase()}`,
    createdBy: actor.who,
    createdAt: actor.at,
    status: 'active',
  };
  const decided = decideMany(
    services,
    { conflicts, log },
    [
      // The conflict the reviewer decided is theirs: removing the rule leaves it decided.
      { conflict, input: validInput(input), rule: stored.id, byHand: true },
      ...matches.map((m) => ({ conflict: m.conflict, input: { decision: m.decision }, rule: stored.id })),
    ],
    (tx) => new RulesStore(workbook).stage(tx, [stored]),
  );
  return { ruleId: stored.id, description: describeRule(stored), decided: decided.length };
}

/** Removes a rule; what it decided reopens, except conflicts a person has decided since. */
export function removeRule(services: ReviewServices, ruleId: string): UndoResult {
  const { workbook } = services;
  const rules = new RulesStore(workbook);
  const rule = rules.rules.find((r) => r.id === String(ruleId));
  if (!rule || rule.status !== 'active') throw new UserError(`There is no active rule ${ruleId}.`);
  const log = new DecisionLogStore(workbook);
  const conflicts = new ConflictsStore(workbook);
  const decidedByRule = log.entries.filter(
    (e) => e.rule === rule.id && e.action === 'rule' && isUndoable(e) && conflicts.find(e.phone)?.rule === rule.id,
  );
  return undoEntries(services, log, decidedByRule, `the rule ${rule.id}`, { ...rule, status: 'removed' });
}

/** The active rules, each with the conflicts it decides now (counted from the Conflicts sheet). */
export function listRules(
  services: ReviewServices,
  conflicts: ConflictRecord[] = new ConflictsStore(services.workbook).records,
): RuleSummary[] {
  return new RulesStore(services.workbook).active().map((r) => ({
    ruleId: r.id,
    description: describeRule(r),
    decided: conflicts.filter((c) => c.rule === r.id && c.status !== 'pending').length,
  }));
}

/** The sheet path: every Conflicts row whose Decision changed since it was applied, and the Unmapped names. */
export function applySheetDecisions(services: ReviewServices): SheetDecisionsSummary {
  const conflicts = new ConflictsStore(services.workbook);
  const unmapped = { made: 0, phoneOnly: 0 };
  const decided = decideMany(services, { conflicts }, pendingSheetDecisions(conflicts.records), (_tx, book) => {
    Object.assign(unmapped, unmappedContacts(rowsOf(services.workbook.read(SHEETS.unmapped)), book));
  });
  return { decided: decided.length, manualContacts: unmapped.made, phoneOnly: unmapped.phoneOnly };
}

function similar(services: ReviewServices, phone: string, input: DecisionInput) {
  const conflicts = new ConflictsStore(services.workbook);
  const conflict = conflicts.find(String(phone));
  if (!conflict) throw new UserError(`There is no conflict for ${phone} in the Conflicts sheet.`);
  if (conflict.status !== 'pending')
    throw new UserError(
      `The conflict for ${phone} was decided already (${shownDecision(conflict)}${conflict.decidedBy ? ` by ${conflict.decidedBy}` : ''}).`,
    );
  const decision = validInput(input).decision;
  const rule = { sourceTypes: competingTypes(conflict), kind: conflict.kind, strategy: strategyFrom(conflict, decision) };
  const draft: ReviewRule = { ...rule, id: '', createdBy: '', createdAt: '', status: 'active' };
  const matches = conflicts.records
    .filter((c) => c.phone !== conflict.phone)
    .sort(queueOrder)
    .map((c) => ({ conflict: c, decision: ruleDecision(draft, c) }))
    .filter((m): m is { conflict: ConflictRecord; decision: NonNullable<typeof m.decision> } => m.decision !== null);
  return { rule, matches, conflict, conflicts };
}

function undoEntries(
  services: ReviewServices,
  log: DecisionLogStore,
  entries: LogEntry[],
  what: string,
  removedRule?: ReviewRule,
): UndoResult {
  const { workbook } = services;
  const conflicts = new ConflictsStore(workbook);
  const contacts = new ContactsStore(workbook);
  const actor = actorOf(services);
  let next = 0;
  const newId = () => log.nextId(next++);
  const batch = log.nextId();
  const book = new ContactBook(contacts.rows);
  const changed = new Map<string, ConflictRecord>();
  const written: LogEntry[] = [];
  for (const entry of [...entries].reverse()) {
    const current = changed.get(entry.phone) ?? conflicts.find(entry.phone);
    const r = undoEntry(entry, current, book, actor, { entry: newId(), batch });
    if (r.conflict) changed.set(entry.phone, r.conflict);
    // The undone entry is marked in place: the same key, so its row is updated, never a new one.
    written.push(r.log, { ...entry, undoneBy: r.log.entry });
  }
  const tx = new SheetTransaction(workbook, services.properties);
  conflicts.stage(tx, [...changed.values()]);
  contacts.stage(tx, book.rows());
  if (removedRule) {
    new RulesStore(workbook).stage(tx, [removedRule]);
    written.push({
      ...blankEntry(newId(), batch, actor),
      action: 'rule removed',
      rule: removedRule.id,
      before: describeRule(removedRule),
      after: `${entries.length} reopened`,
    });
  }
  log.stage(tx, written);
  tx.commit();
  return {
    undone: entries.length,
    phones: [...changed.keys()],
    message: `Undid ${what}: ${entries.length === 1 ? '1 conflict' : `${entries.length} conflicts`} back to pending.`,
  };
}

function blankEntry(entry: string, batch: string, actor: Actor): LogEntry {
  return {
    entry,
    batch,
    at: actor.at,
    by: actor.who,
    action: 'undo',
    phone: '',
    rule: '',
    before: '',
    after: '',
    conflictBefore: '',
    contactsBefore: '',
    contactsAfter: '',
    undoneBy: '',
  };
}

/**
 * Undo is the reviewer's own: the last action they took by hand, never another reviewer's, nor
 * the decisions a rule made on its own during a match (removing the rule takes those back).
 */
function lastOwnAction(log: DecisionLogStore, who: string): LogEntry | undefined {
  const byHand = new Set(log.entries.filter((e) => e.action === 'decide' && e.by === who).map((e) => e.batch));
  return [...log.entries].reverse().find((e) => isUndoable(e) && byHand.has(e.batch));
}

function isUndoable(e: LogEntry): boolean {
  return (e.action === 'decide' || e.action === 'rule') && !e.undoneBy;
}

/** A decision from the sidebar is checked as the sheet's would be: only the shapes review knows. */
function validInput(input: DecisionInput): DecisionInput {
  const d = input?.decision;
  const ok =
    d &&
    (d.kind === 'merge' ||
      d.kind === 'skip' ||
      d.kind === 'none' ||
      (d.kind === 'pick' && Number.isInteger(d.candidate) && d.candidate >= 1));
  if (!ok) throw new UserError('The decision is not one review knows: pick a candidate, merge, skip, or none of these.');
  return input;
}

/** `1: John Smith`: a decision as people read it, with the name it chose. */
function shownDecision(c: ConflictRecord): string {
  const byN: Array<{ firstName: string; lastName: string; company: string; emails: string[] } | null> = [];
  for (const cand of c.candidates) byN[cand.n - 1] = cand.data ?? { firstName: cand.name, lastName: '', company: '', emails: [] };
  return describeDecision(
    c.decision,
    Array.from({ length: byN.length }, (_, i) => byN[i] ?? null),
  );
}

function cardOf(c: ConflictRecord): ConflictCard {
  return {
    phone: c.phone,
    status: c.status,
    decision: shownDecision(c),
    decidedBy: c.decidedBy,
    recommended: c.recommended,
    why: c.why,
    kind: c.kind,
    conversations: c.conversations,
    finals: c.finals,
    candidateKeys: c.candidateKeys,
    candidates: c.candidates.map((cand) => ({
      n: cand.n,
      source: cand.source,
      sourceTypes: cand.data?.sourceTypes ?? [],
      firstName: cand.data?.firstName ?? '',
      lastName: cand.data?.lastName ?? '',
      company: cand.data?.company ?? '',
      name: cand.name,
      emails: cand.data?.emails ?? (cand.email ? cand.email.split(', ') : []),
      address: cand.address,
      confidence: cand.data?.confidence ?? 0,
      history: historyOf(cand.data?.extras ?? {}),
    })),
  };
}

/** QuickBooks history worth a reviewer's eye, in the order the card shows it. */
function historyOf(extras: Record<string, string>): Array<{ label: string; value: string }> {
  const wanted: Array<[string, string]> = [
    ['QuickBooks Jobs', 'Jobs'],
    ['QuickBooks Job Description', 'Last job'],
    ['QuickBooks Last Job Date', 'Last job date'],
    ['QuickBooks Open Balance', 'Open balance'],
    ['QuickBooks Balance', 'Balance'],
    ['QuickBooks Total Invoiced', 'Total invoiced'],
    ['QuickBooks Total Paid', 'Total paid'],
    ['QuickBooks Customer Since', 'Customer since'],
    ['QuickBooks Status', 'Status'],
  ];
  return wanted.filter(([k]) => extras[k]).map(([k, label]) => ({ label, value: extras[k]! }));
}

/** Every pending conflict takes its recommendation (the command line's `resolve --accept-recommended`). */
export function acceptRecommended(services: ReviewServices): SheetDecisionsSummary {
  const conflicts = new ConflictsStore(services.workbook);
  const todo = conflicts.records
    // A Decision typed but not yet applied is a person's choice: left for Apply decisions.
    .filter((c) => c.status === 'pending' && c.decision.trim() === '' && c.candidates.some((x) => x.n === c.recommended && x.data))
    .sort(queueOrder)
    .map((conflict) => ({
      conflict,
      input: { decision: { kind: 'pick' as const, candidate: conflict.recommended } },
      note: ' (recommendation accepted)',
    }));
  return { decided: decideMany(services, { conflicts }, todo).length, manualContacts: 0, phoneOnly: 0 };
}

interface BatchItem {
  conflict: ConflictRecord;
  input: DecisionInput;
  rule?: string;
  /** Decided by a person, though part of a rule's batch. */
  byHand?: boolean;
  /** Said after the decision in the log. */
  note?: string;
}

/**
 * Decides a batch as one action (one log batch, one undo) and one sheet transaction; `also`
 * adds what else the action changes before it is committed.
 */
function decideMany(
  services: ReviewServices,
  stores: { conflicts: ConflictsStore; log?: DecisionLogStore },
  items: BatchItem[],
  also?: (tx: SheetTransaction, book: ContactBook) => void,
): ConflictRecord[] {
  const { workbook } = services;
  const contacts = new ContactsStore(workbook);
  const log = stores.log ?? new DecisionLogStore(workbook);
  const actor = actorOf(services);
  const batch = log.nextId();
  const book = new ContactBook(contacts.rows);
  const changed: ConflictRecord[] = [];
  const entries: LogEntry[] = [];
  for (const item of items) {
    // A person's own decision carries no rule on its row, so removing the rule leaves it; the log says which rule it made.
    const rule = item.rule && !item.byHand ? { rule: item.rule } : {};
    const r = decideConflict(item.conflict, item.input, book, actor, { entry: log.nextId(entries.length), batch, ...rule });
    if (item.byHand && item.rule) r.log.rule = item.rule;
    if (item.note) r.log.after += item.note;
    changed.push(r.conflict);
    entries.push(r.log);
  }
  const tx = new SheetTransaction(workbook, services.properties);
  also?.(tx, book);
  stores.conflicts.stage(tx, changed);
  contacts.stage(tx, book.rows());
  log.stage(tx, entries);
  tx.commit();
  return changed;
}
