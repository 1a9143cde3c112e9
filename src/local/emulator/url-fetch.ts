/**
 * UrlFetchApp with real, synchronous HTTP.
 * https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app
 * https://developers.google.com/apps-script/reference/url-fetch/http-response
 * Quotas (20,000 calls a day for consumer accounts; 2 KB URLs; 50 MB a response and a payload;
 * 100 headers and 8 KB of them a call): https://developers.google.com/apps-script/guides/services/quotas
 * The quota page gives the limits, not the wording of each error: the messages below for methods,
 * headers, response size and certificates are our choice, and the stricter reading throughout.
 */
import { Blob } from './blob';
import { decodeText, fromScriptBytes, toSignedBytes } from './bytes';
import { TIME_LIMIT_MESSAGE, type Execution } from './execution';
import type { SyncHttp, WireRequest, WireResult } from './sync-http';

export interface UrlFetchState {
  http: () => SyncHttp;
  quotaPerDay: number;
  usedToday: number;
  requestTimeoutMs: number;
}

const MAX_URL_LENGTH = 2 * 1024;
export const MAX_FETCH_BYTES = 50 * 1024 * 1024;
export const MAX_HEADERS = 100;
const MAX_HEADER_BYTES = 8 * 1024;
/** "the HTTP method for the request: get, delete, patch, post, or put" — url-fetch-app#fetch(String,Object). */
const METHODS = ['GET', 'DELETE', 'PATCH', 'POST', 'PUT'];
const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;
const TRUNCATE_AT = 1000;

type Params = Record<string, unknown>;

// With escaping on (the default), characters that may not appear in a URL are percent-encoded;
// existing %XX escapes and reserved characters are left alone.
function escapeUrl(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (ch) => encodeURIComponent(ch));
}

