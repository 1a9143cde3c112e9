/**
 * The emulator: loads the built bundle into a fresh V8 context for every execution, as Apps Script
 * does, with only Apps Script's globals in it, and runs one top-level function per call().
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { projectRoot } from '../paths';
import { Execution, TIME_LIMIT_MESSAGE, type AuthMode, type CallStats, type Realm, type ServiceCallHook } from './execution';
import { installScriptTimeZone } from './script-date';
import {
  cacheService,
  HtmlOutput,
  htmlService,
  lockService,
  loggers,
  propertiesService,
  scriptApp,
  sessionService,
  utilitiesService,
  type CacheStore,
  type LockKind,
  type LockState,
  type StateTokens,
} from './services';
import { activeSheetModel, Spreadsheet, SpreadsheetAppService, type SpreadsheetState } from './spreadsheet';
import { SyncHttp } from './sync-http';
import { copyTransferable } from './transfer';
import { newUiRecord, type UiRecord } from './ui';
import { UrlFetchAppService, type UrlFetchState } from './url-fetch';
import { DEFAULT_TIME_ZONE } from './time-zone';
import { newWorkbook, type WorkbookModel } from './workbook-model';

export type { CallStats, ServiceCallHook } from './execution';

export interface EmulatorOptions {
  /** Mutated in place by the add-on; a new one when omitted. */
  workbook?: WorkbookModel;
  /** Folder of the built add-on (Code.js, Sidebar.html, appsscript.json); default <repo>/dist. */
  distDir?: string;
  /** Another script to load instead of <distDir>/Code.js; its folder serves its HTML files. */
  scriptFile?: string;
  /** Per execution; default 360 000 ms, Apps Script's 6 minutes. */
  timeLimitMs?: number;
  userProperties?: Record<string, string>;
  scriptProperties?: Record<string, string>;
  /** Added to the workbook's own document properties (WorkbookModel.documentProperties). */
  documentProperties?: Record<string, string>;
  /**
   * Session.getActiveUser().getEmail(); default 'user@example.com'. '' is what Apps Script answers
   * for many add-on users (consumer accounts, other domains), so the add-on must work with it.
   */
  userEmail?: string;
  /** Session.getEffectiveUser().getEmail(); default the same as userEmail ("in most other scenarios, the same account"). */
  effectiveUserEmail?: string;
  /** Session.getTemporaryActiveUserKey(); default a key derived from the user, stable across executions. */
  temporaryActiveUserKey?: string;
  /** Default 20 000 (consumer accounts). */
  urlFetchQuotaPerDay?: number;
  /** Per HTTP request; default 60 s, so a dead server cannot hang a run. */
  requestTimeoutMs?: number;
  /** Title of the add-on's menu (Extensions > title); default 'Contact Enrichment'. */
  addonTitle?: string;
  /** Locks that another execution holds throughout: tryLock waits and answers false, waitLock throws. */
  locksHeldElsewhere?: LockKind[];
}

export interface Emulator {
  readonly workbook: WorkbookModel;
  readonly stats: CallStats;
  resetStats(): void;
  /**
   * Runs one top-level function as one Apps Script execution. Arguments and result are copied as
   * google.script.run copies them; the script's errors arrive as Errors with the same message.
   */
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /**
   * Fires a simple trigger as Sheets does: onOpen(e) with e.authMode LIMITED (NONE when the add-on
   * has not been used in this document yet), 30 seconds and none of the services that need
   * authorization; onInstall(e) with FULL.
   * https://developers.google.com/apps-script/guides/triggers#restrictions
   * https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle
   */
  trigger(name: 'onOpen' | 'onInstall', authMode?: AuthMode): void;
  /**
   * The browser arrives at the script's `/usercallback` with these query parameters (an OAuth
   * provider's redirect): the function named in the `state` token runs as one execution with a
   * doGet-style request, and the page it returns is answered.
   * https://developers.google.com/apps-script/reference/script/state-token-builder
   */
  userCallback(parameters: Record<string, string>): string;
  readonly ui: UiRecord;
  readonly properties: { user: Record<string, string>; script: Record<string, string>; document: Record<string, string> };
  /** Lines the script wrote with Logger.log or console (printed too when EMULATOR_LOG=1). */
  readonly logs: string[];
  /** The sheet the user has in front, as getActiveSheet() names it; null in a workbook without sheets. */
  activeSheetName(): string | null;
  /** Runs before every service call of every execution (see ServiceCallHook); null for none. */
  onServiceCall: ServiceCallHook | null;
  /** The user clicks a sheet's tab: it becomes the active sheet of the next executions. */
  selectSheet(name: string): void;
  dispose(): void;
}

