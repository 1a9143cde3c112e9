/**
 * QuickBooks Online on the Apps Script side: the add-on's Intuit keys and hosts, each user's
 * connection in their own properties (its refresh token spent only under the user lock), the
 * OAuth callback, and the sync: bounded chunks that stage every fetched page in a hidden sheet,
 * then write the QuickBooks sheet and its Sources row as one sheet transaction, so a sync that
 * fails or is cut off leaves the last good QuickBooks sheet whole. The caller holds the document
 * lock for every call that changes the workbook.
 */
import { UserError } from '../core/errors';
import type { Clock, Http, PropertyStore, WorkbookPort } from '../core/ports';
import { QuickBooksApi, RateLimited } from '../core/quickbooks/client';
import {
  API_BASES,
  AUTHORIZE_URL,
  authorizationUrl,
  broken,
  CONNECTION_PROPERTY,
  parseConnection,
  readTokenResponse,
  ReconnectNeeded,
  REVOKE_URL,
  revokeRequest,
  TOKEN_URL,
  tokenRequest,
  withTokens,
  type Connection,
  type QuickBooksEnvironment,
} from '../core/quickbooks/oauth';
import {
  COUNT_QUERY,
  entityOf,
  pageQuery,
  STAGING_HEADER,
  stagedPage,
  stagedPosition,
  SYNC_PROFILE,
  syncedSheet,
} from '../core/quickbooks/sync';
import type { QuickBooksConnectStart, QuickBooksStatus, QuickBooksSyncProgress } from '../core/rpc';
import { checkCapacity, newSourceId, sheetNameFor } from '../core/sources/import-plan';
import { SheetTransaction } from './sheet-transaction';
import { chunkBudget } from './chunk';
import { ensureSettingRows, settingValue } from './stores/settings';
import { SourcesStore } from './stores/sources';

const JOB_PROPERTY = 'quickbooks.sync';
const CANCEL_PROPERTY = 'quickbooks.cancel';
export const STAGING_SHEET = '~quickbooks sync';
export const QUICKBOOKS_SHEET = 'QuickBooks';
const FILE_NAME = 'QuickBooks Online';
const ENVIRONMENT_SETTING = 'QuickBooks environment';
const NOT_CONNECTED = `QuickBooks is not connected: connect it in step 1 of the sidebar.`;
const USER_LOCK_WAIT_MS = 30_000;
/** An access token this close to its expiry is renewed before use. */
const EXPIRY_MARGIN_MS = 60_000;

export interface QuickBooksServices {
  workbook: WorkbookPort;
  /** The document's properties: the sync in progress. */
  properties: PropertyStore;
  /** The user's own: their connection and tokens, never anyone else's. */
  userProperties: PropertyStore;
  scriptProperties: PropertyStore;
  http: Http;
  clock: Clock;
  now(): Date;
  base64(text: string): string;
  userLock(): { tryLock(ms: number): boolean; releaseLock(): void };
}

export interface SyncOptions {
  /** A new sync: whatever an earlier one staged is dropped. */
  start?: boolean;
  /** Wall time for this call's fetching (the command line and tests keep chunks small). */
  budgetMs?: number;
  /** Requests this call may send at most. */
  maxRequests?: number;
}

interface Job {
  state: QuickBooksSyncProgress['state'];
  phase: QuickBooksSyncProgress['phase'];
  startedAt: string;
  finishedAt: string;
  totalCustomers: number | null;
  fetched: QuickBooksSyncProgress['fetched'];
  /** While waiting after a 429: when the next request may go (ms since the epoch). */
  waitUntil: number;
  lastRequestAt: number;
  message: string | null;
  summary: QuickBooksSyncProgress['summary'];
}

const setting = (s: QuickBooksServices, key: string) => s.scriptProperties.getProperty(key) || s.userProperties.getProperty(key) || '';

