/**
 * The add-on's entry points. Every export of this file becomes a top-level Apps Script function
 * (see build.mjs) that menus, triggers and google.script.run can reach; everything they do lives
 * in small modules, which stay private inside the bundle. The sidebar's typed client
 * (sidebar/server.ts) and the Node callers (src/local/server.ts) take their types from this
 * file: `SidebarServer` is every export but the menu and trigger functions.
 *
 * Each function that changes the workbook runs under the one document lock (lock.ts).
 */
import { buildDashboard } from '../core/dashboard';
import { buildReport, type Report, type ReportInput } from '../core/report';
import { conversationsFromApi, conversationsFromCsv, conversationSheetRows } from '../core/conversations';
import { OpenPhoneClient } from '../core/openphone/client';
import { UserError } from '../core/errors';
import { readConflicts } from '../core/review/conflicts';
import type { DecisionInput } from '../core/review/model';
import { unmappedCsv } from '../core/review/unmapped-csv';
import {
  OPENABLE_SHEETS,
  type ConflictCard,
  type ConversationImportSummary,
  type DashboardView,
  type DecideResult,
  type MatchSummary,
  type ReviewQueue,
  type RulePreview,
  type RuleSummary,
  type SheetDecisionsSummary,
  type UndoResult,
  type UnmappedExport,
  type QuickBooksConnectStart,
  type QuickBooksStatus,
  type QuickBooksSyncProgress,
  type SourceChunkResult,
  type SourceImportRequest,
  type SourceImportStart,
  type SourceImportSummary,
} from '../core/rpc';
import { HEADERS, SHEETS } from '../core/workbook-schema';
import { actingUser, actingUserIsAnonymous, saveActingUserName } from './acting-user';
import type { KeyCheck, PushPlanView, PushProgress, PushVerification } from '../core/push/rpc';
import {
  checkKey,
  planPush as planPushOf,
  pushChunk,
  pushStatus,
  requestCancel,
  verifyPush as verifyPushOf,
  type ChunkOptions,
  type PushServices,
} from './push';
import { withDocumentLock } from './lock';
import { matchWorkbook } from './match';
import * as quickbooks from './quickbooks';
import * as review from './review';
import { apiBase, apiKey, documentServices, gasClock, gasHttp, saveApiKey } from './services';
import { hasUnfinishedCommit } from './sheet-transaction';
import { appendRows, beginUpload, cancelUpload, finishUpload, removeSource as removeSourceOf } from './source-upload';
import { listItem, SourcesStore } from './stores/sources';
import { activeWorkbook } from './workbook';

const ADDON_TITLE = 'Contact Enrichment';

/** Menu items and triggers: public so Apps Script can run them, but not for the sidebar. */
export type MenuAndTriggerFunction =
  | 'onOpen'
  | 'onInstall'
  | 'showSidebar'
  | 'runMatchFromMenu'
  | 'applyDecisionsFromMenu'
  | 'pushFromMenu'
  /** Named in the OAuth state token: Google's /usercallback runs it, the sidebar never does. */
  | 'quickBooksCallback';

export function onOpen(_e?: unknown): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Run match', 'runMatchFromMenu')
    .addItem('Apply decisions', 'applyDecisionsFromMenu')
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
  const s = runMatch();
  SpreadsheetApp.getActiveSpreadsheet().toast(
    `${s.autoMatched} matched automatically, ${s.conflicts} conflicts to review, ${s.unmapped} with no match.`,
    'Match finished',
    10,
  );
}

export function applyDecisionsFromMenu(): void {
  const s = applyDecisions();
  SpreadsheetApp.getActiveSpreadsheet().toast(
    `${s.decided} decisions applied; ${s.manualContacts} contacts from names typed in Unmapped, ${s.phoneOnly} phone-only.`,
    'Decisions applied',
    10,
  );
}

export function pushFromMenu(): void {
  // A push takes many executions; the sidebar drives them and shows the progress.
  showSidebar();
  SpreadsheetApp.getActiveSpreadsheet().toast(
    'Use "Push to OpenPhone" in the sidebar: it pushes in batches and shows the progress.',
    'Push to OpenPhone',
    10,
  );
}