const DEFAULT_TIME_LIMIT_MS = 360_000;
/** What Google's /usercallback page says for a missing, forged or expired state token. */
export const STATE_TOKEN_INVALID = 'The state token is invalid or has expired. Please try again.';
/** What it shows when the callback returned no HtmlOutput. */
const CALLBACK_WITHOUT_OUTPUT = 'The script completed but did not return anything.';
/** "They cannot run for longer than 30 seconds." https://developers.google.com/apps-script/guides/triggers#restrictions */
export const SIMPLE_TRIGGER_LIMIT_MS = 30_000;
const DEFAULT_URL_FETCH_QUOTA = 20_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
// The vm's own timeout only stops pure CPU loops; service calls notice the deadline first.
const CPU_TIMEOUT_GRACE_MS = 250;

interface GasLocal {
  require(folder: string, globals: object, options: { filter(file: string): boolean }): Record<string, unknown>;
}

const gas = createRequire(import.meta.url)('gas-local') as GasLocal;

function manifestTimeZone(dir: string): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'appsscript.json'), 'utf8')) as { timeZone?: string };
    return manifest.timeZone ?? DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

function realmOf(context: vm.Context): Realm {
  const r = vm.runInContext('({ Array: Array, Date: Date, Error: Error, Object: Object })', context) as {
    Array: ArrayConstructor;
    Date: DateConstructor;
    Error: ErrorConstructor;
    Object: ObjectConstructor;
  };
  return {
    array: (items) => r.Array.from(items),
    date: (time) => new r.Date(time),
    error: (message) => new r.Error(message),
    object: (source) => Object.assign(new r.Object(), source) as typeof source,
  };
}

/** Unique to the user and the script, revealing neither (the real key also rotates every 30 days). */
function temporaryKeyFor(user: string, script: string): string {
  return createHash('sha256').update(`${script}\u0000${user}`).digest('base64url').slice(0, 43);
}