function clientKeys(s: QuickBooksServices): { id: string; secret: string } | null {
  const id = setting(s, 'QUICKBOOKS_CLIENT_ID');
  const secret = setting(s, 'QUICKBOOKS_CLIENT_SECRET');
  return id && secret ? { id, secret } : null;
}

function requireKeys(s: QuickBooksServices): { id: string; secret: string } {
  const keys = clientKeys(s);
  if (!keys)
    throw new UserError(
      'QuickBooks is not set up yet: an administrator sets the script properties QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET.',
    );
  return keys;
}

/** Production unless the Settings sheet says sandbox. */
export function environmentOf(workbook: WorkbookPort): QuickBooksEnvironment {
  return settingValue(workbook.read('Settings'), ENVIRONMENT_SETTING).toLowerCase() === 'sandbox' ? 'sandbox' : 'production';
}

function hosts(s: QuickBooksServices, environment: QuickBooksEnvironment) {
  return {
    api: setting(s, 'QUICKBOOKS_API_BASE') || API_BASES[environment],
    token: setting(s, 'QUICKBOOKS_TOKEN_URL') || TOKEN_URL,
    authorize: setting(s, 'QUICKBOOKS_AUTHORIZE_URL') || AUTHORIZE_URL,
  };
}

export function redirectUri(scriptId: string): string {
  return `https://script.google.com/macros/d/${scriptId}/usercallback`;
}

export function loadConnection(userProperties: PropertyStore): Connection | null {
  return parseConnection(userProperties.getProperty(CONNECTION_PROPERTY));
}

function saveConnection(userProperties: PropertyStore, connection: Connection): void {
  userProperties.setProperty(CONNECTION_PROPERTY, JSON.stringify(connection));
}

/** Runs `work` holding the user's lock: two executions never spend the same refresh token. */
function underUserLock<T>(s: QuickBooksServices, work: () => T): T {
  const lock = s.userLock();
  if (!lock.tryLock(USER_LOCK_WAIT_MS)) throw new UserError('QuickBooks is busy renewing your connection; try again in a minute.');
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

function spend(s: QuickBooksServices, connection: Connection, grant: Parameters<typeof tokenRequest>[2]): Connection {
  const request = tokenRequest(hosts(s, connection.environment).token, requireKeys(s), grant, s.base64);
  let response;
  try {
    response = s.http.fetch(request);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/maximum execution time/i.test(message)) throw e;
    throw new UserError(`QuickBooks could not be reached (${message.slice(0, 100)}); try again later.`);
  }
  return withTokens(connection, readTokenResponse(response, s.clock.now()));
}

/**
 * The access token to use, renewed when it is about to expire or was just refused. The new
 * refresh token is saved before anything else is done with it; a refusal is saved too, so the
 * sidebar says "reconnect" until the user does.
 */
export function accessToken(s: QuickBooksServices, renew: boolean): string {
  const seen = loadConnection(s.userProperties);
  const usable = (c: Connection | null) =>
    c !== null && !c.problem && c.accessToken !== '' && c.accessExpiresAt - EXPIRY_MARGIN_MS > s.clock.now();
  if (!seen) throw new ReconnectNeeded(NOT_CONNECTED);
  if (seen.problem) throw new ReconnectNeeded(seen.problem);
  if (!renew && usable(seen)) return seen.accessToken;
  return underUserLock(s, () => {
    const latest = loadConnection(s.userProperties);
    if (!latest) throw new ReconnectNeeded(NOT_CONNECTED);
    if (latest.problem) throw new ReconnectNeeded(latest.problem);
    // Another execution renewed it while this one waited for the lock.
    if (usable(latest) && !(renew && latest.accessToken === seen.accessToken)) return latest.accessToken;
    const refresh = latest.refreshTokens[0];
    if (!refresh) throw new ReconnectNeeded(NOT_CONNECTED);
    try {
      const next = spend(s, latest, { refreshToken: refresh });
      saveConnection(s.userProperties, next);
      return next.accessToken;
    } catch (e) {
      if (e instanceof ReconnectNeeded) saveConnection(s.userProperties, broken(latest, e.message));
      throw e;
    }
  });
}

