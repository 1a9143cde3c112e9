/**
 * A local stand-in for the OpenPhone v1 API that is as strict as the real one: raw-key auth
 * (a `Bearer` prefix is rejected), 10 requests per rolling second per key with 429, the
 * documented error bodies, opaque page tokens, and the documented inaccurate `totalItems`.
 * Behaviour follows the API reference kept with the project (§1–§5, §8 checklist).
 */
import http from 'node:http';
import { ContactStore, DEFAULT_CUSTOM_FIELDS, type CustomFieldDefinition, type Refusal } from './contacts';
import { buildWorkspace, random, type FixtureOptions, type Workspace } from './fixtures';

export interface MockOptions extends FixtureOptions {
  apiKey?: string;
  /** Requests allowed per key in any rolling second (the documented limit is 10). */
  rateLimitPerSecond?: number;
  /** `spec`: the OpenAPI error body; `live`: the `{error:{…}}` 401 body integrators report. */
  errorShape?: 'spec' | 'live';
  /** The spec marks maxResults required yet gives a default; strict mode answers 400 without it. */
  requireMaxResults?: boolean;
  /** The workspace's contact custom fields (GET /v1/contact-custom-fields); default: the QuickBooks three. */
  customFields?: CustomFieldDefinition[];
  /** A second valid key that opens another, empty workspace (its own line and contacts). */
  otherWorkspaceKey?: string;
  faults?: Faults;
}

/**
 * Faults injected on the contacts routes, drawn from a seeded sequence. A 500 has done the work
 * half of the time; a lost answer always has (the connection is dropped after the change), so
 * a client that retries blindly creates duplicates.
 */
export interface Faults {
  serverErrorRate?: number;
  lostAnswerRate?: number;
  slowRate?: number;
  slowMs?: number;
  seed?: number;
}

export interface MockStats {
  requests: number;
  rateLimited: number;
  unauthorized: number;
  /** Most requests any key made within one rolling second. */
  peakPerSecond: number;
  byRoute: Record<string, number>;
  serverErrors: number;
  lostAnswers: number;
  slowAnswers: number;
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
  /** Contacts per API key. */
  contacts: Map<string, ContactStore>;
}

