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
import { buildConflicts, candidateChanges, CONFLICT_KEYS_HEADER } from './conflicts-sheet';
import { buildContacts } from './contacts-sheet';
import { candidateKeys, gatherCandidates } from './candidates';
import { hasIdentity, identitiesFor } from './identities';
import { buildMatches } from './matches-sheet';
import { rowsOf } from '../records';
import { isDecided } from '../review/conflicts';
import { column, type MatchInput, type MatchOutput, type Outcome, type PreviousConflict } from './model';
import { buildUnmapped } from './unmapped-sheet';

export type { MatchInput, MatchOutput, MatchSummary, SourceSheet, Table } from './model';
export { CONTACT_EXTRA_HEADERS } from './contacts-sheet';
export { CONFLICT_KEYS_HEADER } from './conflicts-sheet';
export { UNMAPPED_EXTRA_HEADERS } from './unmapped-sheet';

export function runMatch(input: MatchInput): MatchOutput {
  const { settings } = input;
  const conversationIds = new Map<string, string>();
  for (const row of rowsOf(input.conversations))
    if (row['Phone']?.trim()) conversationIds.set(row['Phone'].trim(), row['Conversation ID'] ?? '');

  const { byPhone, records } = gatherCandidates(input.sources, conversationIds);
  const previous = readPrevious(input.previous);

  const outcomes = new Map<string, Outcome>();
  for (const phone of conversationIds.keys()) {
    const all = byPhone.get(phone) ?? [];
    const candidates = all.filter(hasIdentity);
    const identities = identitiesFor(candidates, settings).filter((i) => i.confidence >= settings.reviewThreshold);
    const keys = candidateKeys(identities);
    const decided = previous.conflicts.get(phone);
    // A decision stands while its candidates are the same people with the same details.
    if (decided && isDecided(decided.row) && decided.keys === keys && candidateChanges(decided.row, identities, settings).length === 0) {
      outcomes.set(phone, { kind: 'kept', row: decided.row });
    } else if (identities.length === 0) {
      outcomes.set(phone, {
        kind: 'unmapped',
        reason: all.length === 0 ? 'no source record has this phone' : 'the records with this phone carry no name or email',
      });
    } else if (identities.length === 1 && identities[0]!.confidence >= settings.autoThreshold) {
      outcomes.set(phone, { kind: 'auto', identity: identities[0]! });
    } else {
      outcomes.set(phone, { kind: 'conflict', identities });
    }
  }

  const contacts = buildContacts(outcomes, previous.contacts, input);
  const conflicts = buildConflicts(outcomes, previous.conflicts, input.previous.conflicts?.header ?? [], settings, conversationIds);
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
      conflicts: conflicts.rows.filter((r) => r[column(conflicts, 'Status')] === 'pending').length,
      unmapped: count('unmapped'),
      contacts: contacts.table.rows.length,
      decisionsKept: count('kept'),
    },
  };
}

function readPrevious(prev: MatchInput['previous']) {
  const conflicts = new Map<string, PreviousConflict>();
  for (const row of rowsOf(prev.conflicts)) {
    conflicts.set((row['Phone'] ?? '').trim(), { status: (row['Status'] ?? '').trim(), keys: row[CONFLICT_KEYS_HEADER] ?? '', row });
  }
  return { conflicts, contacts: prev.contacts, unmapped: prev.unmapped, matches: prev.matches };
}