export function connect(s: QuickBooksServices, state: string, scriptId: string): QuickBooksConnectStart {
  const keys = requireKeys(s);
  ensureSettingRows(s.workbook, [
    {
      name: ENVIRONMENT_SETTING,
      value: 'production',
      meaning: 'production or sandbox (an Intuit developer company); connect QuickBooks again after changing it.',
    },
  ]);
  const uri = redirectUri(scriptId);
  return { authorizationUrl: authorizationUrl(hosts(s, environmentOf(s.workbook)).authorize, keys.id, uri, state), redirectUri: uri };
}

/**
 * Intuit's redirect: the code is exchanged and the company (`realmId`) kept with the tokens.
 * Only the user's properties are touched: the callback runs outside the spreadsheet. Answers
 * what the page should say.
 */
export function callback(
  s: QuickBooksServices,
  parameter: Record<string, string>,
  scriptId: string,
  environment: QuickBooksEnvironment,
): string {
  if (parameter.error) return `QuickBooks was not connected: ${parameter.error}.`;
  const code = parameter.code ?? '';
  const realmId = parameter.realmId ?? '';
  if (!code || !realmId) return 'QuickBooks named no company; connect again from the sidebar.';
  const start: Connection = {
    realmId,
    environment,
    accessToken: '',
    accessExpiresAt: 0,
    refreshTokens: [],
    connectedAt: s.now().toISOString(),
  };
  const connection = spend(s, start, { code, redirectUri: redirectUri(scriptId) });
  underUserLock(s, () => saveConnection(s.userProperties, connection));
  return `Connected to QuickBooks company ${realmId}: close this tab and press Sync in the sidebar.`;
}

/** Forgets the connection and any staged sync; the QuickBooks sheet stays. */
export function disconnect(s: QuickBooksServices): void {
  underUserLock(s, () => {
    revokeAtIntuit(s);
    s.userProperties.deleteProperty(CONNECTION_PROPERTY);
  });
  s.properties.deleteProperty(JOB_PROPERTY);
  s.properties.deleteProperty(CANCEL_PROPERTY);
  s.workbook.remove(STAGING_SHEET);
}

/** Best effort: the user asked to disconnect, so the connection is forgotten here whatever Intuit answers. */
function revokeAtIntuit(s: QuickBooksServices): void {
  const keys = clientKeys(s);
  try {
    const token = loadConnection(s.userProperties)?.refreshTokens[0];
    if (keys && token) s.http.fetch(revokeRequest(setting(s, 'QUICKBOOKS_REVOKE_URL') || REVOKE_URL, keys, token, s.base64));
  } catch {
    // Unreachable or refused: nothing the user could do about it, and nothing is kept that could be used.
  }
}

function readJob(properties: PropertyStore): Job | null {
  try {
    return JSON.parse(properties.getProperty(JOB_PROPERTY) ?? 'null') as Job | null;
  } catch {
    return null;
  }
}

function progressOf(job: Job, now: number): QuickBooksSyncProgress {
  return {
    state: job.state,
    phase: job.phase,
    fetched: job.fetched,
    totalCustomers: job.totalCustomers,
    retryAfterSeconds: job.state === 'waiting' ? Math.max(1, Math.ceil((job.waitUntil - now) / 1000)) : null,
    message: job.message,
    summary: job.summary,
  };
}

const unfinished = (job: Job | null): job is Job => job !== null && (job.state === 'running' || job.state === 'waiting');

