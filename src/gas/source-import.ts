/**
 * Importing a source file into its own sheet, in chunks that each stay far inside the
 * six-minute limit. Rows go to a hidden staging sheet; only a complete import becomes a
 * visible sheet and a Sources row, so a cut-off upload never leaves a half-imported sheet.
 * A chunk sent twice (a retry after a lost answer) is recognised by its index and not written twice.
 */
import { UserError } from '../core/errors';
import { hash53 } from '../core/hash';
import {
  MAX_LISTED_PROBLEMS,
  type ImportProblem,
  type SourceChunkResult,
  type SourceImportRequest,
  type SourceImportStart,
  type SourceImportSummary,
  type SourceListItem,
} from '../core/rpc';
import { guessColumnMapping, profileById } from '../core/sources/profiles';
import { buildRecords } from '../core/sources/read';
import type { ColumnMapping } from '../core/sources/types';
import {
  checkCapacity,
  dedupeKeys,
  newSourceId,
  RECORD_COLUMNS,
  sheetNameFor,
  sheetRows,
  SOURCES_HEADER,
} from '../core/sources/import-plan';
import { cell } from '../core/table';
import { SHEETS } from '../core/workbook-schema';
import { ensureGrid_ } from './grid';
import { readTable, TEXT_FORMAT, writeTable, type Table } from './sheet-io';

/** Rows per chunk: a few seconds of work per call, far from the 6-minute limit. */
export const CHUNK_ROWS = 2000;
const STAGING_PREFIX = '~import ';
const STATE_PREFIX = 'sourceImport.';
export const MAPPINGS_SHEET = 'Column Mappings';
const MAPPINGS_HEADER = ['Header Hash', 'Header', 'Mapping', 'Saved At'];

interface ImportState {
  fileName: string;
  fileHash: string;
  profileId: string;
  sourceId: string;
  sheet: string;
  staging: string;
  header: string[];
  mapping?: ColumnMapping;
  replaces?: string;
  titleRows: number;
  footerRows: number;
  nextChunk: number;
  rows: number;
  recordsWithPhone: number;
  phones: number;
  unreadable: number;
  problems: ImportProblem[];
}

export function beginSourceImport_(request: SourceImportRequest): SourceImportStart {
  const fileName = String(request.fileName || 'file.csv');
  const profile = profileById(request.profileId);
  if (!profile) throw new UserError(`${fileName}: unknown source format "${request.profileId}".`);
  const header = (request.header ?? []).map((h) => String(h ?? ''));
  if (header.filter((h) => h.trim()).length === 0) throw new UserError(`${fileName}: the header row is empty.`);
  if (!(request.totalRows > 0)) throw new UserError(`${fileName}: the file has a header but no records.`);

  const sources = listSources_();
  const existing = sources.find((s) => s.fileHash === request.fileHash);
  if (existing && request.onDuplicate !== 'replace') return { status: 'duplicate', existing: existing.item };

  let mapping = request.mapping;
  if (profile.id === 'csv') {
    mapping = mapping ?? storedMapping_(header) ?? guessColumnMapping(header);
    if (mapping.phones.length === 0) return { status: 'needs-mapping', header, guess: mapping };
    if (request.mapping) saveMapping(header, request.mapping);
  }

  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  removeAbandonedStaging(spreadsheet);
  const sheets = spreadsheet.getSheets();
  checkCapacity(fileName, request.totalRows, header.length, sheets.reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0));

  const importId = Utilities.getUuid().slice(0, 8);
  const names = sheets.map((s) => s.getName());
  const sourceId = existing ? existing.item.sourceId : newSourceId(request.fileHash, sources.map((s) => s.item.sourceId));
  const sheet = existing ? existing.item.sheet : sheetNameFor(fileName, names);
  const staging = spreadsheet.insertSheet(`${STAGING_PREFIX}${importId}`);
  staging.hideSheet();
  const fullHeader = [...header, ...RECORD_COLUMNS];
  ensureGrid_(staging, 1, fullHeader.length);
  const headerRange = staging.getRange(1, 1, 1, fullHeader.length);
  headerRange.setNumberFormat(TEXT_FORMAT);
  headerRange.setValues([fullHeader]);

  saveState(importId, {
    fileName,
    fileHash: String(request.fileHash),
    profileId: profile.id,
    sourceId,
    sheet,
    staging: staging.getName(),
    header,
    mapping,
    replaces: existing?.item.sourceId,
    titleRows: Number(request.titleRows) || 0,
    footerRows: Number(request.footerRows) || 0,
    nextChunk: 0,
    rows: 0,
    recordsWithPhone: 0,
    phones: 0,
    unreadable: 0,
    problems: [],
  });
  return { status: 'started', importId, sourceId, sheet, chunkRows: CHUNK_ROWS };
}

