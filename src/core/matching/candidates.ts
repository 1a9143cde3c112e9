/**
 * Blocking: every person of every source record that carries a conversation phone, indexed by
 * that phone. Records without one are never looked at further.
 */
import { profileById, quickBooksName } from '../sources/profiles';
import { rowView } from '../sources/read';
import { RECORD_COLUMNS } from '../sources/import-plan';
import type { Identity } from './identities';
import type { RecordInfo, SourceSheet } from './model';
import type { MatchPerson } from './types';

export function gatherCandidates(sources: SourceSheet[], conversationIds: Map<string, string>) {
  const byPhone = new Map<string, MatchPerson[]>();
  const records = new Map<string, RecordInfo>();
  for (const source of sources) {
    const profile = profileById(source.profileId);
    if (!profile) continue;
    const [keyCol, phonesCol] = RECORD_COLUMNS.map((name) => source.table.header.indexOf(name)) as [number, number];
    if (keyCol < 0 || phonesCol < 0) continue;
    const fileHeader = source.table.header.slice(0, keyCol);
    const jobs = profile.sourceType === 'quickbooks' ? quickBooksJobs(source, fileHeader, keyCol) : null;
    for (const row of source.table.rows) {
      // Blocking: only records carrying a conversation phone are looked at any further.
      const phones = (row[phonesCol] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => conversationIds.has(p));
      if (phones.length === 0) continue;
      const recordKey = row[keyCol] ?? '';
      const cells = row.slice(0, keyCol);
      const view = rowView(fileHeader, cells);
      records.set(recordKey, {
        sourceId: source.sourceId,
        sourceType: source.sourceType,
        data: recordJson(source, fileHeader, cells, recordKey),
      });
      const roles = new Map<string, number>();
      for (const p of profile.persons(view, source.mapping)) {
        const n = (roles.get(p.role) ?? 0) + 1;
        roles.set(p.role, n);
        const personPhones = p.phones.map((ph) => ph.e164);
        const extras = { ...(p.extras ?? {}) };
        const parent = extras['QuickBooks Customer']?.toLowerCase();
        if (jobs && parent && jobs.has(parent))
          extras['QuickBooks Jobs'] = [
            ...new Set([...(extras['QuickBooks Jobs'] ?? '').split('; '), ...jobs.get(parent)!].filter(Boolean)),
          ].join('; ');
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
          ...(p.middleName ? { middleName: p.middleName } : {}),
          ...(p.nicknames ? { nicknames: p.nicknames } : {}),
          ...(p.others ? { others: p.others } : {}),
          ...(p.nameShape ? { nameShape: p.nameShape } : {}),
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

/** The identities of a phone as one comparable string: a decision is kept while it is unchanged. */
export function candidateKeys(identities: Identity[]): string {
  return identities
    .map((i) =>
      i.members
        .map((m) => m.key)
        .sort()
        .join('+'),
    )
    .sort()
    .join(' | ');
}
