/**
 * The add-on's entry points. Only this file's exports become top-level Apps Script functions
 * (see build.mjs); everything they do lives in small modules. Functions the sidebar must not
 * call are not exported here.
 */
import { buildDashboard } from '../core/dashboard';
import { buildReport, type Report, type ReportInput } from '../core/report';
import { conversationsFromApi, conversationsFromCsv, conversationSheetRows } from '../core/conversations';
import { OpenPhoneClient } from '../core/openphone/client';
import { runMatch_ } from './match';
import { UserError } from '../core/errors';
import {
  OPENABLE_SHEETS,
  type MatchSummary,
  type ConversationImportSummary,
  type DashboardView,
  type ServerFunctions,
  type SourceChunkResult,
  type SourceImportRequest,
  type SourceImportStart,
  type SourceImportSummary,
} from '../core/rpc';
import { HEADERS, SHEETS } from '../core/workbook-schema';
import { gasClock, gasHttp, getApiBase_, getApiKey_, setApiKey_ } from './services';
import { readTable, writeTable } from './sheet-io';
import {
  appendSourceRows_,
  beginSourceImport_,
  cancelSourceImport_,
  finishSourceImport_,
  listSources_,
  removeSource_,
} from './source-import';

const ADDON_TITLE = 'Contact Enrichment';

export function onOpen(_e?: unknown): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Run match', 'runMatchFromMenu')
    .addItem('Push to OpenPhone', 'pushFromMenu')
    .addToUi();
}

export function onInstall(e?: unknown): void {
  onOpen(e);
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(ADDON_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}

export function runMatchFromMenu(): void {
  const s = runMatch_();
  SpreadsheetApp.getActiveSpreadsheet().toast(
    `${s.autoMatched} matched automatically, ${s.conflicts} conflicts to review, ${s.unmapped} with no match.`,
    'Match finished',
    10,
  );
}

export function runMatch(): MatchSummary {
  return runMatch_();
}

export function openSheet(name: string): void {
  const wanted = String(name ?? '');
  if (!OPENABLE_SHEETS.includes(wanted)) {
    throw new UserError(`The sidebar can only open the ${OPENABLE_SHEETS.join(', ')} sheets, not "${wanted}".`);
  }
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(wanted);
  if (!sheet) throw new UserError(`There is no ${wanted} sheet yet: run match first (step 2).`);
  sheet.activate();
}

export function pushFromMenu(): void {
  notYet('Pushing to OpenPhone');
}

export function getDashboard(): DashboardView {
  const sheets = reportSheets();
  return buildDashboard({
    report: buildReport(sheets),
    matched: sheets.contacts !== null,
    hasOpenPhoneKey: getApiKey_() !== '',
    sources: listSources_(sheets.sources).map((s) => s.item),
  });
}

export function getReport(): Report {
  return buildReport(reportSheets());
}

/** Every sheet the figures come from, each read once. */
function reportSheets(): ReportInput {
  return {
    conversations: readTable(SHEETS.conversations),
    contacts: readTable(SHEETS.contacts),
    sources: readTable(SHEETS.sources),
    conflicts: readTable(SHEETS.conflicts),
    matches: readTable(SHEETS.matches),
  };
}

export function importConversationsCsv(fileName: string, text: string): ConversationImportSummary {
  const { rows, summary } = conversationsFromCsv(String(fileName || 'conversations.csv'), String(text ?? ''));
  writeTable(SHEETS.conversations, HEADERS.conversations, conversationSheetRows(rows));
  return summary;
}

export function importConversationsFromOpenPhone(): ConversationImportSummary {
  const client = new OpenPhoneClient(gasHttp, gasClock, { apiKey: getApiKey_(), baseUrl: getApiBase_() });
  const own = client.listPhoneNumbers().map((n) => n.number);
  const { rows, summary } = conversationsFromApi(client.listConversations(), own);
  writeTable(SHEETS.conversations, HEADERS.conversations, conversationSheetRows(rows));
  return summary;
}

export function saveOpenPhoneApiKey(key: string): DashboardView {
  setApiKey_(String(key ?? '').trim());
  return getDashboard();
}

export function clearOpenPhoneApiKey(): DashboardView {
  setApiKey_('');
  return getDashboard();
}

export function beginSourceImport(request: SourceImportRequest): SourceImportStart {
  return beginSourceImport_(request);
}

export function appendSourceRows(importId: string, chunkIndex: number, rows: string[][], rowNumbers: number[]): SourceChunkResult {
  return appendSourceRows_(String(importId), Number(chunkIndex), rows, rowNumbers);
}

export function finishSourceImport(importId: string): SourceImportSummary {
  return finishSourceImport_(String(importId));
}

export function cancelSourceImport(importId: string): DashboardView {
  cancelSourceImport_(String(importId));
  return getDashboard();
}

export function removeSource(sourceId: string): DashboardView {
  removeSource_(String(sourceId));
  return getDashboard();
}

function notYet(what: string): void {
  SpreadsheetApp.getUi().alert(`${what} is not available yet in this version. Open the sidebar to import conversations.`);
}

// The sidebar's contract (src/core/rpc.ts): a missing or retyped server function fails to compile here.
({
  getDashboard,
  getReport,
  importConversationsCsv,
  importConversationsFromOpenPhone,
  saveOpenPhoneApiKey,
  clearOpenPhoneApiKey,
  beginSourceImport,
  appendSourceRows,
  finishSourceImport,
  cancelSourceImport,
  removeSource,
  runMatch,
  openSheet,
}) satisfies ServerFunctions;