function formEncode(payload: Record<string, unknown>): string {
  return Object.keys(payload)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(payload[k]))}`)
    .join('&');
}

class HTTPResponse {
  readonly #result: Extract<WireResult, { ok: true }>;
  readonly #exec: Execution;

  constructor(exec: Execution, result: Extract<WireResult, { ok: true }>) {
    this.#exec = exec;
    this.#result = result;
  }

  getResponseCode(): number {
    return this.#result.status;
  }

  #charset(): string | undefined {
    const type = this.#header('content-type');
    return /charset=([^;]+)/i.exec(type ?? '')?.[1]?.trim();
  }

  #header(name: string): string | undefined {
    return this.#result.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  }

  /** A Java charset name; one Java does not know is refused. Without one, the Content-Type's charset or UTF-8. */
  getContentText(charset?: string): string {
    if (charset !== undefined) {
      const text = decodeText(this.#result.body, charset);
      if (text === undefined) this.#exec.fail(`Unsupported charset: ${String(charset)}`);
      return text;
    }
    return decodeText(this.#result.body, this.#charset() ?? 'UTF-8') ?? Buffer.from(this.#result.body).toString('utf8');
  }

  getContent(): number[] {
    return this.#exec.realm.array(toSignedBytes(this.#result.body));
  }

  /** One value per header name, spelled as the server sent it. */
  getHeaders(): Record<string, string> {
    const out = this.#exec.realm.object({} as Record<string, string>);
    for (const [k, v] of this.#result.headers) out[k] = v;
    return out;
  }

  /** Headers that occur several times (Set-Cookie) come back as arrays. */
  getAllHeaders(): Record<string, string | string[]> {
    const out = this.#exec.realm.object({} as Record<string, string | string[]>);
    for (const [k, v] of this.#result.headers) {
      const prev = out[k];
      if (prev === undefined) out[k] = v;
      else out[k] = Array.isArray(prev) ? this.#exec.realm.array([...prev, v]) : this.#exec.realm.array([prev, v]);
    }
    return out;
  }

  getBlob(): Blob {
    return new Blob(() => this.#exec.realm, this.#result.body, this.#header('content-type')?.split(';')[0] ?? null, null);
  }

  getAs(_contentType: string): Blob {
    return this.getBlob();
  }

  toString(): string {
    return 'HTTPResponse';
  }
}

export class UrlFetchAppService {
  readonly #exec: Execution;
  readonly #state: UrlFetchState;

  constructor(exec: Execution, state: UrlFetchState) {
    this.#exec = exec;
    this.#state = state;
  }

  #toWire(url: unknown, params: Params | undefined): WireRequest {
    const exec: Execution = this.#exec;
    if (typeof url !== 'string' || url === '') exec.fail('Invalid argument: url');
    const p: Params = params && typeof params === 'object' ? params : {};
    const target = p.escaping === false ? url : escapeUrl(url);
    if (!/^https?:\/\//i.test(target)) exec.fail(`Invalid argument: ${url}`);
    if (target.length > MAX_URL_LENGTH) exec.fail('Limit Exceeded: URLFetch URL Length.');
    const method = String(p.method ?? 'get').toUpperCase();
    if (!METHODS.includes(method)) exec.fail('Attribute provided with invalid value: method');
    const headers: Record<string, string> = {};
    const given = p.headers && typeof p.headers === 'object' ? (p.headers as Record<string, unknown>) : {};
    for (const k of Object.keys(given)) headers[k] = String(given[k]);
    if (Object.keys(headers).length > MAX_HEADERS) exec.fail('Limit Exceeded: URLFetch headers.');
    if (Object.keys(headers).reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(headers[k]!), 0) > MAX_HEADER_BYTES) {
      exec.fail('Limit Exceeded: URLFetch header size.');
    }
    let body: Uint8Array | undefined;
    let contentType = p.contentType === undefined ? undefined : String(p.contentType);
    const payload = p.payload;
    if (payload !== undefined && payload !== null) {
      const blobData = Blob.dataOf(payload);
      if (typeof payload === 'string') {
        body = new Uint8Array(Buffer.from(payload, 'utf8'));
        contentType ??= 'application/x-www-form-urlencoded';
      } else if (blobData) {
        body = blobData;
        contentType ??= (payload as Blob).getContentType() ?? undefined;
      } else if (Array.isArray(payload)) {
        body = fromScriptBytes(payload);
      } else if (typeof payload === 'object') {
        // An object payload is sent as an HTML form.
        body = new Uint8Array(Buffer.from(formEncode(payload as Record<string, unknown>), 'utf8'));
        contentType ??= 'application/x-www-form-urlencoded';
      } else {
        body = new Uint8Array(Buffer.from(String(payload), 'utf8'));
        contentType ??= 'application/x-www-form-urlencoded';
      }
    }
    if (body && body.length > MAX_FETCH_BYTES) exec.fail('Limit Exceeded: URLFetch POST Size.');
    if (contentType !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = contentType;
    }
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) {
      headers['User-Agent'] = 'Mozilla/5.0 (compatible; Google-Apps-Script)';
    }
    return {
      url: target,
      method,
      headers,
      body,
      followRedirects: p.followRedirects !== false,
      validateCertificates: p.validateHttpsCertificates !== false,
      maxResponseBytes: MAX_FETCH_BYTES,
    };
  }

  #send(requests: WireRequest[], params: Params[]): HTTPResponse[] {
    const exec: Execution = this.#exec;
    exec.checkDeadline();
    const state = this.#state;
    if (state.usedToday + requests.length > state.quotaPerDay) {
      exec.fail('Service invoked too many times for one day: urlfetch.');
    }
    state.usedToday += requests.length;
    exec.stats.urlFetch += requests.length;
    const results = state.http().send(requests, state.requestTimeoutMs, Date.now() + exec.remainingMs());
    if (!results) {
      exec.timedOut = true;
      return exec.fail(TIME_LIMIT_MESSAGE);
    }
    return results.map((result, i) => {
      const url = requests[i]!.url;
      if (!result.ok) {
        if (result.code === 'ENOTFOUND' || result.code === 'EAI_AGAIN') exec.fail(`DNS error: ${url}`);
        if (result.code === 'ETIMEDOUT') exec.fail(`Timeout: ${url}`);
        if (result.code === 'EINVALIDURL') exec.fail(`Invalid argument: ${url}`);
        if (result.code === 'ETOOLARGE') exec.fail(`Limit Exceeded: URLFetch response size (50 MB): ${url}`);
        if (CERTIFICATE_ERRORS.test(result.code))
          exec.fail(
            `SSL Error ${url}: the server's certificate is not valid (${result.code}); validateHttpsCertificates: false skips the check.`,
          );
        exec.fail(`Address unavailable: ${url}`);
      }
      if (result.status >= 400 && params[i]?.muteHttpExceptions !== true) {
        const text = Buffer.from(result.body).toString('utf8');
        const shown = text.length > TRUNCATE_AT ? `${text.slice(0, TRUNCATE_AT)}...` : text;
        exec.fail(
          `Request failed for ${new URL(url).origin} returned code ${result.status}. Truncated server response: ${shown} (use muteHttpExceptions option to examine full response)`,
        );
      }
      return new HTTPResponse(exec, result);
    });
  }

  fetch(url: string, params?: Params): HTTPResponse {
    this.#exec.requireAuthorization('UrlFetchApp.fetch', 'https://www.googleapis.com/auth/script.external_request');
    const wire = this.#toWire(url, params);
    return this.#send([wire], [params ?? {}])[0]!;
  }

  /** Requests go out together and the responses come back in the order of the requests. */
  fetchAll(requests: unknown[]): HTTPResponse[] {
    this.#exec.requireAuthorization('UrlFetchApp.fetchAll', 'https://www.googleapis.com/auth/script.external_request');
    if (!Array.isArray(requests)) this.#exec.fail("The parameters (Object) don't match the method signature for UrlFetchApp.fetchAll.");
    const params = requests.map((r): Params => (typeof r === 'string' ? { url: r } : ((r ?? {}) as Params)));
    const wires = params.map((p) => this.#toWire(p.url, p));
    return this.#exec.realm.array(this.#send(wires, params));
  }

  /** The request fetch() would send, without sending it. */
  getRequest(url: string, params?: Params): Record<string, unknown> {
    const wire = this.#toWire(url, params);
    const headers = { ...wire.headers };
    return this.#exec.realm.object({
      url: wire.url,
      method: wire.method.toLowerCase(),
      headers: this.#exec.realm.object(headers),
      payload: wire.body ? Buffer.from(wire.body).toString('utf8') : '',
      contentType: headers['Content-Type'],
      followRedirects: wire.followRedirects,
      muteHttpExceptions: params?.muteHttpExceptions === true,
    });
  }

  toString(): string {
    return 'UrlFetchApp';
  }
}
