/**
 * What a decision does to the Contacts sheet. One person stays one contact: a phone decided for
 * someone who already has a contact (reached on another phone) joins that contact rather than
 * making a second one, which would become a duplicate in OpenPhone. A contact keeps its
 * Contact ID and OpenPhone ID when a decision changes; changing one's mind moves the phone.
 */
import { UserError } from '../errors';
import { hash53 } from '../hash';
import type { Row } from '../records';
import { MULTI_VALUE_SEPARATOR } from '../workbook-schema';
import type { ConflictRecord } from './conflicts';
import { hasFinals, typedEmails } from './decisions';
import type { CandidateData, Decision, FinalFields, MergeSpec } from './model';

export interface ContactChange {
  /** The rows the decision changed or removed, as they were (for undo). */
  before: Row[];
  /** The rows it changed or created, as it left them (for undo to tell what changed since). */
  after: Row[];
}

export interface DecisionOptions {
  merge?: MergeSpec;
  keepJobHistory?: boolean;
}

/** Cells of several values are joined with `, `; a source person's key may hold a bare comma (`smith,john`). */
const split = (v: string | undefined) =>
  (v ?? '')
    .split(MULTI_VALUE_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
const QUICKBOOKS_PREFIX = 'QuickBooks ';

/** The fields of the contact a decision makes, or null for a decision that makes none (skip). */
export function decidedFields(
  conflict: ConflictRecord,
  decision: Decision,
  options: DecisionOptions = {},
): {
  fields: FinalFields & { sources: string; extras: Record<string, string> };
  keys: string[];
  status: 'resolved' | 'manual' | 'phone-only';
} | null {
  if (decision.kind === 'skip') return null;
  const data = (n: number): CandidateData => {
    const c = conflict.candidates.find((x) => x.n === n);
    if (!c?.data) throw new UserError(`Conflicts, phone ${conflict.phone}: candidate ${n} has no data to apply; run match again.`);
    return c.data;
  };
  const all = conflict.candidates.filter((c) => c.data).map((c) => c.data!);
  const finals = conflict.finals;
  let base: CandidateData | null;
  let keys: string[];
  if (decision.kind === 'pick') {
    base = data(decision.candidate);
    keys = base.keys;
  } else if (decision.kind === 'merge') {
    base = data(conflict.recommended);
    keys = [...new Set(all.flatMap((c) => c.keys))];
  } else {
    base = null;
    keys = [];
  }
  const pick = (field: keyof FinalFields, fromBase: string): string => {
    const spec = options.merge?.[field];
    if (spec && 'typed' in spec) return spec.typed.trim();
    if (spec && 'from' in spec) return valueOf(data(spec.from), field);
    return finals[field].trim() || fromBase;
  };
  // Typed emails are checked; emails taken from a candidate are the sources' own.
  const emailSpec = options.merge?.emails;
  const typed = emailSpec && 'typed' in emailSpec ? emailSpec.typed : finals.emails;
  const emails =
    emailSpec && 'from' in emailSpec
      ? valueOf(data(emailSpec.from), 'emails')
      : typed.trim()
        ? typedEmails(typed, conflict.phone).join(MULTI_VALUE_SEPARATOR)
        : (base?.emails.join(MULTI_VALUE_SEPARATOR) ?? '');
  const fields = {
    firstName: pick('firstName', base?.firstName ?? ''),
    lastName: pick('lastName', base?.lastName ?? ''),
    company: pick('company', base?.company ?? ''),
    emails,
    address: pick('address', base?.address ?? ''),
    sources: [...new Set((decision.kind === 'merge' ? all : base ? [base] : []).flatMap((c) => c.sources))]
      .sort()
      .join(MULTI_VALUE_SEPARATOR),
    extras: { ...(base?.extras ?? {}) },
  };
  // The QuickBooks job history stays on the contact whichever name was chosen, unless declined.
  if (options.keepJobHistory !== false) {
    for (const c of all)
      for (const [k, v] of Object.entries(c.extras)) if (k.startsWith(QUICKBOOKS_PREFIX) && v && !fields.extras[k]) fields.extras[k] = v;
  } else if (decision.kind !== 'pick' || !base?.sourceTypes.includes('quickbooks')) {
    for (const k of Object.keys(fields.extras)) if (k.startsWith(QUICKBOOKS_PREFIX)) delete fields.extras[k];
  }
  const named = [fields.firstName, fields.lastName, fields.company, fields.emails].some((v) => v !== '');
  const status =
    decision.kind === 'none' ? (hasFinals(finals) || options.merge ? 'manual' : 'phone-only') : named ? 'resolved' : 'phone-only';
  return { fields, keys, status };
}

function valueOf(c: CandidateData, field: keyof FinalFields): string {
  if (field === 'emails') return c.emails.join(MULTI_VALUE_SEPARATOR);
  return c[field];
}

/**
 * The Contacts rows while review changes them, indexed by phone and by source person, so a batch
 * of decisions (a rule, accepting every recommendation) costs time in proportion to its size.
 */
export class ContactBook {
  private readonly byId = new Map<string, Row>();
  private readonly byPhone = new Map<string, Set<string>>();
  private readonly byKey = new Map<string, Set<string>>();

  constructor(rows: readonly Row[]) {
    for (const r of rows) this.put({ ...r });
  }

  rows(): Row[] {
    return [...this.byId.values()];
  }

  get(id: string): Row | undefined {
    return this.byId.get(id);
  }

  holding(phone: string): Row[] {
    return [...(this.byPhone.get(phone) ?? [])].map((id) => this.byId.get(id)!);
  }

  /** The contact made of any of these source people. */
  madeOf(keys: readonly string[], except?: Row): Row | undefined {
    for (const k of keys) for (const id of this.byKey.get(k) ?? []) if (this.byId.get(id) !== except) return this.byId.get(id);
    return undefined;
  }

  ids(): ReadonlySet<string> {
    return new Set(this.byId.keys());
  }

  put(row: Row): void {
    const id = row['Contact ID'] ?? '';
    this.drop(id);
    this.byId.set(id, row);
    for (const p of split(row['Phones'])) index(this.byPhone, p, id);
    for (const k of split(row['Person Keys'])) index(this.byKey, k, id);
  }

  drop(id: string): void {
    const row = this.byId.get(id);
    if (!row) return;
    for (const p of split(row['Phones'])) this.byPhone.get(p)?.delete(id);
    for (const k of split(row['Person Keys'])) this.byKey.get(k)?.delete(id);
    this.byId.delete(id);
  }
}

function index(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(id);
  map.set(key, set);
}

/**
 * Decides `phone` in the book: the phone leaves whatever contact it was on (a decision made
 * again), then joins the contact of the same person, or gets a contact of its own. Returns the
 * rows it changed as they were, and the IDs it changed or made, for undo.
 */
export function applyToContacts(book: ContactBook, conflict: ConflictRecord, decided: ReturnType<typeof decidedFields>): ContactChange {
  const phone = conflict.phone;
  const before = new Map<string, Row>();
  const after = new Set<string>();
  const edit = (row: Row, change: Row): Row => {
    const id = row['Contact ID'] ?? '';
    const existing = book.get(id);
    if (existing && !before.has(id)) before.set(id, { ...existing });
    const next = { ...row, ...change };
    book.put(next);
    after.add(id);
    return next;
  };
  // 1. The phone leaves the contacts that hold it. A contact left with no phone goes, unless it
  //    is already in OpenPhone: then it is kept for this phone's new contact, so the link stays.
  let reusable: Row | null = null;
  for (const r of book.holding(phone)) {
    const left = edit(r, {
      Phones: split(r['Phones'])
        .filter((p) => p !== phone)
        .join(MULTI_VALUE_SEPARATOR),
    });
    if (left['Phones'] !== '') continue;
    if (!reusable && (left['OpenPhone ID'] ?? '') !== '') reusable = left;
    else book.drop(left['Contact ID']!);
  }
  if (decided) {
    // 2. The same person's contact, found by the source people it is made of.
    let target = decided.keys.length ? book.madeOf(decided.keys, reusable ?? undefined) : undefined;
    if (target && reusable) book.drop(reusable['Contact ID']!);
    if (!target) target = reusable ?? { 'Contact ID': newContactId(decided.keys[0] ?? phone, book.ids()) };
    const f = decided.fields;
    edit(target, {
      Phones: [...split(target['Phones']), phone].join(MULTI_VALUE_SEPARATOR),
      'First Name': f.firstName,
      'Last Name': f.lastName,
      Company: f.company,
      Emails: f.emails,
      Address: f.address,
      Sources: f.sources,
      Status: decided.status,
      'Person Keys': [...new Set([...split(target['Person Keys']), ...decided.keys])].join(MULTI_VALUE_SEPARATOR),
      ...f.extras,
    });
  } else if (reusable) {
    book.drop(reusable['Contact ID']!);
  }
  return {
    before: [...before.values()],
    after: [...after]
      .map((id) => book.get(id))
      .filter((r): r is Row => r !== undefined)
      .map((r) => ({ ...r })),
  };
}

/** Contact IDs are OpenPhone's externalId: stable, and derived from the person, not a counter. */
export function newContactId(seed: string, used: ReadonlySet<string>): string {
  let id = `C${hash53(seed).slice(-8).toUpperCase()}`;
  for (let n = 2; used.has(id); n++) id = `C${hash53(`${seed}#${n}`).slice(-8).toUpperCase()}`;
  return id;
}

/**
 * A decision undone. A contact still as the decision left it goes back to what it was (or goes,
 * if the decision made it). A contact changed since (another decision, a match, a push) keeps
 * those changes and only gives back the phone the decision gave it; a contact the decision
 * emptied comes back only if nothing took its place.
 */
export function restoreContacts(book: ContactBook, phone: string, before: readonly Row[], after: readonly Row[]): void {
  const wasBefore = new Map(before.map((r) => [r['Contact ID'] ?? '', r]));
  for (const made of after) {
    const id = made['Contact ID'] ?? '';
    const now = book.get(id);
    const old = wasBefore.get(id);
    if (now && sameRow(now, made)) {
      if (old) book.put({ ...old });
      else book.drop(id);
    } else if (now && split(made['Phones']).includes(phone) && !split(old?.['Phones']).includes(phone)) {
      const phones = split(now['Phones']).filter((p) => p !== phone);
      if (phones.length || (now['OpenPhone ID'] ?? '') !== '') book.put({ ...now, Phones: phones.join(MULTI_VALUE_SEPARATOR) });
      else book.drop(id);
    }
    wasBefore.delete(id);
  }
  // Rows the decision changed without leaving them in `after` (it emptied them): back, unless replaced.
  for (const [id, old] of wasBefore) if (!book.get(id)) book.put({ ...old });
}

function sameRow(a: Row, b: Row): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
  return true;
}
