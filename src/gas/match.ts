/**
 * Run match: read every sheet once, let the core matcher decide, and write Matches, Conflicts,
 * Contacts, Unmapped and the Sources counts as one sheet transaction, so a run cut off at any
 * instant leaves the old results or the new ones, never new conflicts beside old contacts.
 * Sheets calls depend on the number of sheets, never on the number of rows. The caller holds
 * the document lock.
 */
import { runMatch, type MatchSummary, type SourceSheet } from '../core/matching/engine';
import { UserError } from '../core/errors';
import type { PropertyStore, WorkbookPort } from '../core/ports';
import { fileColumns } from '../core/sources/import-plan';
import { CONFLICT_STATUSES, SHEETS } from '../core/workbook-schema';
import { SheetTransaction } from './sheet-transaction';
import { ColumnMappingsStore } from './stores/column-mappings';
import { SettingsStore } from './stores/settings';
import { profileFor, SourcesStore } from './stores/sources';

export interface MatchServices {
  workbook: WorkbookPort;
  properties: PropertyStore;
  now(): Date;
  /** Who is running the match, for Applied By. */
  user(): string;
}

export function matchWorkbook(services: MatchServices): MatchSummary {
  const { workbook } = services;
  const conversations = workbook.read(SHEETS.conversations);
  if (!conversations || conversations.rows.length === 0) throw new UserError('Import the conversations first (step 1): there is nothing to match.');
  const settingsStore = new SettingsStore(workbook);
  const { settings, problems } = settingsStore.read();
  if (problems.length) throw new UserError(problems.join(' '));
  settingsStore.ensure(settings);

  const sourcesStore = new SourcesStore(workbook);
  const mappings = new ColumnMappingsStore(workbook);
  const sources: SourceSheet[] = sourcesStore.list().map((entry) => {
    const table = workbook.read(entry.sheet);
    if (!table) throw new UserError(`Source ${entry.fileName}: its sheet "${entry.sheet}" is missing. Import the file again or remove the source.`);
    return {
      sourceId: entry.sourceId,
      sourceType: entry.sourceType,
      fileName: entry.fileName,
      profileId: profileFor(entry, table.header),
      table,
      mapping: mappings.find(fileColumns(table.header)),
    };
  });
  const result = runMatch({
    conversations,
    sources,
    previous: {
      conflicts: workbook.read(SHEETS.conflicts),
      contacts: workbook.read(SHEETS.contacts),
      unmapped: workbook.read(SHEETS.unmapped),
      matches: workbook.read(SHEETS.matches),
    },
    settings,
    now: services.now().toISOString(),
    user: services.user(),
  });

  const tx = new SheetTransaction(workbook, services.properties);
  tx.write(SHEETS.matches, result.matches.header, result.matches.rows);
  // Reviewers set a conflict's Status in the sheet itself: offer exactly the values match reads.
  tx.write(SHEETS.conflicts, result.conflicts.header, result.conflicts.rows, { dropdowns: [{ column: 'Status', values: CONFLICT_STATUSES }] });
  tx.write(SHEETS.contacts, result.contacts.header, result.contacts.rows);
  tx.write(SHEETS.unmapped, result.unmapped.header, result.unmapped.rows);
  for (const entry of sourcesStore.list()) {
    const counts = result.sourceCounts[entry.sourceId];
    if (counts) sourcesStore.put({ ...entry, matchedRecords: counts.matched, conflictRecords: counts.conflict });
  }
  sourcesStore.stage(tx);
  tx.commit();
  return result.summary;
}
