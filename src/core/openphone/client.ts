/**
 * OpenPhone v1 API client over the Http and Clock ports. It keeps under the documented
 * 10 requests/second per key by pacing itself, and treats a 429 as a signal to wait, not an
 * error. The API key never appears in an error message.
 */
import type { Clock, Http, HttpRequest, HttpResponse } from '../ports';
import { UserError } from '../errors';
import type { ApiConversation, ApiList, ApiPhoneNumber } from './types';

export const DEFAULT_API_BASE = 'https://api.openphone.com';

export interface OpenPhoneClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Our own pace, kept below the API's 10/s so clock skew never trips the limit. */
  requestsPerSecond?: number;
  /** Attempts for one request that meets 429 or 5xx before giving up. */
  maxAttempts?: number;
}

/** Conversations page size: the API's maximum for this endpoint. */
export const CONVERSATIONS_PAGE_SIZE = 100;
const DEFAULT_REQUESTS_PER_SECOND = 8;
const DEFAULT_MAX_ATTEMPTS = 6;

export class OpenPhoneError extends UserError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'OpenPhoneError';
  }
}

export class OpenPhoneClient {
  private readonly baseUrl: string;
  private readonly minInterval: number;
  private readonly maxAttempts: number;
  private lastSentAt = -Infinity;
  /** Requests sent, retries included: what the rate limit counts. */
  requestsSent = 0;

  constructor(
    private readonly http: Http,
    private readonly clock: Clock,
    private readonly options: OpenPhoneClientOptions,
  ) {
    if (!options.apiKey) throw new UserError('No OpenPhone API key is set. Add it in the sidebar (Settings).');
    this.baseUrl = (options.baseUrl || DEFAULT_API_BASE).replace(/\/+$/, '');
    this.minInterval = 1000 / (options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /** Every conversation of the workspace, following nextPageToken until it is null. */
  listConversations(onPage?: (fetched: number) => void): ApiConversation[] {
    const all: ApiConversation[] = [];
    let pageToken: string | null = null;
    do {
      const query: Record<string, string> = { maxResults: String(CONVERSATIONS_PAGE_SIZE) };
      if (pageToken) query.pageToken = pageToken;
      const page = this.getJson<ApiList<ApiConversation>>('/v1/conversations', query);
      all.push(...(page.data ?? []));
      pageToken = page.nextPageToken ?? null;
      onPage?.(all.length);
    } while (pageToken);
    return all;
  }

  /** The workspace's own numbers (not paginated). */
  listPhoneNumbers(): ApiPhoneNumber[] {
    return this.getJson<{ data: ApiPhoneNumber[] }>('/v1/phone-numbers').data ?? [];
  }

  getJson<T>(path: string, query: Record<string, string> = {}): T {
    const response = this.send({ url: this.url(path, query), method: 'get' });
    return parseJson<T>(response, path);
  }

  private send(request: HttpRequest): HttpResponse {
    const withAuth: HttpRequest = {
      ...request,
      headers: { ...request.headers, Authorization: this.options.apiKey, Accept: 'application/json' },
    };
    let attempt = 0;
    for (;;) {
      attempt++;
      this.pace();
      const response = this.http.fetch(withAuth);
      this.requestsSent++;
      if (response.status < 400) return response;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= this.maxAttempts) throw this.errorFor(response, request);
      this.clock.sleep(this.retryDelay(response, attempt));
    }
  }

  private pace(): void {
    const wait = this.lastSentAt + this.minInterval - this.clock.now();
    if (wait > 0) this.clock.sleep(wait);
    this.lastSentAt = this.clock.now();
  }

  private retryDelay(response: HttpResponse, attempt: number): number {
    const retryAfter = Number(header(response, 'retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
    return Math.min(500 * 2 ** (attempt - 1), 16000);
  }

  private errorFor(response: HttpResponse, request: HttpRequest): OpenPhoneError {
    const path = request.url.slice(this.baseUrl.length).split('?')[0];
    const detail = errorMessage(response.body);
    if (response.status === 401) {
      return new OpenPhoneError(`OpenPhone rejected the API key (401${detail ? `: ${detail}` : ''}). Check the key in Settings.`, 401);
    }
    return new OpenPhoneError(
      `OpenPhone ${request.method?.toUpperCase() ?? 'GET'} ${path} failed with ${response.status}${detail ? `: ${detail}` : ''}.`,
      response.status,
    );
  }

  private url(path: string, query: Record<string, string>): string {
    const qs = Object.keys(query)
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k]!)}`)
      .join('&');
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }
}

/** The documented body is `{message}`; the live API was seen answering `{error: {message}}`. */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string; error?: { message?: string } };
    return parsed.error?.message ?? parsed.message ?? '';
  } catch {
    return '';
  }
}

function parseJson<T>(response: HttpResponse, path: string): T {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    throw new OpenPhoneError(`OpenPhone ${path} answered with something that is not JSON (status ${response.status}).`, response.status);
  }
}

function header(response: HttpResponse, name: string): string | undefined {
  const key = Object.keys(response.headers).find((k) => k.toLowerCase() === name);
  return key ? response.headers[key] : undefined;
}
