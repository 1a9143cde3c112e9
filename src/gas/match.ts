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
import { SHEETS } from '../core/workbook-schema';
import { rowsOf, tableOf } from '../core/records';
import { ContactBook } from '../core/review/apply';
import { carryTypedEdits, conflictRow, conflictsLayout, readConflicts } from '../core/review/conflicts';
import { applyRules, type LogEntry } from '../core/review/review';
import { SheetTransaction } from './sheet-transaction';
import { DecisionLogStore, RulesStore } from './stores/review';
import { ColumnMappingsStore } from './stores/column-mappings';
import { SettingsStore } from './stores/settings';
import { profileFor, SourcesStore } from './stores/sources';

/** What people type into Unmapped: a name or an email for a number nobody knows. */
const UNMAPPED_TYPED = ['Name', 'Email'];

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
  if (!conversations || conversations.rows.length === 0)
    throw new UserError('Import the conversations first (step 1): there is nothing to match.');
  const settingsStore = new SettingsStore(workbook);
  const { settings, problems } = settingsStore.read();
  if (problems.length) throw new UserError(problems.join(' '));
  settingsStore.ensure(settings);

  const sourcesStore = new SourcesStore(workbook);
  const mappings = new ColumnMappingsStore(workbook);
  const sources: SourceSheet[] = sourcesStore.list().map((entry) => {
    const table = workbook.read(entry.sheet);
    if (!table)
      throw new UserError(`Source ${entry.fileName}: its sheet "${entry.sheet}" is missing. Import the file again or remove the source.`);
    return {
      sourceId: entry.sourceId,
      sourceType: entry.sourceType,
      fileName: entry.fileName,
      profileId: profileFor(entry, table.header),
      table,
      mapping: mappings.find(fileColumns(table.header)),
    };
  });
  const conflictsBefore = workbook.read(SHEETS.conflicts);
  const unmappedBefore = workbook.read(SHEETS.unmapped);
  const result = runMatch({
    conversations,
    sources,
    previous: {
      conflicts: conflictsBefore,
      contacts: workbook.read(SHEETS.contacts),
      unmapped: unmappedBefore,
      matches: workbook.read(SHEETS.matches),
    },
    settings,
    now: services.now().toISOString(),
    user: services.user(),
  });

  const tx = new SheetTransaction(workbook, services.properties);
  tx.write(SHEETS.matches, result.matches.header, result.matches.rows);
  for (const entry of sourcesStore.list()) {
    const counts = result.sourceCounts[entry.sourceId];
    if (counts) sourcesStore.put({ ...entry, matchedRecords: counts.matched, conflictRecords: counts.conflict });
  }
  sourcesStore.stage(tx);

  // People keep typing in the sheet while a match runs (the lock holds back scripts, not hands):
  // what they typed since it was read goes into the new sheet, read again as late as it can be.
  result.conflicts = carryTypedEdits(result.conflicts, conflictsBefore, workbook.read(SHEETS.conflicts));
  const unmapped = carryTypedEdits(result.unmapped, unmappedBefore, workbook.read(SHEETS.unmapped), UNMAPPED_TYPED);
  tx.write(SHEETS.unmapped, unmapped.header, unmapped.rows);

  // Rules made with "apply to all similar" decide the new conflicts that fit them.
  const rules = new RulesStore(workbook).active();
  const log = new DecisionLogStore(workbook);
  let ruled = { conflicts: result.conflicts, contacts: result.contacts, entries: [] as LogEntry[] };
  if (rules.length) {
    const batch = log.nextId();
    const book = new ContactBook(rowsOf(result.contacts));
    const r = applyRules(
      readConflicts(result.conflicts),
      book,
      rules,
      { who: services.user(), at: services.now().toISOString() },
      (n) => log.nextId(n),
      batch,
    );
    const decided = new Map(r.conflicts.map((c) => [c.phone, conflictRow(c)]));
    const conflictRows = rowsOf(result.conflicts).map((row) => ({ ...row, ...decided.get(row['Phone'] ?? '') }));
    ruled = {
      conflicts: tableOf(result.conflicts.header, conflictRows),
      contacts: tableOf(result.contacts.header, book.rows()),
      entries: r.log,
    };
    result.summary.conflicts -= r.conflicts.length;
  }
  // Reviewers decide in the sheet itself: dropdowns offer exactly the values review reads back.
  tx.write(SHEETS.conflicts, ruled.conflicts.header, ruled.conflicts.rows, conflictsLayout(ruled.conflicts.header));
  tx.write(SHEETS.contacts, ruled.contacts.header, ruled.contacts.rows);
  log.stage(tx, ruled.entries);
  tx.commit();
  return result.summary;
}
