/**
 * A local stand-in for the OpenPhone v1 API that is as strict as the real one: raw-key auth
 * (a `Bearer` prefix is rejected), 10 requests per rolling second per key with 429, the
 * documented error bodies, opaque page tokens, and the documented inaccurate `totalItems`.
 * Behaviour follows the API reference kept with the project (§1–§5, §8 checklist).
 */
import http from 'node:http';
import { buildWorkspace, type FixtureOptions, type Workspace } from './fixtures';

export interface MockOptions extends FixtureOptions {
  apiKey?: string;
  /** Requests allowed per key in any rolling second (the documented limit is 10). */
  rateLimitPerSecond?: number;
  /** `spec`: the OpenAPI error body; `live`: the `{error:{…}}` 401 body integrators report. */
  errorShape?: 'spec' | 'live';
  /** The spec marks maxResults required yet gives a default; strict mode answers 400 without it. */
  requireMaxResults?: boolean;
}

export interface MockStats {
  requests: number;
  rateLimited: number;
  unauthorized: number;
  /** Most requests any key made within one rolling second. */
  peakPerSecond: number;
  byRoute: Record<string, number>;
}

export const DEFAULT_MOCK_API_KEY = 'local-openphone-key';
const WINDOW_MS = 1000;
const DOCS = 'https://openphone.com/docs';

/** Resource codes of the API's 7-character error codes (reference §3.1). */
const RESOURCE_CODE = { conversations: '10', phoneNumbers: '04', contacts: '08' } as const;
type Resource = keyof typeof RESOURCE_CODE;

export interface OpenPhoneMock {
  server: http.Server;
  workspace: Workspace;
  stats: MockStats;
}

export function createOpenPhoneMock(options: MockOptions = {}): OpenPhoneMock {
  const apiKey = options.apiKey ?? DEFAULT_MOCK_API_KEY;
  const limit = options.rateLimitPerSecond ?? 10;
  const workspace = buildWorkspace(options);
  const stats: MockStats = { requests: 0, rateLimited: 0, unauthorized: 0, peakPerSecond: 0, byRoute: {} };
  const recent = new Map<string, number[]>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock.local');
    // Inspection for tests and benchmarks; not part of the API, so no auth and no rate limit.
    if (url.pathname === '/__mock/stats') return json(res, 200, stats);

    stats.requests++;
    const route = `${req.method} ${url.pathname.replace(/\/[^/]{20,}$/, '/{id}')}`;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    const resource = resourceOf(url.pathname);

    const key = req.headers.authorization;
    if (key !== apiKey) {
      stats.unauthorized++;
      const message = key ? 'Unauthorized' : 'Missing authorization header';
      if (options.errorShape === 'live') {
        return json(res, 401, { error: { message, key: 'Unauthorized', trace: trace() } });
      }
      return apiError(res, resource, 401, 'Unauthorized', 'You are unauthorized to access this resource');
    }

    // Sliding one-second window per key; rejected requests do not use up the allowance.
    const now = Date.now();
    const times = (recent.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length >= limit) {
      stats.rateLimited++;
      recent.set(key, times);
      res.setHeader('Retry-After', '1');
      return json(res, 429, { message: 'API rate limit exceeded' });
    }
    times.push(now);
    recent.set(key, times);
    stats.peakPerSecond = Math.max(stats.peakPerSecond, times.length);
    res.setHeader('X-RateLimit-Limit-Second', String(limit));
    res.setHeader('X-RateLimit-Remaining-Second', String(limit - times.length));

    readBody(req).then(() => {
      if (req.method === 'GET' && url.pathname === '/v1/conversations') return listConversations(url, res);
      if (req.method === 'GET' && url.pathname === '/v1/phone-numbers') return json(res, 200, { data: workspace.phoneNumbers });
      // Unknown routes answer with an HTML page, as the live API was seen to.
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>Not Found</h1></body></html>');
    });
  });

  function listConversations(url: URL, res: http.ServerResponse): void {
    const page = pageParams(url, 100, 'conversations', res);
    if (!page) return;
    let items = workspace.conversations;
    const phones = arrayParam(url, 'phoneNumbers');
    if (phones.length > 0) {
      const lines = workspace.phoneNumbers.filter((p) => phones.includes(p.id) || phones.includes(p.number)).map((p) => p.id);
      items = items.filter((c) => c.phoneNumberId !== null && lines.includes(c.phoneNumberId));
    }
    const userId = url.searchParams.get('userId');
    if (userId) items = items.filter((c) => c.assignedTo === userId);
    paginate(res, items, page);
  }

  function pageParams(
    url: URL,
    max: number,
    resource: Resource,
    res: http.ServerResponse,
  ): { size: number; offset: number } | null {
    const raw = url.searchParams.get('maxResults');
    if (raw === null && options.requireMaxResults) {
      apiError(res, resource, 400, 'Bad Request', 'maxResults is required', [{ path: '/maxResults', message: 'Required' }]);
      return null;
    }
    const size = raw === null ? 10 : Number(raw);
    if (!Number.isInteger(size) || size < 1 || size > max) {
      apiError(res, resource, 400, 'Bad Request', 'The input was invalid.', [
        { path: '/maxResults', message: `Expected integer between 1 and ${max}`, value: raw },
      ]);
      return null;
    }
    const token = url.searchParams.get('pageToken');
    let offset = 0;
    if (token) {
      const decoded = decodeToken(token);
      if (decoded === null) {
        apiError(res, resource, 400, 'Bad Request', 'Invalid page token', [{ path: '/pageToken', message: 'Invalid', value: token }]);
        return null;
      }
      offset = decoded;
    }
    return { size, offset };
  }

  function paginate<T>(res: http.ServerResponse, items: T[], page: { size: number; offset: number }): void {
    const data = items.slice(page.offset, page.offset + page.size);
    const next = page.offset + page.size < items.length ? encodeToken(page.offset + page.size) : null;
    // totalItems is documented as inaccurate; the mock makes it wrong on purpose so nothing relies on it.
    json(res, 200, { data, totalItems: Math.min(items.length, 1000), nextPageToken: next });
  }

  return { server, workspace, stats };
}

function resourceOf(path: string): Resource {
  if (path.startsWith('/v1/phone-numbers')) return 'phoneNumbers';
  if (path.startsWith('/v1/contacts')) return 'contacts';
  return 'conversations';
}

/** The spec's error body (reference §3.1): code = resource + sub-code + status. */
function apiError(
  res: http.ServerResponse,
  resource: Resource,
  status: number,
  title: string,
  message: string,
  errors?: unknown[],
): void {
  const sub = status === 403 || status === 500 ? '01' : '00';
  const body: Record<string, unknown> = {
    message,
    code: `${RESOURCE_CODE[resource]}${sub}${status}`,
    status,
    docs: DOCS,
    title,
    trace: trace(),
  };
  if (errors) body.errors = errors;
  json(res, status, body);
}

/** Array query parameters arrive as `k=a&k=b` or `k[]=a`; both are accepted. */
function arrayParam(url: URL, name: string): string[] {
  return [...url.searchParams.getAll(name), ...url.searchParams.getAll(`${name}[]`)];
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString('base64url');
}

function decodeToken(token: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && parsed.o >= 0 ? parsed.o : null;
  } catch {
    return null;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function trace(): string {
  return Math.random().toString(16).slice(2, 18);
}
