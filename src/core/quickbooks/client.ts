/**
 * The QuickBooks Online query endpoint over the Http and Clock ports: paced under the company's
 * limits (500 requests a minute, 10 a second), a 401 answered by renewing the access token once,
 * server errors retried a bounded number of times, a 429 handed to the caller to wait out, and
 * every refusal said with QuickBooks' own words (its `Fault`), never with a token.
 */
import { UserError } from '../errors';
import type { Clock, Http, HttpResponse } from '../ports';
import { RECONNECT, ReconnectNeeded } from './oauth';

export const MINOR_VERSION = 75;
/** The query language's largest page. */
export const PAGE_SIZE = 1000;
/** One request every 125 ms never passes 500 a minute (480) nor 10 a second (8). */
export const REQUEST_GAP_MS = 125;
/** Waits before retrying a request that met a server error or no answer. */
const SERVER_RETRY_MS = [1000, 3000];
/** Intuit's advice for a 429: wait 60 s. */
export const RATE_LIMIT_WAIT_S = 60;

/** QuickBooks answered 429: nothing more until the wait is over. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`QuickBooks asked to slow down; waiting ${retryAfterSeconds} s.`);
  }
}

export interface QueryPorts {
  http: Http;
  clock: Clock;
  apiBase: string;
  realmId: string;
  /** The access token; `renew` after a 401, when the one in hand was refused. */
  accessToken(renew: boolean): string;
}

type Fault = { Error?: Array<{ Message?: string; Detail?: string; code?: string }>; type?: string };

export class QuickBooksApi {
  requests = 0;

  constructor(
    private readonly ports: QueryPorts,
    /** When the last request left, this execution or an earlier one: the pace carries over. */
    public lastRequestAt = 0,
  ) {}

  /** One query; answers its QueryResponse. */
  query(sql: string): Record<string, unknown> {
    const { http, clock } = this.ports;
    const url = `${this.ports.apiBase.replace(/\/+$/, '')}/v3/company/${encodeURIComponent(this.ports.realmId)}/query?query=${encodeURIComponent(sql)}&minorversion=${MINOR_VERSION}`;
    let token = this.ports.accessToken(false);
    let renewed = false;
    for (let failures = 0; ;) {
      const wait = this.lastRequestAt + REQUEST_GAP_MS - clock.now();
      if (wait > 0) clock.sleep(wait);
      this.lastRequestAt = clock.now();
      this.requests++;
      let response: HttpResponse | null;
      try {
        response = http.fetch({ url, method: 'get', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/maximum execution time/i.test(message)) throw e;
        if (/too many times/i.test(message)) throw new UserError("Today's UrlFetch quota is used up: sync QuickBooks again tomorrow.");
        response = null;
      }
      const status = response?.status ?? 0;
      if (status === 200) {
        const body = parse(response!.body);
        if (body.Fault) throw refused(body.Fault as Fault, 200);
        return (body.QueryResponse as Record<string, unknown>) ?? {};
      }
      if (status === 401 && !renewed) {
        renewed = true;
        token = this.ports.accessToken(true);
        continue;
      }
      if (status === 401) throw new ReconnectNeeded(`QuickBooks refused the connection to company ${this.ports.realmId}: ${RECONNECT}.`);
      if (status === 429) throw new RateLimited(Math.max(1, Number(header(response!, 'retry-after')) || RATE_LIMIT_WAIT_S));
      if (status === 0 || status >= 500) {
        if (failures < SERVER_RETRY_MS.length) {
          clock.sleep(SERVER_RETRY_MS[failures++]!);
          continue;
        }
        throw new UserError(
          `QuickBooks did not answer (${status ? `HTTP ${status}` : 'no answer'}, ${failures + 1} tries); sync again in a few minutes.`,
        );
      }
      throw refused(parse(response!.body).Fault as Fault | undefined, status);
    }
  }
}

function header(response: HttpResponse, name: string): string | undefined {
  const key = Object.keys(response.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : response.headers[key];
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function refused(fault: Fault | undefined, status: number): UserError {
  const e = fault?.Error?.[0];
  const said = [e?.Message, e?.Detail && e.Detail !== e.Message ? e.Detail : ''].filter(Boolean).join(': ').slice(0, 300);
  const what = said ? `${said}${e?.code ? ` (code ${e.code})` : ''}` : `HTTP ${status}`;
  if (status === 403)
    return new UserError(`QuickBooks refused access to the company: ${what}. Reconnect with a QuickBooks user who may see customers.`);
  return new UserError(`QuickBooks refused the query: ${what}.`);
}
