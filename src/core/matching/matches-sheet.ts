/** The Matches sheet: one row per (conversation phone, source record) pair, with its status. */
import { hash53 } from '../hash';
import { rowsOf, type Row } from '../records';
import { decidedRecords } from '../review/conflicts';
import { HEADERS } from '../workbook-schema';
import type { MatchInput, Outcome, RecordInfo, Table } from './model';
import type { MatchPerson } from './types';

export function buildMatches(
  outcomes: Map<string, Outcome>,
  byPhone: Map<string, MatchPerson[]>,
  records: Map<string, RecordInfo>,
  conversationIds: Map<string, string>,
  previous: Table | null,
  input: MatchInput,
) {
  const header = [...HEADERS.matches, HEADERS.sourceRecord[0]];
  const before = new Map<string, Row>();
  for (const row of rowsOf(previous)) before.set(row['Match ID'] ?? '', row);
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
    // A reviewer's decision says which records are this phone's person: applied, the others rejected.
    const decided = outcome.kind === 'kept' ? decidedRecords(outcome.row) : null;
    // Applied by the reviewer who decided it, when they decided it; otherwise by this run.
    const stamp =
      outcome.kind === 'kept'
        ? { at: outcome.row['Decided At'] || input.now, by: outcome.row['Decided By'] || input.user }
        : { at: input.now, by: input.user };
    for (const recordKey of recordKeys) {
      const info = records.get(recordKey)!;
      const id = `M${hash53(`${phone}|${recordKey}`).slice(-10).toUpperCase()}`;
      const identity =
        outcome.kind === 'auto'
          ? outcome.identity.members.some((m) => m.recordKey === recordKey)
            ? outcome.identity
            : null
          : outcome.kind === 'conflict'
            ? (outcome.identities.find((i) => i.members.some((m) => m.recordKey === recordKey)) ?? null)
            : null;
      let status = 'rejected';
      if (outcome.kind === 'auto' && identity) status = 'applied';
      else if (outcome.kind === 'conflict' && identity) status = 'pending';
      else if (outcome.kind === 'kept')
        status = decided ? (decided.has(recordKey) ? 'applied' : 'rejected') : (before.get(id)?.['Status'] ?? 'pending');
      const prev = before.get(id);
      const keepStamp = prev && prev['Status'] === status && status === 'applied';
      rows.push([
        id,
        phone,
        conversationIds.get(phone) ?? '',
        info.sourceType,
        info.data,
        identity ? identity.confidence.toFixed(2) : '',
        status,
        status === 'applied' ? (keepStamp ? (prev!['Applied At'] ?? '') : stamp.at) : '',
        status === 'applied' ? (keepStamp ? (prev!['Applied By'] ?? '') : stamp.by) : '',
        recordKey,
      ]);
      if (status === 'applied') mark(matched, info.sourceId, recordKey);
      if (status === 'pending') mark(inConflict, info.sourceId, recordKey);
    }
  }
  const sourceCounts: Record<string, { matched: number; conflict: number }> = {};
  for (const s of input.sources)
    sourceCounts[s.sourceId] = { matched: matched.get(s.sourceId)?.size ?? 0, conflict: inConflict.get(s.sourceId)?.size ?? 0 };
  return { matches: { header, rows }, sourceCounts };
}
