/**
 * What a push would do with each Contacts row, from the sheets alone: create, update (edited
 * since its push), leave unchanged, skip (by setting), or refuse (a row OpenPhone cannot take).
 * Push state lives in a hidden sheet keyed by Contact ID, not in Contacts columns: match
 * rewrites Contacts (keeping only Contact ID and OpenPhone ID across runs), while the Contact
 * ID stays stable, so the hash and time of a push survive any number of re-matches.
 */
import type { Row } from '../records';
import { draftHash, draftOf, rowProblem, type ContactDraft, type FieldMap } from './contact';
import type { WorkItem } from './runner';

export const PUSH_STATE_SHEET = 'Push State';
export const PUSH_STATE_COLUMNS = ['Contact ID', 'OpenPhone ID', 'Pushed Hash', 'Pushed At', 'Status', 'Message', 'Tried Hash'] as const;
export const PUSH_LOG_SHEET = 'Push Log';
export const PUSH_LOG_COLUMNS = ['Time', 'Contact ID', 'Action', 'Status', 'OpenPhone ID', 'Message'] as const;
/** Shown on the Contacts row itself, after the contract's columns. */
export const CONTACT_PUSH_COLUMNS = ['Push Status', 'Push Message'] as const;

export interface PushSettings {
  pushPhoneOnly: boolean;
  pushOpenPhoneOnly: boolean;
  urlFetchPerDay: number;
  /** Custom field name in OpenPhone per history field id. */
  fieldNames: Record<string, string>;
}

export interface StateEntry {
  openPhoneId: string;
  pushedHash: string;
  pushedAt: string;
  status: string;
  message: string;
  triedHash: string;
}

export type RowPlan =
  | { kind: 'create'; item: WorkItem }
  | { kind: 'update'; item: WorkItem }
  | { kind: 'unchanged'; item: WorkItem }
  | { kind: 'skip'; reason: 'phone-only' | 'openphone-only'; index: number; contactId: string }
  | { kind: 'error'; index: number; contactId: string; hash: string; message: string; known: boolean };

/**
 * One plan per row. `openPhoneSources` are the file names of OpenPhone web-app exports: a person
 * known only from them already is an app contact in OpenPhone.
 */
export function planRows(
  rows: Row[],
  state: Map<string, StateEntry>,
  settings: PushSettings,
  fields: FieldMap,
  openPhoneSources: Set<string>,
  labels: Map<string, string> = new Map(),
): RowPlan[] {
  const seen = new Map<string, number>();
  return rows.map((row, index): RowPlan => {
    const draft: ContactDraft = draftOf(row, fields, labels);
    const hash = draftHash(draft);
    const st = state.get(draft.contactId);
    const openPhoneId = (row['OpenPhone ID'] ?? '').trim() || st?.openPhoneId || '';
    let problem = rowProblem(draft);
    const earlier = seen.get(draft.contactId);
    if (!problem && earlier !== undefined)
      problem = `Contact ID ${draft.contactId} is also on row ${earlier + 2}: each contact needs its own ID.`;
    if (draft.contactId) seen.set(draft.contactId, index);
    if (problem)
      return {
        kind: 'error',
        index,
        contactId: draft.contactId,
        hash,
        message: problem,
        known: st?.status === 'error' && st.triedHash === hash && st.message === problem,
      };
    const item: WorkItem = { index, draft, hash, openPhoneId };
    if (openPhoneId) return st?.pushedHash === hash ? { kind: 'unchanged', item } : { kind: 'update', item };
    // A row OpenPhone refused is tried again only once it has been edited.
    if (st?.status === 'error' && st.triedHash === hash)
      return { kind: 'error', index, contactId: draft.contactId, hash, message: st.message, known: true };
    if (!settings.pushPhoneOnly && !draft.firstName && !draft.lastName && !draft.company)
      return { kind: 'skip', reason: 'phone-only', index, contactId: draft.contactId };
    const sources = (row['Sources'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!settings.pushOpenPhoneOnly && sources.length > 0 && sources.every((s) => openPhoneSources.has(s))) {
      return { kind: 'skip', reason: 'openphone-only', index, contactId: draft.contactId };
    }
    return { kind: 'create', item };
  });
}

export interface PlanCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  skippedPhoneOnly: number;
  skippedOpenPhoneOnly: number;
  errors: number;
}

export function countPlan(plans: RowPlan[]): PlanCounts {
  const c: PlanCounts = { rows: plans.length, create: 0, update: 0, unchanged: 0, skippedPhoneOnly: 0, skippedOpenPhoneOnly: 0, errors: 0 };
  for (const p of plans) {
    if (p.kind === 'create') c.create++;
    else if (p.kind === 'update') c.update++;
    else if (p.kind === 'unchanged') c.unchanged++;
    else if (p.kind === 'error') c.errors++;
    else if (p.kind === 'skip' && p.reason === 'phone-only') c.skippedPhoneOnly++;
    else c.skippedOpenPhoneOnly++;
  }
  return c;
}

/** Requests a plan needs, rather over than under: a look-up per 50 new rows (one often holds more), a create each, a read and a write per update. */
export function apiCallsFor(create: number, update: number): number {
  return (create ? Math.ceil(create / 50) + create : 0) + update * 2 + 2;
}