export function runMatch(): MatchSummary {
  return withDocumentLock('run match', () => matchWorkbook(documentServices()));
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

export function getDashboard(): DashboardView {
  return consistentRead(() => {
    const sheets = reportSheets();
    return buildDashboard({
      report: buildReport(sheets),
      matched: sheets.contacts !== null,
      hasOpenPhoneKey: apiKey() !== '',
      sources: new SourcesStore(activeWorkbook(), sheets.sources).list().map(listItem),
      rules: review.listRules(documentServices(), readConflicts(sheets.conflicts)),
      reviewer: { name: actingUser(), anonymous: actingUserIsAnonymous() },
    });
  });
}

export function getReport(): Report {
  return consistentRead(() => buildReport(reportSheets()));
}

export function importConversationsCsv(fileName: string, text: string): ConversationImportSummary {
  const { rows, summary } = conversationsFromCsv(String(fileName || 'conversations.csv'), String(text ?? ''));
  return withDocumentLock('import the conversations', () => {
    activeWorkbook().write(SHEETS.conversations, HEADERS.conversations, conversationSheetRows(rows));
    return summary;
  });
}

export function importConversationsFromOpenPhone(): ConversationImportSummary {
  // The API is read before the lock is taken: paging 7,000 conversations takes a while.
  const client = new OpenPhoneClient(gasHttp, gasClock, { apiKey: apiKey(), baseUrl: apiBase() });
  const own = client.listPhoneNumbers().map((n) => n.number);
  const { rows, summary } = conversationsFromApi(client.listConversations(), own);
  return withDocumentLock('import the conversations', () => {
    activeWorkbook().write(SHEETS.conversations, HEADERS.conversations, conversationSheetRows(rows));
    return summary;
  });
}

/** The name decisions are logged under, for users whose address Google does not reveal. */
export function saveReviewerName(name: string): DashboardView {
  const clean = String(name ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  if (!clean) throw new UserError('Type the name to log your decisions under.');
  saveActingUserName(clean);
  return getDashboard();
}

export function saveOpenPhoneApiKey(key: string): DashboardView {
  const trimmed = String(key ?? '').trim();
  // One cheap call first: a wrong key is refused here, plainly, and not kept.
  checkKey(gasHttp, gasClock, trimmed, apiBase());
  saveApiKey(trimmed);
  return getDashboard();
}

/** Which workspace the saved key opens (one cheap call). */
export function checkOpenPhoneKey(): KeyCheck {
  return checkKey(gasHttp, gasClock, apiKey(), apiBase());
}

/** The dry run: counts, API calls, time and quota, with OpenPhone only read. */
export function planPush(): PushPlanView {
  return planPushOf(pushServices());
}

/** One bounded chunk of the push; the sidebar calls it until the state is no longer running. */
export function pushNextChunk(options?: ChunkOptions): PushProgress {
  const o = options ?? {};
  const chunk: ChunkOptions = { start: o.start === true };
  if (o.maxRows !== undefined) chunk.maxRows = Number(o.maxRows);
  if (o.budgetMs !== undefined) chunk.budgetMs = Number(o.budgetMs);
  return withDocumentLock('push to OpenPhone', () => pushChunk(pushServices(), chunk));
}

/** Noted at once; the running chunk stops after its current batch. */
export function cancelPush(): void {
  requestCancel(PropertiesService.getDocumentProperties());
}

export function getPushStatus(): PushProgress {
  return consistentRead(() => pushStatus(pushServices()));
}

export function verifyPush(): PushVerification {
  return verifyPushOf(pushServices());
}

export function clearOpenPhoneApiKey(): DashboardView {
  saveApiKey('');
  return getDashboard();
}

export function beginSourceImport(request: SourceImportRequest): SourceImportStart {
  return withDocumentLock(`import ${String(request?.fileName ?? 'the file')}`, () => beginUpload(documentServices(), request));
}

export function appendSourceRows(importId: string, chunkIndex: number, rows: string[][], rowNumbers: number[]): SourceChunkResult {
  return withDocumentLock('add rows to an import', () =>
    appendRows(documentServices(), String(importId), Number(chunkIndex), rows, rowNumbers),
  );
}

export function finishSourceImport(importId: string): SourceImportSummary {
  return withDocumentLock('finish an import', () => finishUpload(documentServices(), String(importId)));
}

export function cancelSourceImport(importId: string): DashboardView {
  withDocumentLock('cancel an import', () => cancelUpload(documentServices(), String(importId)));
  return getDashboard();
}

export function removeSource(sourceId: string): DashboardView {
  withDocumentLock('remove the source', () => removeSourceOf(documentServices(), String(sourceId)));
  return getDashboard();
}

export function getReviewQueue(): ReviewQueue {
  return consistentRead(() => review.reviewQueue(documentServices()));
}

export function getConflict(phone: string): ConflictCard {
  return consistentRead(() => review.conflictCard(documentServices(), String(phone ?? '')));
}

export function decideConflict(phone: string, input: DecisionInput): DecideResult {
  return withDocumentLock('record the decision', () => review.decide(documentServices(), String(phone ?? ''), input));
}

export function undoLastDecision(): UndoResult {
  return withDocumentLock('undo the last decision', () => review.undoLast(documentServices()));
}

export function previewSimilar(phone: string, input: DecisionInput): RulePreview {
  return consistentRead(() => review.previewSimilar(documentServices(), String(phone ?? ''), input));
}

export function applyToSimilar(phone: string, input: DecisionInput): RuleSummary {
  return withDocumentLock('apply the decision to similar conflicts', () =>
    review.applySimilar(documentServices(), String(phone ?? ''), input),
  );
}

export function getRules(): RuleSummary[] {
  return consistentRead(() => review.listRules(documentServices()));
}

export function removeRule(ruleId: string): UndoResult {
  return withDocumentLock('remove the rule', () => review.removeRule(documentServices(), String(ruleId ?? '')));
}

/** The sheet path: applies every Decision typed in Conflicts and every name typed in Unmapped. */
export function applyDecisions(): SheetDecisionsSummary {
  return withDocumentLock('apply the decisions', () => review.applySheetDecisions(documentServices()));
}

export function acceptRecommended(): SheetDecisionsSummary {
  return withDocumentLock('accept the recommendations', () => review.acceptRecommended(documentServices()));
}

export function exportUnmapped(): UnmappedExport {
  return consistentRead(() => {
    const { csv, rows } = unmappedCsv(activeWorkbook().read(SHEETS.unmapped));
    return { fileName: 'Unmapped.csv', csv, rows };
  });
}

export function getQuickBooksStatus(): QuickBooksStatus {
  return consistentRead(() => quickbooks.status(quickBooksServices()));
}

/** The address of Intuit's consent page; its redirect comes back to quickBooksCallback. */
export function connectQuickBooks(): QuickBooksConnectStart {
  return withDocumentLock('connect QuickBooks', () => {
    const services = quickBooksServices();
    // The callback runs outside the spreadsheet: the environment travels in the state token.
    const state = ScriptApp.newStateToken()
      .withMethod('quickBooksCallback')
      .withArgument('environment', quickbooks.environmentOf(services.workbook))
      .withTimeout(3600)
      .createToken();
    return quickbooks.connect(services, state, ScriptApp.getScriptId());
  });
}

export function quickBooksCallback(request?: { parameter?: Record<string, string> }): GoogleAppsScript.HTML.HtmlOutput {
  const parameter = request?.parameter ?? {};
  let text: string;
  try {
    text = quickbooks.callback(
      quickBooksServices(),
      parameter,
      ScriptApp.getScriptId(),
      parameter.environment === 'sandbox' ? 'sandbox' : 'production',
    );
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    text = e.message;
  }
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return HtmlService.createHtmlOutput(`<!DOCTYPE html><p style="font-family: sans-serif">${escaped}</p>`).setTitle('QuickBooks');
}

/** Forgets the connection, its tokens and any staged sync; the QuickBooks sheet stays. */
export function disconnectQuickBooks(): QuickBooksStatus {
  withDocumentLock('disconnect QuickBooks', () => quickbooks.disconnect(quickBooksServices()));
  return getQuickBooksStatus();
}

/** One bounded chunk of a sync; the sidebar calls it while the state is running (or waiting, after the wait). */
export function syncQuickBooksChunk(options?: quickbooks.SyncOptions): QuickBooksSyncProgress {
  const o = options ?? {};
  const chunk: quickbooks.SyncOptions = { start: o.start === true };
  if (o.budgetMs !== undefined) chunk.budgetMs = Number(o.budgetMs);
  if (o.maxRequests !== undefined) chunk.maxRequests = Number(o.maxRequests);
  return withDocumentLock('sync QuickBooks', () => quickbooks.syncChunk(quickBooksServices(), chunk));
}

/** Noted at once; a chunk that is running stops after its current request. */
export function cancelQuickBooksSync(): QuickBooksSyncProgress {
  quickbooks.requestCancel(PropertiesService.getDocumentProperties());
  try {
    return withDocumentLock('cancel the QuickBooks sync', () => quickbooks.cancel(quickBooksServices()));
  } catch (e) {
    // Busy: the chunk that holds the lock sees the cancel after its current request.
    const running = getQuickBooksStatus().sync;
    if (!(e instanceof UserError) || !running) throw e;
    return { ...running, state: 'cancelled' };
  }
}

function quickBooksServices(): quickbooks.QuickBooksServices {
  // Lazily: the OAuth callback runs outside the spreadsheet and needs only the user's properties.
  return {
    get workbook() {
      return activeWorkbook();
    },
    get properties() {
      return PropertiesService.getDocumentProperties();
    },
    userProperties: PropertiesService.getUserProperties(),
    scriptProperties: PropertiesService.getScriptProperties(),
    http: gasHttp,
    clock: gasClock,
    now: () => new Date(),
    base64: (text) => Utilities.base64Encode(text, Utilities.Charset.UTF_8),
    userLock: () => LockService.getUserLock(),
  };
}

function pushServices(): PushServices {
  return {
    ...documentServices(),
    userProperties: PropertiesService.getUserProperties(),
    http: gasHttp,
    clock: gasClock,
    apiKey: apiKey(),
    baseUrl: apiBase(),
  };
}

/** Every sheet the figures come from, each read once. */
function reportSheets(): ReportInput {
  const workbook = activeWorkbook();
  return {
    conversations: workbook.read(SHEETS.conversations),
    contacts: workbook.read(SHEETS.contacts),
    sources: workbook.read(SHEETS.sources),
    conflicts: workbook.read(SHEETS.conflicts),
    matches: workbook.read(SHEETS.matches),
  };
}

/**
 * Readers take no lock, except after an execution was cut off inside a commit: then the commit
 * is finished first, so no figure is ever computed from half-old, half-new sheets.
 */
function consistentRead<T>(read: () => T): T {
  return hasUnfinishedCommit(PropertiesService.getDocumentProperties()) ? withDocumentLock('read the results', read) : read();
}
