/**
 * The smaller Apps Script services: Properties, Cache, Lock, Utilities, Session, HtmlService,
 * ScriptApp, Logger and console. Each class cites the reference page it follows.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { Blob } from './blob';
import { charsetName, fromScriptBytes, toSignedBytes } from './bytes';
import { TIME_LIMIT_MESSAGE, type Execution } from './execution';
import { JavaFormatError, javaStringFormat, simpleDateFormat } from './java-format';
import { isDateValue } from './workbook-model';

const KB = 1024;

function bytesOf(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * https://developers.google.com/apps-script/reference/properties/properties
 * Limits (9 KB a value, 500 KB a store): https://developers.google.com/apps-script/guides/services/quotas
 */
export class Properties {
  readonly #exec: Execution;
  readonly #store: Record<string, string>;

  constructor(exec: Execution, store: Record<string, string>) {
    this.#exec = exec;
    this.#store = store;
  }

  #checkSize(next: Record<string, string>): void {
    for (const k of Object.keys(next)) {
      if (bytesOf(next[k]!) > 9 * KB) this.#exec.fail('Argument too large: value');
    }
    const total = Object.keys(next).reduce((n, k) => n + bytesOf(k) + bytesOf(next[k]!), 0);
    if (total > 500 * KB) this.#exec.fail('You have exceeded the property storage quota. Please remove some properties and try again.');
  }

  #replace(next: Record<string, string>): void {
    this.#checkSize(next);
    for (const k of Object.keys(this.#store)) if (!(k in next)) delete this.#store[k];
    Object.assign(this.#store, next);
  }

  getProperty(key: string): string | null {
    this.#exec.checkDeadline();
    const k = String(key);
    return Object.prototype.hasOwnProperty.call(this.#store, k) ? this.#store[k]! : null;
  }

  setProperty(key: string, value: string): Properties {
    this.#exec.checkDeadline();
    if (key === undefined || key === null) this.#exec.fail('Invalid argument: key');
    this.#replace({ ...this.#store, [String(key)]: String(value) });
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers?: boolean): Properties {
    this.#exec.checkDeadline();
    const next: Record<string, string> = deleteAllOthers ? {} : { ...this.#store };
    for (const k of Object.keys(properties ?? {})) next[k] = String(properties[k]);
    this.#replace(next);
    return this;
  }

  getProperties(): Record<string, string> {
    this.#exec.checkDeadline();
    return this.#exec.realm.object({ ...this.#store });
  }

  getKeys(): string[] {
    this.#exec.checkDeadline();
    return this.#exec.realm.array(Object.keys(this.#store));
  }

  deleteProperty(key: string): Properties {
    this.#exec.checkDeadline();
    delete this.#store[String(key)];
    return this;
  }

  deleteAllProperties(): Properties {
    this.#exec.checkDeadline();
    for (const k of Object.keys(this.#store)) delete this.#store[k];
    return this;
  }

  toString(): string {
    return 'Properties';
  }
}

export interface PropertyStores {
  user: Record<string, string>;
  script: Record<string, string>;
  document: Record<string, string>;
}

/** https://developers.google.com/apps-script/reference/properties/properties-service */
export function propertiesService(exec: Execution, stores: PropertyStores) {
  // A simple trigger runs without the user's authorization, so no properties: the stricter reading,
  // as the auth-lifecycle table is not explicit about LIMITED and the message's wording is not documented.
  const store = (name: string, data: Record<string, string>) => {
    exec.requireAuthorization(`PropertiesService.${name}`);
    return new Properties(exec, data);
  };
  return {
    getUserProperties: () => store('getUserProperties', stores.user),
    getScriptProperties: () => store('getScriptProperties', stores.script),
    getDocumentProperties: () => store('getDocumentProperties', stores.document),
    toString: () => 'PropertiesService',
  };
}

export type CacheStore = Map<string, { value: string; expires: number }>;

/**
 * https://developers.google.com/apps-script/reference/cache/cache
 * Keys up to 250 characters, values up to 100 KB, expiry 600 s by default and at most 6 hours.
 * https://developers.google.com/apps-script/reference/cache/cache-service: "The cap for cached items
 * is 1,000. If more than 1,000 items are written, the cache stores the 900 items farthest from expiration."
 */
export const CACHE_MAX_ITEMS = 1000;
const CACHE_KEEP_ITEMS = 900;

export class Cache {
  readonly #exec: Execution;
  readonly #store: CacheStore;

  constructor(exec: Execution, store: CacheStore) {
    this.#exec = exec;
    this.#store = store;
  }

  #key(key: unknown): string {
    const k = String(key);
    if (k.length > 250) this.#exec.fail('Argument too large: key');
    return k;
  }

  get(key: string): string | null {
    this.#exec.checkDeadline();
    const k = this.#key(key);
    const entry = this.#store.get(k);
    if (!entry) return null;
    if (entry.expires <= Date.now()) {
      this.#store.delete(k);
      return null;
    }
    return entry.value;
  }

  getAll(keys: string[]): Record<string, string> {
    const out = this.#exec.realm.object({} as Record<string, string>);
    for (const k of keys) {
      const v = this.get(k);
      if (v !== null) out[k] = v;
    }
    return out;
  }

  put(key: string, value: string, expirationInSeconds = 600): void {
    this.#exec.checkDeadline();
    const k = this.#key(key);
    const v = String(value);
    if (bytesOf(v) > 100 * KB) this.#exec.fail('Argument too large: value');
    const seconds = Math.min(Math.max(Number(expirationInSeconds) || 600, 1), 21600);
    this.#store.set(k, { value: v, expires: Date.now() + seconds * 1000 });
    if (this.#store.size > CACHE_MAX_ITEMS) this.#evict();
  }

  #evict(): void {
    const now = Date.now();
    for (const [key, entry] of this.#store) if (entry.expires <= now) this.#store.delete(key);
    if (this.#store.size <= CACHE_MAX_ITEMS) return;
    const byExpiry = [...this.#store].sort((a, b) => b[1].expires - a[1].expires);
    for (const [key] of byExpiry.slice(CACHE_KEEP_ITEMS)) this.#store.delete(key);
  }

  putAll(values: Record<string, string>, expirationInSeconds?: number): void {
    for (const k of Object.keys(values)) this.put(k, values[k]!, expirationInSeconds);
  }

  remove(key: string): void {
    this.#exec.checkDeadline();
    this.#store.delete(this.#key(key));
  }

  removeAll(keys: string[]): void {
    for (const k of keys) this.remove(k);
  }

  toString(): string {
    return 'Cache';
  }
}

/** https://developers.google.com/apps-script/reference/cache/cache-service */
export function cacheService(exec: Execution, stores: { script: CacheStore; user: CacheStore; document: CacheStore }) {
  return {
    getScriptCache: () => new Cache(exec, stores.script),
    getUserCache: () => new Cache(exec, stores.user),
    getDocumentCache: () => new Cache(exec, stores.document),
    toString: () => 'CacheService',
  };
}

export type LockKind = 'document' | 'script' | 'user';

export interface LockState {
  /** Which execution holds each lock: executions may overlap (a hook runs one inside another). */
  held: Map<LockKind, Execution>;
  /** Locks another (simulated) execution holds for the whole of this one. */
  heldElsewhere: Set<LockKind>;
}

/** Blocks the thread, as Utilities.sleep does, without spinning the CPU. */
export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Sleeps within the execution's time: a sleep that would cross the deadline ends the run there. */
export function sleepWithin(exec: Execution, ms: number): void {
  exec.checkDeadline();
  const remaining = exec.remainingMs();
  if (ms >= remaining) {
    blockFor(remaining);
    exec.stats.sleptMs += Math.max(remaining, 0);
    exec.timedOut = true;
    exec.fail(TIME_LIMIT_MESSAGE);
  }
  blockFor(ms);
  exec.stats.sleptMs += ms;
}

/**
 * https://developers.google.com/apps-script/reference/lock/lock
 * Locks are released when the execution ends; tryLock waits up to its timeout and answers false,
 * waitLock throws.
 */
export class Lock {
  readonly #exec: Execution;
  readonly #kind: LockKind;
  readonly #state: LockState;

  constructor(exec: Execution, kind: LockKind, state: LockState) {
    this.#exec = exec;
    this.#kind = kind;
    this.#state = state;
  }

  tryLock(timeoutInMillis: number): boolean {
    this.#exec.checkDeadline();
    const wait = Math.max(0, Number(timeoutInMillis) || 0);
    if (this.#state.heldElsewhere.has(this.#kind)) {
      sleepWithin(this.#exec, wait);
      return false;
    }
    const holder = this.#state.held.get(this.#kind);
    if (holder && holder !== this.#exec) {
      this.#exec.spend(wait);
      return false;
    }
    this.#state.held.set(this.#kind, this.#exec);
    return true;
  }

  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) this.#exec.fail('Lock timeout: another process was holding the lock for too long.');
  }

  releaseLock(): void {
    if (this.#state.held.get(this.#kind) === this.#exec) this.#state.held.delete(this.#kind);
  }

  hasLock(): boolean {
    return this.#state.held.get(this.#kind) === this.#exec;
  }

  toString(): string {
    return 'Lock';
  }
}

/** https://developers.google.com/apps-script/reference/lock/lock-service */
export function lockService(exec: Execution, state: LockState) {
  return {
    getDocumentLock: () => new Lock(exec, 'document', state),
    getScriptLock: () => new Lock(exec, 'script', state),
    getUserLock: () => new Lock(exec, 'user', state),
    toString: () => 'LockService',
  };
}

const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as const;

const NODE_DIGEST: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };

const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;

function dataBytes(data: unknown, charset?: unknown): Uint8Array {
  if (Array.isArray(data)) return fromScriptBytes(data);
  const blob = Blob.dataOf(data);
  if (blob) return blob;
  return new Uint8Array(Buffer.from(String(data), charsetName(charset)));
}

/** Java's exceptions reach the script as Errors with Java's message. */
function javaCall<T>(exec: Execution, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof JavaFormatError) exec.fail(e.message);
    throw e;
  }
}

/** https://developers.google.com/apps-script/reference/utilities/utilities */
export function utilitiesService(exec: Execution) {
  const realm = () => exec.realm;
  return {
    DigestAlgorithm,
    Charset,
    /** https://developers.google.com/apps-script/reference/utilities/utilities#sleep(Integer) — at most 300000 ms. */
    sleep(milliseconds: number): void {
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0 || ms > 300000) exec.fail('Invalid argument: milliseconds');
      sleepWithin(exec, Math.trunc(ms));
    },
    /** Signed bytes, as Apps Script returns them. */
    computeDigest(algorithm: string, value: unknown, charset?: string): number[] {
      exec.checkDeadline();
      const name = NODE_DIGEST[String(algorithm)];
      if (!name) exec.fail(`Invalid argument: algorithm`);
      return realm().array(toSignedBytes(createHash(name).update(dataBytes(value, charset)).digest()));
    },
    computeHmacSha256Signature(value: unknown, key: unknown): number[] {
      exec.checkDeadline();
      return realm().array(toSignedBytes(createHmac('sha256', dataBytes(key)).update(dataBytes(value)).digest()));
    },
    base64Encode(data: unknown, charset?: string): string {
      return Buffer.from(dataBytes(data, charset)).toString('base64');
    },
    base64EncodeWebSafe(data: unknown, charset?: string): string {
      return Buffer.from(dataBytes(data, charset)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    },
    base64Decode(encoded: string): number[] {
      const text = String(encoded);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) exec.fail('Could not decode string.');
      return realm().array(toSignedBytes(Buffer.from(text, 'base64')));
    },
    base64DecodeWebSafe(encoded: string): number[] {
      const text = String(encoded);
      if (!/^[A-Za-z0-9\-_]*={0,2}$/.test(text.replace(/\s/g, ''))) exec.fail('Could not decode string.');
      return realm().array(toSignedBytes(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
    },
    newBlob(data: unknown, contentType?: string, name?: string): Blob {
      return new Blob(realm, dataBytes(data ?? ''), contentType ?? null, name ?? null);
    },
    /** java.text.SimpleDateFormat: an unquoted letter that is no pattern letter throws, YYYY is the week year, z names the zone. */
    formatDate(date: Date, timeZone: string, pattern: string): string {
      if (!isDateValue(date)) exec.fail("The parameters (String,String,String) don't match the method signature for Utilities.formatDate.");
      return javaCall(exec, () => simpleDateFormat(date.getTime(), String(timeZone), String(pattern)));
    },
    /** java.lang.String.format: %.2f, %05d, %,d, %-6s; a missing argument or a wrong type throws. */
    formatString(template: string, ...args: unknown[]): string {
      return javaCall(exec, () => javaStringFormat(String(template), args));
    },
    getUuid(): string {
      return randomUUID();
    },
    toString: () => 'Utilities',
  };
}

export interface SessionUsers {
  email: string;
  effectiveEmail: string;
  temporaryKey: string;
}

/**
 * https://developers.google.com/apps-script/reference/base/session
 * getActiveUser().getEmail() is '' "if security policies do not allow access to the user's identity",
 * and always in a context that runs without the user's authorization (a simple onOpen trigger).
 */
export function sessionService(exec: Execution, users: SessionUsers, timeZone: string) {
  const user = (email: () => string) => ({ getEmail: email, toString: email });
  const limited = () => exec.authMode !== 'FULL';
  return {
    getActiveUser: () => user(() => (limited() ? '' : users.email)),
    getEffectiveUser: () => user(() => (limited() ? '' : users.effectiveEmail)),
    getScriptTimeZone: () => timeZone,
    getActiveUserLocale: () => 'en',
    getTemporaryActiveUserKey: () => users.temporaryKey,
    toString: () => 'Session',
  };
}

/**
 * https://developers.google.com/apps-script/reference/html/html-output
 * setWidth only sizes dialogs: "All sidebars shown by scripts are 300 pixels wide."
 */
export class HtmlOutput {
  #content: string;
  #title = '';
  #width: number | undefined;
  #height: number | undefined;

  constructor(content: string) {
    this.#content = content;
  }

  getContent(): string {
    return this.#content;
  }
  setContent(content: string): HtmlOutput {
    this.#content = String(content);
    return this;
  }
  append(addedContent: string): HtmlOutput {
    this.#content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): HtmlOutput {
    this.#content += String(addedContent).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return this;
  }
  clear(): HtmlOutput {
    this.#content = '';
    return this;
  }
  getTitle(): string {
    return this.#title;
  }
  setTitle(title: string): HtmlOutput {
    this.#title = String(title);
    return this;
  }
  getWidth(): number | undefined {
    return this.#width;
  }
  setWidth(width: number): HtmlOutput {
    this.#width = Number(width);
    return this;
  }
  getHeight(): number | undefined {
    return this.#height;
  }
  setHeight(height: number): HtmlOutput {
    this.#height = Number(height);
    return this;
  }
  setSandboxMode(_mode: string): HtmlOutput {
    return this;
  }
  setXFrameOptionsMode(_mode: string): HtmlOutput {
    return this;
  }
  addMetaTag(_name: string, _content: string): HtmlOutput {
    return this;
  }
  setFaviconUrl(_url: string): HtmlOutput {
    return this;
  }
  toString(): string {
    return 'HtmlOutput';
  }
}

/** https://developers.google.com/apps-script/reference/html/html-service */
export function htmlService(exec: Execution, projectDir: string) {
  return {
    SandboxMode: { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' },
    XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
    /** The project's HTML file named `filename` (the .html suffix is optional). */
    createHtmlOutputFromFile(filename: string): HtmlOutput {
      exec.checkDeadline();
      const name = String(filename).replace(/\.html$/i, '');
      const file = path.join(projectDir, `${name}.html`);
      if (name.includes('/') || name.includes('\\') || !existsSync(file)) exec.fail(`No HTML file named ${String(filename)} was found.`);
      return new HtmlOutput(readFileSync(file, 'utf8'));
    },
    createHtmlOutput(html?: unknown): HtmlOutput {
      return new HtmlOutput(html === undefined ? '' : String(html));
    },
    toString: () => 'HtmlService',
  };
}

/** A state token's callback, as `/usercallback` will run it. */
export interface StateTokenEntry {
  method: string;
  arguments: Record<string, string>;
  expiresAt: number;
  /** Who created it: Google runs the callback only for the same user. */
  user: string;
}
export type StateTokens = Map<string, StateTokenEntry>;

/** https://developers.google.com/apps-script/reference/script/state-token-builder */
const STATE_TOKEN_DEFAULT_SECONDS = 60;
const STATE_TOKEN_MAX_SECONDS = 3600;

function stateTokenBuilder(exec: Execution, tokens: StateTokens, user: string) {
  const entry: Omit<StateTokenEntry, 'expiresAt'> & { seconds: number } = {
    method: 'callback',
    arguments: {},
    seconds: STATE_TOKEN_DEFAULT_SECONDS,
    user,
  };
  const builder = exec.realm.object({
    withArgument(name: unknown, value: unknown) {
      entry.arguments[String(name)] = String(value);
      return builder;
    },
    withMethod(method: unknown) {
      entry.method = String(method);
      return builder;
    },
    withTimeout(seconds: unknown) {
      const n = Number(seconds);
      if (!Number.isFinite(n) || n <= 0 || n > STATE_TOKEN_MAX_SECONDS)
        exec.fail(`Invalid argument: seconds. The timeout must be between 1 and ${STATE_TOKEN_MAX_SECONDS} seconds.`);
      entry.seconds = n;
      return builder;
    },
    createToken() {
      // Opaque, as Google's encrypted token is: the callback learns its contents only through the emulator.
      const token = `ST${randomBytes(24).toString('base64url')}`;
      tokens.set(token, { method: entry.method, arguments: { ...entry.arguments }, expiresAt: Date.now() + entry.seconds * 1000, user });
      return token;
    },
    toString: () => 'StateTokenBuilder',
  });
  return builder;
}

/** https://developers.google.com/apps-script/reference/script/script-app */
export function scriptApp(exec: Execution, tokens: StateTokens = new Map(), user = '') {
  return {
    newStateToken: () => stateTokenBuilder(exec, tokens, user),
    AuthMode: { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' },
    TriggerSource: { SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK', FORMS: 'FORMS', DOCUMENTS: 'DOCUMENTS', CALENDAR: 'CALENDAR' },
    getProjectTriggers: () => exec.realm.array([]),
    getUserTriggers: (_document?: unknown) => exec.realm.array([]),
    getScriptId: () => 'emulated-script',
    getOAuthToken: () => 'emulated-oauth-token',
    newTrigger: (_functionName: string) => exec.fail('Triggers are not emulated.'),
    toString: () => 'ScriptApp',
  };
}

/** Logger and console write to the execution log, which the emulator keeps (and prints only on request). */
export function loggers(exec: Execution, log: (line: string) => void) {
  const lines: string[] = [];
  const write = (line: string) => {
    lines.push(line);
    log(line);
  };
  const Logger = {
    /** https://developers.google.com/apps-script/reference/base/logger#log(String,Object...) — the format is Java's, as in Utilities.formatString. */
    log(data: unknown, ...values: unknown[]) {
      write(
        values.length ? javaCall(exec, () => javaStringFormat(String(data), values)) : typeof data === 'string' ? data : format('%o', data),
      );
      return Logger;
    },
    getLog: () => lines.map((l) => `${l}\n`).join(''),
    clear() {
      lines.length = 0;
    },
    toString: () => 'Logger',
  };
  const level =
    (prefix: string) =>
    (...args: unknown[]) =>
      write(prefix + format(...args));
  const console = { log: level(''), info: level(''), debug: level(''), warn: level('WARNING: '), error: level('ERROR: ') };
  return { Logger, console };
}