export function status(s: QuickBooksServices): QuickBooksStatus {
  const connection = loadConnection(s.userProperties);
  const environment = environmentOf(s.workbook);
  const source = new SourcesStore(s.workbook).list().find((e) => e.profileId === SYNC_PROFILE);
  const job = readJob(s.properties);
  // A failure before the user connected again is over.
  const failed = job?.state === 'failed' && !(connection && connection.connectedAt > job.finishedAt) ? job.message : null;
  return {
    configured: clientKeys(s) !== null,
    connected: connection !== null && !connection.problem && connection.refreshTokens.length > 0,
    environment,
    realmId: connection?.realmId ?? null,
    customers: source ? source.totalRecords : null,
    lastSyncAt: source ? source.uploadedAt : null,
    sync: unfinished(job) ? progressOf(job, s.clock.now()) : null,
    message: connection?.problem ?? failed,
  };
}

export function requestCancel(properties: PropertyStore): void {
  properties.setProperty(CANCEL_PROPERTY, '1');
}

/** A cancel seen while no chunk runs: the staged pages go at once. */
export function cancel(s: QuickBooksServices): QuickBooksSyncProgress {
  const job = readJob(s.properties) ?? newJob(s, 0);
  return unfinished(job) ? stop(s, job, 'cancelled', null) : progressOf(job, s.clock.now());
}

function newJob(s: QuickBooksServices, lastRequestAt: number): Job {
  return {
    state: 'cancelled',
    phase: 'customers',
    startedAt: s.now().toISOString(),
    finishedAt: '',
    totalCustomers: null,
    fetched: { customers: 0, invoices: 0, payments: 0 },
    waitUntil: 0,
    lastRequestAt,
    message: null,
    summary: null,
  };
}

function stop(s: QuickBooksServices, job: Job, state: 'cancelled' | 'failed', message: string | null): QuickBooksSyncProgress {
  s.workbook.remove(STAGING_SHEET);
  s.properties.deleteProperty(CANCEL_PROPERTY);
  Object.assign(job, { state, message, finishedAt: s.now().toISOString() });
  s.properties.setProperty(JOB_PROPERTY, JSON.stringify(job));
  return progressOf(job, s.clock.now());
}

/** One bounded chunk of a sync: fetch pages until the budget is spent, or write the sheet. */
export function syncChunk(s: QuickBooksServices, options: SyncOptions = {}): QuickBooksSyncProgress {
  const { properties, workbook, clock } = s;
  let job = readJob(properties);
  if (options.start || !job) {
    properties.deleteProperty(CANCEL_PROPERTY);
    workbook.remove(STAGING_SHEET);
    job = newJob(s, job ? job.lastRequestAt : 0);
    job.state = 'running';
    properties.setProperty(JOB_PROPERTY, JSON.stringify(job));
  } else if (!unfinished(job)) return progressOf(job, clock.now());
  const save = () => properties.setProperty(JOB_PROPERTY, JSON.stringify(job));
  if (properties.getProperty(CANCEL_PROPERTY)) return stop(s, job, 'cancelled', null);
  if (job.waitUntil > clock.now()) return progressOf(job, clock.now());
  Object.assign(job, { state: 'running', message: null });
  const connection = loadConnection(s.userProperties);
  const api = new QuickBooksApi(
    {
      http: s.http,
      clock,
      apiBase: hosts(s, connection?.environment ?? 'production').api,
      realmId: connection?.realmId ?? '',
      accessToken: (renew) => accessToken(s, renew),
    },
    job.lastRequestAt,
  );
  const started = clock.now();
  const budget = chunkBudget(options.budgetMs);
  let pages = 0;
  // Every call fetches at least one page, so even a tiny budget moves the sync on.
  const more = () => pages === 0 || (clock.now() - started < budget && api.requests < (options.maxRequests ?? Infinity));
  try {
    requireKeys(s);
    if (!connection) throw new ReconnectNeeded(NOT_CONNECTED);
    if (!workbook.exists(STAGING_SHEET)) workbook.insertHidden(STAGING_SHEET, STAGING_HEADER);
    const table = workbook.read(STAGING_SHEET)!;
    const rows = table.rows.map((r) => [...r]);
    let next = (table.rowNumbers?.[table.rowNumbers.length - 1] ?? 1) + 1;
    let position = stagedPosition(rows);
    if (job.totalCustomers === null) job.totalCustomers = countCustomers(api);
    while (position.phase !== 'writing') {
      if (properties.getProperty(CANCEL_PROPERTY)) return stop(s, job, 'cancelled', null);
      if (!more()) break;
      const phase = position.phase;
      const items = (api.query(pageQuery(phase, position.start))[entityOf(phase)] as unknown[] | undefined) ?? [];
      const add = stagedPage(phase, position.start, items);
      workbook.writeRows(STAGING_SHEET, next, add);
      next += add.length;
      rows.push(...add);
      pages++;
      position = stagedPosition(rows);
      Object.assign(job, { phase: position.phase, fetched: position.fetched });
    }
    // The sheet is written by a call of its own unless this one has time to spare for it.
    if (position.phase === 'writing' && clock.now() - started < budget / 2) {
      if (position.fetched.customers === 0) {
        return stop(s, job, 'failed', `QuickBooks company ${connection.realmId} has no customers: the QuickBooks sheet was not changed.`);
      }
      job.summary = writeSheet(s, rows, connection.realmId);
      Object.assign(job, { state: 'done', finishedAt: s.now().toISOString() });
      properties.deleteProperty(CANCEL_PROPERTY);
    }
    return progressOf(job, clock.now());
  } catch (e) {
    if (e instanceof RateLimited) {
      Object.assign(job, { state: 'waiting', waitUntil: clock.now() + e.retryAfterSeconds * 1000, message: e.message });
      return progressOf(job, clock.now());
    }
    if (e instanceof UserError) return stop(s, job, 'failed', `${e.message} The QuickBooks sheet was not changed.`);
    throw e;
  } finally {
    job.lastRequestAt = api.lastRequestAt;
    save();
  }
}

