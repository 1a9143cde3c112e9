/** The Conflicts sheet: one row per phone whose identities compete or fall below the auto threshold. */
import { conflictCandidateHeaders, HEADERS, MULTI_VALUE_SEPARATOR } from '../workbook-schema';
import { candidateKeys } from './candidates';
import { recommend, type Identity } from './identities';
import type { Outcome, PreviousConflict, Table } from './model';
import type { MatchSettings } from './settings';
import { survive } from './survivorship';

export const CONFLICT_KEYS_HEADER = 'Candidate Keys';

export function buildConflicts(
  outcomes: Map<string, Outcome>,
  previous: Map<string, PreviousConflict>,
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
      Why: `${before && before.status !== 'pending' ? 'new data since the decision; ' : ''}${why}; recommended ${rec.index + 1}: ${rec.reason}${nameWhy(chosen, settings)}`,
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

/** Survivorship's own reasons for the recommended name: a re-oriented record, an out-voted spelling. */
function nameWhy(identity: Identity, settings: MatchSettings): string {
  const reasons = survive(identity.members, settings).nameReasons;
  return reasons.length ? `; ${reasons.map((r) => r.label).join('; ')}` : '';
}

function conflictWhy(ids: Identity[], settings: MatchSettings): string {
  if (ids.length === 1) {
    const id = ids[0]!;
    const parts = [`one identity below the auto threshold (${id.confidence.toFixed(2)} < ${settings.autoThreshold.toFixed(2)})`, ...id.reasons.map((r) => r.label)];
    return parts.join('; ');
  }
  const names = ids.map((i) => display(survive(i.members, settings))).join(' ≠ ');
  const extra = ids.flatMap((i) => i.reasons).filter((r) => r.field === 'identity' && r.level === 'ambiguous').map((r) => r.label);
  return [`${ids.length} identities: ${names}`, ...extra].join('; ');
}