export function createOpenPhoneMock(options: MockOptions = {}): OpenPhoneMock {
  const apiKey = options.apiKey ?? DEFAULT_MOCK_API_KEY;
  const limit = options.rateLimitPerSecond ?? 10;
  const workspace = buildWorkspace(options);
  const stats: MockStats = {
    requests: 0,
    rateLimited: 0,
    unauthorized: 0,
    peakPerSecond: 0,
    byRoute: {},
    serverErrors: 0,
    lostAnswers: 0,
    slowAnswers: 0,
  };
  const recent = new Map<string, number[]>();
  const customFields = options.customFields ?? DEFAULT_CUSTOM_FIELDS;
  const contacts = new Map<string, ContactStore>([[apiKey, new ContactStore(customFields)]]);
  const other = options.otherWorkspaceKey ? buildWorkspace({ conversations: 0, seed: 99 }) : null;
  if (options.otherWorkspaceKey) {
    other!.phoneNumbers = other!.phoneNumbers
      .slice(0, 1)
      .map((p) => ({ ...p, id: 'PNother0001', name: 'Other office', number: '+14155550100' }));
    contacts.set(options.otherWorkspaceKey, new ContactStore([]));
  }
  let faults: Faults = options.faults ?? {};
  let roll = random(faults.seed ?? 7);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock.local');
    // Inspection for tests and benchmarks; not part of the API, so no auth and no rate limit.
    if (url.pathname === '/__mock/stats') return json(res, 200, stats);
    if (url.pathname === '/__mock/contacts') {
      const key = url.searchParams.get('key') ?? apiKey;
      return json(res, 200, { data: [...(contacts.get(key)?.contacts.values() ?? [])] });
    }
    if (url.pathname === '/__mock/faults' && req.method === 'POST') {
      return void readBody(req).then((text) => {
        faults = JSON.parse(text || '{}') as Faults;
        roll = random(faults.seed ?? 7);
        json(res, 200, faults);
      });
    }

    stats.requests++;
    const route = `${req.method} ${url.pathname.replace(/\/[^/]{20,}$/, '/{id}')}`;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    const resource = resourceOf(url.pathname);

    const key = req.headers.authorization;
    if (key === undefined || !contacts.has(key)) {
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

    const store = contacts.get(key)!;
    const own = key === apiKey ? workspace : other!;
    readBody(req).then((text) => {
      if (req.method === 'GET' && url.pathname === '/v1/conversations') return listConversations(url, res);
      if (req.method === 'GET' && url.pathname === '/v1/phone-numbers') return json(res, 200, { data: own.phoneNumbers });
      if (req.method === 'GET' && url.pathname === '/v1/contact-custom-fields') return json(res, 200, { data: store.customFields });
      if (url.pathname === '/v1/contacts' || url.pathname.startsWith('/v1/contacts/')) return contactsRoute(req, url, text, store, res);
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

  function contactsRoute(req: http.IncomingMessage, url: URL, text: string, store: ContactStore, res: http.ServerResponse): void {
    const fault = drawFault();
    if (fault === 'fail-before') return serverError(res);
    const id = url.pathname.startsWith('/v1/contacts/') ? decodeURIComponent(url.pathname.slice('/v1/contacts/'.length)) : null;
    let body: unknown;
    if (req.method === 'POST' || req.method === 'PATCH') {
      try {
        body = JSON.parse(text);
      } catch {
        return apiError(res, 'contacts', 400, 'Bad Request', 'The input was invalid.', [{ path: '', message: 'Body is not JSON' }]);
      }
    }
    let status = 200;
    let answer: unknown;
    if (id === null && req.method === 'POST') {
      answer = store.create(body);
      status = 201;
    } else if (id === null && req.method === 'GET') {
      const page = pageParams(url, 50, 'contacts', res);
      if (!page) return;
      return paginate(res, store.list(arrayParam(url, 'externalIds'), arrayParam(url, 'sources')), page);
    } else if (id !== null && req.method === 'GET') {
      answer = store.contacts.get(id) ?? { status: 404, title: 'Not Found', message: 'Contact not found' };
    } else if (id !== null && req.method === 'PATCH') {
      answer = store.update(id, body);
    } else if (id !== null && req.method === 'DELETE') {
      if (!store.remove(id)) answer = { status: 404, title: 'Not Found', message: 'Contact not found' };
      else status = 204;
    } else {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return void res.end('<html><body><h1>Not Found</h1></body></html>');
    }
    if (isRefusal(answer)) {
      const r = answer;
      return apiError(res, 'contacts', r.status, r.title, r.message, r.errors, r.customFieldError ? '01' : undefined);
    }
    if (fault === 'fail-after') return serverError(res);
    if (fault === 'lost') {
      // The change is made; the answer never arrives.
      stats.lostAnswers++;
      return void res.socket?.destroy();
    }
    const send = () => (status === 204 ? void (res.writeHead(204), res.end()) : json(res, status, { data: answer }));
    if (fault === 'slow') {
      stats.slowAnswers++;
      return void setTimeout(send, faults.slowMs ?? 2000);
    }
    send();
  }

  function drawFault(): 'fail-before' | 'fail-after' | 'lost' | 'slow' | null {
    const r = roll();
    const e = faults.serverErrorRate ?? 0;
    const l = faults.lostAnswerRate ?? 0;
    const s = faults.slowRate ?? 0;
    if (r < e) return roll() < 0.5 ? 'fail-before' : 'fail-after';
    if (r < e + l) return 'lost';
    if (r < e + l + s) return 'slow';
    return null;
  }

  function serverError(res: http.ServerResponse): void {
    stats.serverErrors++;
    apiError(res, 'contacts', 500, 'Unknown Error', 'An unknown error occurred');
  }

  function pageParams(url: URL, max: number, resource: Resource, res: http.ServerResponse): { size: number; offset: number } | null {
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

  return { server, workspace, stats, contacts };
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
  subCode?: string,
): void {
  const sub = subCode ?? (status === 403 || status === 500 ? '01' : '00');
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

function isRefusal(v: unknown): v is Refusal {
  return typeof v === 'object' && v !== null && 'status' in v && 'title' in v && !('id' in v);
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
