/**
 * The chunked upload of a source file: begin, one call per chunk of rows, finish (or cancel).
 * Each call stays far inside the six-minute limit. Rows go to a hidden staging sheet; only a
 * finished upload becomes a visible sheet and a Sources row, together (one sheet transaction),
 * so a cut-off upload never leaves a half-imported sheet. A chunk sent twice (a retry after a
 * lost answer) is recognised by its index and written once.
 *
 * The Apps Script services come in as ports (the way apps-script-oauth2 takes its property
 * store), so the protocol is tested with small fakes; the caller holds the document lock.
 */
import { UserError } from '../core/errors';
import type { PropertyStore, WorkbookPort } from '../core/ports';
import {
  MAX_LISTED_PROBLEMS,
  type ImportProblem,
  type SourceChunkResult,
  type SourceImportRequest,
  type SourceImportStart,
  type SourceImportSummary,
} from '../core/rpc';
import { checkCapacity, dedupeKeys, newSourceId, RECORD_COLUMNS, sheetNameFor, sheetRows } from '../core/sources/import-plan';
import { guessColumnMapping, profileById } from '../core/sources/profiles';
import { buildRecords } from '../core/sources/read';
import type { ColumnMapping, ProfileId } from '../core/sources/types';
import { SheetTransaction } from './sheet-transaction';
import { ColumnMappingsStore } from './stores/column-mappings';
import { listItem, SourcesStore } from './stores/sources';

/** Rows per chunk: a few seconds of work per call, far from the 6-minute limit. */
export const CHUNK_ROWS = 2000;
export const UPLOAD_STAGING_PREFIX = '~import ';
const STATE_PREFIX = 'sourceImport.';
/** An upload nobody has continued for this long is abandoned: its staging sheet is removed. */
const ABANDONED_AFTER_MS = 24 * 3600 * 1000;
/** Document properties hold 9 KB a value: enough for any real header, checked all the same. */
const MAX_STATE_CHARS = 8500;

export interface UploadServices {
  workbook: WorkbookPort;
  /** The document's properties: where an upload in progress keeps its state. */
  properties: PropertyStore;
  now(): Date;
  newId(): string;
}

interface UploadState {
  fileName: string;
  fileHash: string;
  profileId: ProfileId;
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
  /** When a chunk last arrived (ms since the epoch). */
  touchedAt: number;
}

export function beginUpload(services: UploadServices, request: SourceImportRequest): SourceImportStart {
  const fileName = String(request.fileName || 'file.csv');
  const profile = profileById(String(request.profileId));
  if (!profile) throw new UserError(`${fileName}: unknown source format "${request.profileId}".`);
  const header = (request.header ?? []).map((h) => String(h ?? ''));
  if (header.filter((h) => h.trim()).length === 0) throw new UserError(`${fileName}: the header row is empty.`);
  if (!(Number(request.totalRows) > 0)) throw new UserError(`${fileName}: the file has a header but no records.`);

  const { workbook } = services;
  const sources = new SourcesStore(workbook);
  const existing = sources.findByHash(String(request.fileHash));
  if (existing && request.onDuplicate !== 'replace') return { status: 'duplicate', existing: listItem(existing) };

  let mapping = request.mapping;
  if (profile.id === 'csv') {
    const mappings = new ColumnMappingsStore(workbook);
    mapping = mapping ?? mappings.find(header) ?? guessColumnMapping(header);
    if (mapping.phones.length === 0) return { status: 'needs-mapping', header, guess: mapping };
    if (request.mapping) mappings.save(header, request.mapping, services.now().toISOString());
  }

  removeAbandoned(services);
  checkCapacity(fileName, Number(request.totalRows), header.length, workbook.cellsInUse());

  const importId = services.newId();
  const sourceId = existing
    ? existing.sourceId
    : newSourceId(
        String(request.fileHash),
        sources.list().map((s) => s.sourceId),
      );
  const sheet = existing ? existing.sheet : sheetNameFor(fileName, workbook.sheetNames());
  const staging = `${UPLOAD_STAGING_PREFIX}${importId}`;
  const state: UploadState = {
    fileName,
    fileHash: String(request.fileHash),
    profileId: profile.id,
    sourceId,
    sheet,
    staging,
    header,
    ...(mapping ? { mapping } : {}),
    ...(existing ? { replaces: existing.sourceId } : {}),
    titleRows: Number(request.titleRows) || 0,
    footerRows: Number(request.footerRows) || 0,
    nextChunk: 0,
    rows: 0,
    recordsWithPhone: 0,
    phones: 0,
    unreadable: 0,
    problems: [],
    touchedAt: services.now().getTime(),
  };
  // The state is checked for size before the staging sheet exists: a refused header leaves nothing.
  const json = stateJson(state);
  workbook.insertHidden(staging, [...header, ...RECORD_COLUMNS]);
  services.properties.setProperty(STATE_PREFIX + importId, json);
  return { status: 'started', importId, sourceId, sheet, chunkRows: CHUNK_ROWS };
}