export function appendSourceRows_(importId: string, chunkIndex: number, rows: string[][], rowNumbers: number[]): SourceChunkResult {
  return withDocumentLock(() => {
    const state = loadState(importId);
    if (chunkIndex < state.nextChunk) return { importId, nextChunk: state.nextChunk, rowsReceived: state.rows };
    if (chunkIndex > state.nextChunk) {
      throw new UserError(`${state.fileName}: part ${chunkIndex + 1} arrived before part ${state.nextChunk + 1}; start the upload again.`);
    }
    const profile = profileById(state.profileId)!;
    const clean = (rows ?? []).map((r) => (r ?? []).map((c) => (c == null ? '' : String(c))));
    const numbers = clean.map((_, i) => Number(rowNumbers?.[i]) || state.rows + i + 2);
    let records;
    try {
      records = buildRecords(state.sourceId, profile, state.header, clean, numbers, state.mapping);
    } catch (e) {
      throw new UserError(`${state.fileName}: ${(e as Error).message}`);
    }
    let values: string[][];
    try {
      values = sheetRows(records, state.header.length);
    } catch (e) {
      throw new UserError(`${state.fileName}: ${(e as Error).message}`);
    }
    if (values.length > 0) {
      const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(state.staging);
      if (!sheet) throw new UserError(`${state.fileName}: the upload was cancelled or has expired; start it again.`);
      ensureGrid_(sheet, state.rows + 1 + values.length, state.header.length + RECORD_COLUMNS.length);
      const range = sheet.getRange(state.rows + 2, 1, values.length, state.header.length + RECORD_COLUMNS.length);
      range.setNumberFormat(TEXT_FORMAT);
      range.setValues(values);
    }
    for (const r of records) {
      if (r.phones.length > 0) state.recordsWithPhone++;
      state.phones += r.phones.length;
      for (const p of r.phoneProblems) {
        state.unreadable++;
        if (state.problems.length < MAX_LISTED_PROBLEMS) state.problems.push({ row: r.rowNumber, value: p.raw.trim(), reason: p.reason });
      }
    }
    state.rows += records.length;
    state.nextChunk++;
    saveState(importId, state);
    return { importId, nextChunk: state.nextChunk, rowsReceived: state.rows };
  });
}

export function finishSourceImport_(importId: string): SourceImportSummary {
  return withDocumentLock(() => {
    const state = loadState(importId);
    const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
    const staging = spreadsheet.getSheetByName(state.staging);
    if (!staging) throw new UserError(`${state.fileName}: the upload was cancelled or has expired; start it again.`);
    if (state.rows === 0) throw new UserError(`${state.fileName}: no rows arrived; start the upload again.`);
    const keyColumn = state.header.length + 1;
    const keyRange = staging.getRange(2, keyColumn, state.rows, 1);
    const unique = dedupeKeys(keyRange.getValues().map((r) => String(r[0])));
    if (unique) keyRange.setValues(unique.map((k) => [k]));

    const sources = readTable(SHEETS.sources);
    const rows = (sources?.rows ?? []).filter((r) => r[0] !== state.replaces);
    if (state.replaces) {
      const old = spreadsheet.getSheetByName(state.sheet);
      if (old) spreadsheet.deleteSheet(old);
    }
    staging.setName(state.sheet);
    staging.showSheet();
    staging.setFrozenRows(1);
    const profile = profileById(state.profileId)!;
    const uploadedAt = new Date().toISOString();
    rows.push([
      state.sourceId,
      profile.sourceType,
      state.fileName,
      state.sheet,
      String(state.rows),
      String(state.recordsWithPhone),
      '0',
      '0',
      uploadedAt,
      profile.label,
      state.fileHash,
      String(state.phones),
      String(state.titleRows + state.footerRows),
      String(state.unreadable),
    ]);
    writeTable(SHEETS.sources, SOURCES_HEADER, rows);
    PropertiesService.getDocumentProperties().deleteProperty(STATE_PREFIX + importId);
    return {
      sourceId: state.sourceId,
      sourceType: profile.sourceType,
      profileLabel: profile.label,
      fileName: state.fileName,
      sheet: state.sheet,
      totalRecords: state.rows,
      recordsWithPhone: state.recordsWithPhone,
      phonesFound: state.phones,
      skippedRows: state.titleRows + state.footerRows,
      unreadablePhones: state.unreadable,
      problems: state.problems,
      replaced: Boolean(state.replaces),
    };
  });
}