function hostError(e: unknown, exec: Execution): Error {
  const code = (e as { code?: unknown } | null)?.code;
  if (exec.timedOut || code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return new Error(TIME_LIMIT_MESSAGE);
  if (e instanceof Error) return e;
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const err = new Error(String((e as { message: unknown }).message));
    const stack = (e as { stack?: unknown }).stack;
    if (typeof stack === 'string') err.stack = stack;
    return err;
  }
  return new Error(String(e));
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const scriptFile = options.scriptFile ?? path.join(options.distDir ?? path.join(projectRoot(), 'dist'), 'Code.js');
  const projectDir = path.dirname(scriptFile);
  const scriptName = path.basename(scriptFile);
  const scriptTimeZone = manifestTimeZone(projectDir);
  const workbook = options.workbook ?? newWorkbook();
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const stats: CallStats = { sheets: 0, sheetsByMethod: {}, urlFetch: 0, sleptMs: 0 };
  const ui = newUiRecord();
  const properties = {
    user: { ...options.userProperties },
    script: { ...options.scriptProperties },
    document: (workbook.documentProperties = { ...workbook.documentProperties, ...options.documentProperties }),
  };
  const caches: Record<'script' | 'user' | 'document', CacheStore> = { script: new Map(), user: new Map(), document: new Map() };
  const locks: LockState = { held: new Map(), heldElsewhere: new Set(options.locksHeldElsewhere ?? []) };
  const logs: string[] = [];
  const stateTokens: StateTokens = new Map();
  const printLogs = process.env.EMULATOR_LOG === '1';
  let http: SyncHttp | undefined;
  const fetchState: UrlFetchState = {
    http: () => (http ??= new SyncHttp()),
    quotaPerDay: options.urlFetchQuotaPerDay ?? DEFAULT_URL_FETCH_QUOTA,
    usedToday: 0,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
  const userEmail = options.userEmail ?? 'user@example.com';
  const session = {
    email: userEmail,
    effectiveEmail: options.effectiveUserEmail ?? userEmail,
    temporaryKey: options.temporaryActiveUserKey ?? temporaryKeyFor(userEmail || options.effectiveUserEmail || 'anonymous', scriptFile),
  };

  // Sheets knows who edits even when the script may not see the address; protections go by it.
  const editor = session.effectiveEmail || session.email;
  if (editor) workbook.owner ??= editor;
  const sheetState: SpreadsheetState = {
    editor,
    workbook,
    get timeZone() {
      return workbook.timeZone ?? scriptTimeZone;
    },
    ui,
    addonTitle: options.addonTitle ?? 'Contact Enrichment',
  };
  let disposed = false;

  function globalsFor(exec: Execution): Record<string, unknown> {
    const { Logger, console } = loggers(exec, (line) => {
      logs.push(line);
      if (printLogs) process.stderr.write(`[script] ${line}\n`);
    });
    return {
      SpreadsheetApp: new SpreadsheetAppService(exec, sheetState),
      PropertiesService: propertiesService(exec, properties),
      CacheService: cacheService(exec, caches),
      LockService: lockService(exec, locks),
      Utilities: utilitiesService(exec),
      Session: sessionService(exec, session, scriptTimeZone),
      HtmlService: htmlService(exec, projectDir),
      ScriptApp: scriptApp(exec, stateTokens, session.email),
      UrlFetchApp: new UrlFetchAppService(exec, fetchState),
      Logger,
      console,
    };
  }

  function execute(name: string, args: (context: vm.Context, exec: Execution) => unknown, authMode: AuthMode, limitMs: number): unknown {
    if (disposed) throw new Error('the emulator has been disposed');
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`Script function not found: ${name}`);
    // Apps Script keeps functions whose names end in _ private: no client or menu can run them.
    if (name.endsWith('_')) throw new Error(`Script function not found: ${name} (names ending in _ are private)`);
    // The execution asks for its realm only once the context below exists.
    const exec = new Execution(
      stats,
      Date.now() + limitMs,
      () => realm,
      name,
      () => api.onServiceCall,
      authMode,
    );
    const globals = globalsFor(exec);
    const context = vm.createContext(globals);
    installScriptTimeZone(context, scriptTimeZone);
    const realm: Realm = realmOf(context);
    try {
      gas.require(projectDir, globals, { filter: (f) => path.basename(f) === scriptName });
      if (typeof globals[name] !== 'function') throw new Error(`Script function not found: ${name}`);
      Object.defineProperty(globals, '__emulatorArguments', { value: args(context, exec), configurable: true });
      const result: unknown = vm.runInContext(`${name}.apply(this, __emulatorArguments)`, context, {
        timeout: Math.max(1, exec.remainingMs()) + CPU_TIMEOUT_GRACE_MS,
        filename: `execution of ${name}`,
      });
      // A script that caught the time-limit error still ends there: Apps Script kills the run.
      if (exec.timedOut || exec.remainingMs() < -CPU_TIMEOUT_GRACE_MS) throw new Error(TIME_LIMIT_MESSAGE);
      return result;
    } catch (e) {
      throw hostError(e, exec);
    } finally {
      delete globals.__emulatorArguments;
      // Locks end with the execution that took them.
      for (const [kind, holder] of locks.held) if (holder === exec) locks.held.delete(kind);
    }
  }

  function call<T>(name: string, ...args: unknown[]): T {
    const argsJson = JSON.stringify(args.map((a, i) => copyTransferable(a, `argument ${i + 1}`) ?? null));
    const result = execute(name, (context) => (vm.runInContext('JSON', context) as JSON).parse(argsJson) as unknown, 'FULL', timeLimitMs);
    return copyTransferable(result, `the result of ${name}`) as T;
  }

  function userCallback(parameters: Record<string, string>): string {
    const entry = stateTokens.get(parameters.state ?? '');
    if (!entry || entry.expiresAt <= Date.now()) throw new Error(STATE_TOKEN_INVALID);
    // The token's arguments arrive beside the query's own, as `request.parameter` shows them.
    const parameter = { ...parameters, ...entry.arguments };
    const queryString = new URLSearchParams(parameters).toString();
    const json = JSON.stringify({
      queryString,
      parameter,
      parameters: Object.fromEntries(Object.entries(parameter).map(([k, v]) => [k, [v]])),
      contextPath: '',
      contentLength: -1,
    });
    const result = execute(
      entry.method,
      (context) => [(vm.runInContext('JSON', context) as JSON).parse(json) as unknown],
      'FULL',
      timeLimitMs,
    );
    return result instanceof HtmlOutput ? result.getContent() : CALLBACK_WITHOUT_OUTPUT;
  }

  function trigger(name: 'onOpen' | 'onInstall', authMode?: AuthMode): void {
    const mode: AuthMode = name === 'onInstall' ? 'FULL' : (authMode ?? 'LIMITED');
    // https://developers.google.com/apps-script/guides/triggers/events#open: authMode, source, triggerUid, user.
    execute(
      name,
      (_context, exec) => {
        const r = exec.realm;
        const event: Record<string, unknown> = { authMode: mode, triggerUid: '' };
        if (mode !== 'NONE') event.source = new Spreadsheet(exec, sheetState);
        event.user = r.object({
          getEmail: () => (mode === 'FULL' ? session.email : ''),
          toString: () => (mode === 'FULL' ? session.email : ''),
        });
        return r.array([r.object(event)]);
      },
      mode,
      name === 'onInstall' ? timeLimitMs : Math.min(timeLimitMs, SIMPLE_TRIGGER_LIMIT_MS),
    );
  }

  const api: Emulator = {
    workbook,
    stats,
    onServiceCall: null,
    resetStats() {
      stats.sheets = 0;
      stats.sheetsByMethod = {};
      stats.urlFetch = 0;
      stats.sleptMs = 0;
    },
    call,
    userCallback,
    trigger,
    ui,
    properties,
    logs,
    activeSheetName() {
      return activeSheetModel(sheetState)?.name ?? null;
    },
    selectSheet(name: string) {
      if (!workbook.sheets.some((s) => s.name === name)) throw new Error(`The workbook has no sheet named "${name}".`);
      sheetState.activeSheetName = name;
    },
    dispose() {
      disposed = true;
      http?.dispose();
      http = undefined;
    },
  };
  return api;
}