export function appendRows(
  services: UploadServices,
  importId: string,
  chunkIndex: number,
  rows: string[][],
  rowNumbers: number[],
): SourceChunkResult {
  const state = loadState(services, importId);
  if (chunkIndex < state.nextChunk) return { importId, nextChunk: state.nextChunk, rowsReceived: state.rows };
  if (chunkIndex > state.nextChunk) {
    throw new UserError(`${state.fileName}: part ${chunkIndex + 1} arrived before part ${state.nextChunk + 1}; start the upload again.`);
  }
  const profile = profileById(state.profileId)!;
  const clean = (rows ?? []).map((r) => (r ?? []).map((c) => (c == null ? '' : String(c))));
  const numbers = clean.map((_, i) => Number(rowNumbers?.[i]) || state.rows + i + 2);
  let values: string[][];
  let records;
  try {
    records = buildRecords(state.sourceId, profile, state.header, clean, numbers, state.mapping);
    values = sheetRows(records, state.header.length);
  } catch (e) {
    throw new UserError(`${state.fileName}: ${(e as Error).message}`);
  }
  if (!services.workbook.exists(state.staging)) throw expired(state.fileName);
  services.workbook.writeRows(state.staging, state.rows + 2, values);
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
  state.touchedAt = services.now().getTime();
  services.properties.setProperty(STATE_PREFIX + importId, stateJson(state));
  return { importId, nextChunk: state.nextChunk, rowsReceived: state.rows };
}

export function finishUpload(services: UploadServices, importId: string): SourceImportSummary {
  const { workbook } = services;
  const state = loadState(services, importId);
  if (!workbook.exists(state.staging)) throw expired(state.fileName);
  if (state.rows === 0) throw new UserError(`${state.fileName}: no rows arrived; start the upload again.`);
  const keyColumn = state.header.length + 1;
  const unique = dedupeKeys(workbook.readColumn(state.staging, keyColumn, 2, state.rows));
  if (unique) workbook.writeColumn(state.staging, keyColumn, 2, unique);

  const profile = profileById(state.profileId)!;
  const sources = new SourcesStore(workbook);
  const tx = new SheetTransaction(workbook, services.properties);
  // A replaced file keeps its Source ID and its place in the list, with fresh counts.
  sources.put({
    sourceId: state.sourceId,
    sourceType: profile.sourceType,
    fileName: state.fileName,
    sheet: state.sheet,
    totalRecords: state.rows,
    recordsWithPhone: state.recordsWithPhone,
    matchedRecords: 0,
    conflictRecords: 0,
    uploadedAt: services.now().toISOString(),
    profileId: profile.id,
    profileText: profile.id,
    fileHash: state.fileHash,
    phonesFound: state.phones,
    skippedRows: state.titleRows + state.footerRows,
    unreadablePhones: state.unreadable,
  });
  sources.stage(tx);
  tx.move(state.staging, state.sheet);
  tx.commit();
  services.properties.deleteProperty(STATE_PREFIX + importId);
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
}

/** Cancelling an upload that is already gone is not an error: the sidebar may ask twice. */
export function cancelUpload(services: UploadServices, importId: string): void {
  const raw = services.properties.getProperty(STATE_PREFIX + importId);
  if (!raw) return;
  services.workbook.remove((JSON.parse(raw) as UploadState).staging);
  services.properties.deleteProperty(STATE_PREFIX + importId);
}

/** Removes a source's sheet and its Sources row together. */
export function removeSource(services: UploadServices, sourceId: string): void {
  const sources = new SourcesStore(services.workbook);
  const source = sources.find(sourceId);
  if (!source) throw new UserError(`There is no source ${sourceId}.`);
  const tx = new SheetTransaction(services.workbook, services.properties);
  sources.remove(sourceId).stage(tx);
  tx.remove(source.sheet);
  tx.commit();
}

/**
 * Staging sheets whose upload state is gone, and uploads nobody continued for a day, were left
 * by uploads that will never finish.
 */
function removeAbandoned(services: UploadServices): void {
  const all = services.properties.getProperties();
  const live = new Set<string>();
  for (const key of Object.keys(all)) {
    if (!key.startsWith(STATE_PREFIX)) continue;
    const state = JSON.parse(all[key]!) as UploadState;
    if (services.now().getTime() - (state.touchedAt || 0) > ABANDONED_AFTER_MS) services.properties.deleteProperty(key);
    else live.add(state.staging);
  }
  for (const name of services.workbook.sheetNames()) {
    if (name.startsWith(UPLOAD_STAGING_PREFIX) && !live.has(name)) services.workbook.remove(name);
  }
}

function loadState(services: UploadServices, importId: string): UploadState {
  const raw = services.properties.getProperty(STATE_PREFIX + String(importId));
  if (!raw) throw new UserError('This upload was cancelled or has expired; start it again.');
  return JSON.parse(raw) as UploadState;
}

function stateJson(state: UploadState): string {
  const json = JSON.stringify(state);
  if (json.length > MAX_STATE_CHARS) {
    throw new UserError(
      `${state.fileName}: the header row is too long to import (${state.header.length} columns); remove columns you do not need.`,
    );
  }
  return json;
}

function expired(fileName: string): UserError {
  return new UserError(`${fileName}: the upload was cancelled or has expired; start it again.`);
}