export function cancelSourceImport_(importId: string): void {
  const props = PropertiesService.getDocumentProperties();
  const raw = props.getProperty(STATE_PREFIX + importId);
  if (!raw) return;
  const state = JSON.parse(raw) as ImportState;
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const staging = spreadsheet.getSheetByName(state.staging);
  if (staging) spreadsheet.deleteSheet(staging);
  props.deleteProperty(STATE_PREFIX + importId);
}

export function removeSource_(sourceId: string): void {
  const table = readTable(SHEETS.sources);
  const source = listSources_(table).find((s) => s.item.sourceId === sourceId);
  if (!table || !source) throw new UserError(`There is no source ${sourceId}.`);
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getSheetByName(source.item.sheet);
  if (sheet) spreadsheet.deleteSheet(sheet);
  writeTable(SHEETS.sources, table.header, table.rows.filter((r) => r[0] !== sourceId));
}

/** The Sources sheet's rows as list items; pass the table when it has been read already. */
export function listSources_(table: Table | null = readTable(SHEETS.sources)): Array<{ item: SourceListItem; fileHash: string }> {
  if (!table) return [];
  const at = (row: string[], name: string) => cell(table, row, name);
  return table.rows.map((row) => ({
    fileHash: at(row, 'File Hash'),
    item: {
      sourceId: at(row, 'Source ID'),
      sourceType: at(row, 'Source Type'),
      profileLabel: at(row, 'Profile'),
      fileName: at(row, 'File Name'),
      sheet: at(row, 'Sheet'),
      totalRecords: Number(at(row, 'Total Records')) || 0,
      recordsWithPhone: Number(at(row, 'Records With Phone')) || 0,
      uploadedAt: at(row, 'Uploaded At'),
    },
  }));
}

/** Staging sheets whose upload state is gone were left by an upload that never finished. */
function removeAbandonedStaging(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  const props = PropertiesService.getDocumentProperties().getProperties();
  const live = new Set(
    Object.keys(props)
      .filter((k) => k.startsWith(STATE_PREFIX))
      .map((k) => (JSON.parse(props[k]!) as ImportState).staging),
  );
  for (const sheet of spreadsheet.getSheets()) {
    const name = sheet.getName();
    if (name.startsWith(STAGING_PREFIX) && !live.has(name)) spreadsheet.deleteSheet(sheet);
  }
}

/** The mapping a user made for this header set, if any: the matcher reads the file with it too. */
export function storedMapping_(header: string[], table: Table | null = readTable(MAPPINGS_SHEET)): ColumnMapping | undefined {
  const key = hash53(header.join('\u001f'));
  const row = table?.rows.find((r) => r[0] === key);
  return row ? (JSON.parse(row[2]!) as ColumnMapping) : undefined;
}

/** Mappings the user made are kept per header set, so the next export of that kind needs none. */
function saveMapping(header: string[], mapping: ColumnMapping): void {
  const table = readTable(MAPPINGS_SHEET);
  const key = hash53(header.join('\u001f'));
  const rows = (table?.rows ?? []).filter((r) => r[0] !== key);
  rows.push([key, header.join(', '), JSON.stringify(mapping), new Date().toISOString()]);
  writeTable(MAPPINGS_SHEET, MAPPINGS_HEADER, rows);
  SpreadsheetApp.getActiveSpreadsheet().getSheetByName(MAPPINGS_SHEET)?.hideSheet();
}

function loadState(importId: string): ImportState {
  const raw = PropertiesService.getDocumentProperties().getProperty(STATE_PREFIX + importId);
  if (!raw) throw new UserError('This upload was cancelled or has expired; start it again.');
  return JSON.parse(raw) as ImportState;
}

/** Document properties hold 9 KB a value: enough for any real header, checked all the same. */
const MAX_STATE_CHARS = 8500;

function saveState(importId: string, state: ImportState): void {
  const json = JSON.stringify(state);
  if (json.length > MAX_STATE_CHARS) {
    throw new UserError(`${state.fileName}: the header row is too long to import (${state.header.length} columns); remove columns you do not need.`);
  }
  PropertiesService.getDocumentProperties().setProperty(STATE_PREFIX + importId, json);
}

/** google.script.run calls may arrive together; one import step at a time per spreadsheet. */
function withDocumentLock<T>(work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(30_000)) throw new UserError('Another import step is still running; try again in a moment.');
  try {
    return work();
  } finally {
    SpreadsheetApp.flush();
    lock.releaseLock();
  }
}