/** For the progress bar only: a company that cannot count is synced all the same. */
function countCustomers(api: QuickBooksApi): number | null {
  try {
    const n = Number(api.query(COUNT_QUERY).totalCount);
    return Number.isFinite(n) ? n : null;
  } catch (e) {
    if (e instanceof UserError && !(e instanceof ReconnectNeeded)) return null;
    throw e;
  }
}

/**
 * The QuickBooks sheet and its Sources row as one transaction, which also drops the staging. A
 * sync of the same company keeps its Source ID and sheet, so the customers' Record Keys, and the
 * decisions made on them, stay.
 */
function writeSheet(s: QuickBooksServices, staged: string[][], realmId: string): NonNullable<Job['summary']> {
  const { workbook } = s;
  const sources = new SourcesStore(workbook);
  const hash = `quickbooks-online:${realmId}`;
  const previous = sources.list().find((e) => e.profileId === SYNC_PROFILE);
  const sourceId =
    previous?.fileHash === hash
      ? previous.sourceId
      : newSourceId(
          hash,
          sources.list().map((e) => e.sourceId),
        );
  const sheet = previous?.sheet || sheetNameFor(QUICKBOOKS_SHEET, workbook.sheetNames());
  const built = syncedSheet(sourceId, staged);
  checkCapacity(QUICKBOOKS_SHEET, built.rows.length, built.header.length, workbook.cellsInUse());
  if (previous && previous.sourceId !== sourceId) sources.remove(previous.sourceId);
  sources.put({
    sourceId,
    sourceType: 'quickbooks',
    fileName: FILE_NAME,
    sheet,
    totalRecords: built.rows.length,
    recordsWithPhone: built.summary.withPhone,
    matchedRecords: 0,
    conflictRecords: 0,
    uploadedAt: s.now().toISOString(),
    profileId: SYNC_PROFILE,
    profileText: SYNC_PROFILE,
    fileHash: hash,
    phonesFound: built.phones,
    skippedRows: 0,
    unreadablePhones: built.summary.problemCount,
  });
  const tx = new SheetTransaction(workbook, s.properties);
  tx.write(sheet, built.header, built.rows);
  sources.stage(tx);
  tx.remove(STAGING_SHEET);
  tx.commit();
  return built.summary;
}
