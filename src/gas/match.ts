/**
 * Run match: read every sheet once, let the core matcher decide, write each result sheet with
 * one write. Sheets calls depend on the number of sheets, never on the number of rows.
 */
import { runMatch, type MatchSummary, type SourceSheet } from '../core/matching/engine';
import { readSettings, settingsRows, SETTINGS_HEADER, SETTINGS_SHEET } from '../core/matching/settings';
import { UserError } from '../core/errors';
import { CONFLICT_STATUSES, HEADERS, SOURCE_TYPES, SHEETS, type SourceType } from '../core/workbook-schema';
import { readTable, writeTable, type Table } from './sheet-io';
import { fileColumns } from '../core/sources/import-plan';
import { listSources_, MAPPINGS_SHEET, storedMapping_ } from './source-import';
import { actingUser_ } from './acting-user';

export function runMatch_(): MatchSummary {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(30_000)) throw new UserError('Another match or import is running; try again in a moment.');
  try {
    const conversations = readTable(SHEETS.conversations);
    if (!conversations || conversations.rows.length === 0) throw new UserError('Import the conversations first (step 1): there is nothing to match.');
    const settingsTable = readTable(SETTINGS_SHEET);
    const { settings, problems } = readSettings(settingsTable?.rows ?? null);
    if (problems.length) throw new UserError(problems.join(' '));
    if (!settingsTable) writeSettingsSheet(settingsRows(settings));

    const sources: SourceSheet[] = [];
    const sourcesTable = readTable(SHEETS.sources);
    const mappings = readTable(MAPPINGS_SHEET);
    for (const { item } of listSources_(sourcesTable)) {
      const table = readTable(item.sheet);
      if (!table) throw new UserError(`Source ${item.fileName}: its sheet "${item.sheet}" is missing. Import the file again or remove the source.`);
      sources.push({
        sourceId: item.sourceId,
        sourceType: (SOURCE_TYPES as readonly string[]).includes(item.sourceType) ? (item.sourceType as SourceType) : 'csv',
        fileName: item.fileName,
        profileLabel: item.profileLabel,
        table,
        mapping: storedMapping_(fileColumns(table.header), mappings),
      });
    }
    const result = runMatch({
      conversations,
      sources,
      previous: {
        conflicts: readTable(SHEETS.conflicts),
        contacts: readTable(SHEETS.contacts),
        unmapped: readTable(SHEETS.unmapped),
        matches: readTable(SHEETS.matches),
      },
      settings,
      now: new Date().toISOString(),
      user: actingUser_(),
    });
    writeTable(SHEETS.matches, result.matches.header, result.matches.rows);
    writeTable(SHEETS.conflicts, result.conflicts.header, result.conflicts.rows);
    addStatusDropdown(result.conflicts.rows.length);
    writeTable(SHEETS.contacts, result.contacts.header, result.contacts.rows);
    writeTable(SHEETS.unmapped, result.unmapped.header, result.unmapped.rows);
    updateSourceCounts(sourcesTable, result.sourceCounts);
    SpreadsheetApp.flush();
    return result.summary;
  } finally {
    lock.releaseLock();
  }
}

/** Reviewers set a conflict's Status in the sheet itself: offer exactly the values the add-on reads. */
function addStatusDropdown(rows: number): void {
  if (rows === 0) return;
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(SHEETS.conflicts);
  if (!sheet) return;
  const rule = SpreadsheetApp.newDataValidation().requireValueInList([...CONFLICT_STATUSES], true).setAllowInvalid(false).build();
  sheet.getRange(2, HEADERS.conflictsFixed.indexOf('Status') + 1, rows, 1).setDataValidation(rule);
}

function writeSettingsSheet(rows: string[][]): void {
  writeTable(SETTINGS_SHEET, SETTINGS_HEADER, rows);
}

function updateSourceCounts(table: Table | null, counts: Record<string, { matched: number; conflict: number }>): void {
  if (!table) return;
  const matchedCol = table.header.indexOf('Matched Records');
  const conflictCol = table.header.indexOf('Conflict Records');
  const rows = table.rows.map((row) => {
    const c = counts[row[0] ?? ''];
    if (!c) return row;
    const out = [...row];
    out[matchedCol] = String(c.matched);
    out[conflictCol] = String(c.conflict);
    return out;
  });
  writeTable(SHEETS.sources, table.header, rows);
}
