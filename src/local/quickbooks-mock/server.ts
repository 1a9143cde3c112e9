/**
 * A local stand-in for QuickBooks Online as strict as the real one: Intuit's authorize page and
 * token endpoint (rotating refresh tokens, `invalid_grant`, `invalid_client`), the v3 query
 * endpoint with the real fault bodies, and the per-company limits (500 requests in any minute,
 * 10 in any second; every request counts, refused ones too). Facts: reference
 * source-formats.md §2f–§2g; the bodies and where they come from: responses.ts.
 *
 * One server answers what Intuit spreads over three hosts:
 *   GET  /connect/oauth2                     (appcenter.intuit.com)
 *   POST /oauth2/v1/tokens/bearer            (oauth.platform.intuit.com)
 *   POST /v2/oauth2/tokens/revoke            (developer.api.intuit.com)
 *   GET  /v3/company/{realmId}/query         (quickbooks.api.intuit.com), also POST with the query as body
 * and, for tests, `/__mock/…` (no auth, not counted).
 */
import http from 'node:http';
import { random } from '../openphone-mock/fixtures';
import { ChangeRefused, CompanyStore, type CompanyChange } from './company';
import { DEFAULT_CUSTOMERS, quickBooksCompany } from './fixtures';
import { TokenStore } from './oauth';
import { isRefusal, parseQuery, runQuery } from './query';
import { formatOf, gatewayFault, html, json, queryResponse, serviceFault, serviceUnavailable, throttled, wrongCompany } from './responses';

export const DEFAULT_REALM_ID = '9130355377388111';
export const DEFAULT_CLIENT_ID = 'ABlocalQuickBooksMockClientId000000000000000000000';
export const DEFAULT_CLIENT_SECRET = 'localQuickBooksMockSecret000000000000000';
export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';
/** Scopes Intuit knows; any other word in `scope` is refused. */
const KNOWN_SCOPES = new Set([ACCOUNTING_SCOPE, 'com.intuit.quickbooks.payment', 'openid', 'profile', 'email', 'phone', 'address']);
/** Minor versions 1–74 are retired: the API ignores them and answers as 75 (https://blogs.intuit.com/2025/01/21/changes-to-our-accounting-api-that-may-impact-your-application). */
export const MINOR_VERSION = 75;

export interface QuickBooksFaults {
  /** Every query answers the ValidationFault a query the service cannot parse gets. */
  refuseQueries?: boolean;
  /** Share of API requests answered 500 (the gateway's InternalServerError) or 503 (the load balancer's page). */
  serverErrors?: number;
  /**
   * Every API request answers 403 ApplicationAuthorizationFailed, as when the connecting user
   * lost access to the company or the app lacks the scope.
   */
  forbidden?: boolean;
  /** `deny`: the authorize page redirects with `error=access_denied`, as when the user clicks Cancel. */
  authorize?: 'approve' | 'deny';
  seed?: number;
}

export interface QuickBooksMockOptions {
  /** Number of customers (default 1,234); 0 is a company with none. */
  customers?: number;
  seed?: number;
  /** E.164 numbers for the first customers with a phone, to line up with other sources. */
  phones?: string[];
  realmId?: string;
  clientId?: string;
  clientSecret?: string;
  accessTokenLifetimeSeconds?: number;
  rateLimitPerMinute?: number;
  rateLimitPerSecond?: number;
  /** Redirect URIs registered for the app; default: any http(s) URL. */
  redirectUris?: string[];
  /**
   * Where the browser reaches https://script.google.com on this machine (the local preview): the
   * redirect the add-on registered is kept for the code, and only the browser is sent there.
   */
  scriptHost?: string;
  faults?: QuickBooksFaults;
}

export interface QuickBooksMockStats {
  /** Requests to the OAuth and API endpoints (admin endpoints are not counted). */
  requests: number;
  byEndpoint: Record<string, number>;
  rateLimited: number;
  /** Most API requests one company made in a rolling minute / second (refused ones included). */
  peakPerMinute: number;
  peakPerSecond: number;
  codeExchanges: number;
  tokenRefreshes: number;
  invalidGrants: number;
  invalidClients: number;
  revocations: number;
  /** Queries answered 200, in all and per entity. */
  queries: number;
  queriesByEntity: Record<string, number>;
  unauthorized: number;
  forbidden: number;
  validationFaults: number;
  serverErrors: number;
  /** API requests whose minorversion was missing or retired (answered as 75 all the same). */
  minorVersionIgnored: number;
}

export interface QuickBooksMock {
  server: http.Server;
  company: CompanyStore;
  stats: QuickBooksMockStats;
  realmId: string;
  clientId: string;
  clientSecret: string;
}

const MINUTE = 60_000;

const GOOGLE_SCRIPT_ORIGIN = 'https://script.google.com';

export function createQuickBooksMock(options: QuickBooksMockOptions = {}): QuickBooksMock {
  const realmId = options.realmId ?? DEFAULT_REALM_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const perMinute = options.rateLimitPerMinute ?? 500;
  const perSecond = options.rateLimitPerSecond ?? 10;
  // The clock tests can move forward (token and code expiry, the rolling minute) without waiting.
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;
  const company = new CompanyStore(
    quickBooksCompany(options.seed ?? 1, options.customers ?? DEFAULT_CUSTOMERS, { phones: options.phones }),
    now,
  );
  const tokens = new TokenStore(now, options.accessTokenLifetimeSeconds ?? 3600);
  let faults: QuickBooksFaults = options.faults ?? {};
  let roll = random(faults.seed ?? 7);
  const recent = new Map<string, number[]>();
  const stats: QuickBooksMockStats = {
    requests: 0,
    byEndpoint: {},
    rateLimited: 0,
    peakPerMinute: 0,
    peakPerSecond: 0,
    codeExchanges: 0,
    tokenRefreshes: 0,
    invalidGrants: 0,
    invalidClients: 0,
    revocations: 0,
    queries: 0,
    queriesByEntity: {},
    unauthorized: 0,
    forbidden: 0,
    validationFaults: 0,
    serverErrors: 0,
    minorVersionIgnored: 0,
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock.local');
    void readBody(req).then((body) => {
      if (url.pathname.startsWith('/__mock/')) return admin(req, url.pathname.slice('/__mock/'.length), body, res);
      stats.requests++;
      const api = /^\/v3\/company\/([^/]*)(\/.*)?$/.exec(url.pathname);
      const endpoint = `${req.method} ${api ? `/v3/company/{realmId}${api[2] ?? ''}` : url.pathname}`;
      stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
      if (url.pathname === '/connect/oauth2' && req.method === 'GET') return authorize(url, res);
      if (url.pathname === '/oauth2/v1/tokens/bearer' && req.method === 'POST') return tokenEndpoint(req, body, res);
      if (url.pathname === '/v2/oauth2/tokens/revoke' && req.method === 'POST') return revokeEndpoint(req, body, res);
      if (api) return apiRequest(req, url, decodeURIComponent(api[1]!), api[2] ?? '', body, res);
      html(res, 404, 'Not Found', 'The page you requested was not found.');
    });
  });

  function authorize(url: URL, res: http.ServerResponse): void {
    const p = url.searchParams;
    const redirect = p.get('redirect_uri') ?? '';
    const scopes = (p.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    // Intuit shows its own error page, with no redirect, for a request it cannot trust.
    const problem =
      p.get('client_id') !== clientId
        ? 'The client_id is not that of a registered app.'
        : p.get('response_type') !== 'code'
          ? 'response_type must be code.'
          : !scopes.includes(ACCOUNTING_SCOPE) || scopes.some((s) => !KNOWN_SCOPES.has(s))
            ? `scope must include ${ACCOUNTING_SCOPE} and only Intuit scopes.`
            : !/^https?:\/\/[^\s]+$/.test(redirect) || (options.redirectUris !== undefined && !options.redirectUris.includes(redirect))
              ? 'The redirect_uri is not registered for this app.'
              : !p.get('state')
                ? 'state is required.'
                : null;
    if (problem) return html(res, 400, 'Something went wrong', problem);
    const target = new URL(redirect);
    if (faults.authorize === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('state', p.get('state')!);
    } else {
      target.searchParams.set('code', tokens.issueCode(realmId, clientId, redirect));
      target.searchParams.set('state', p.get('state')!);
      target.searchParams.set('realmId', realmId);
    }
    let location = target.toString();
    if (options.scriptHost && target.origin === GOOGLE_SCRIPT_ORIGIN) location = `${options.scriptHost}${target.pathname}${target.search}`;
    res.writeHead(302, { Location: location, 'Content-Length': 0 });
    res.end();
  }

  function tokenEndpoint(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const tokenError = (status: number, error: string) => {
      if (error === 'invalid_grant') stats.invalidGrants++;
      if (error === 'invalid_client') stats.invalidClients++;
      // {"error":"invalid_grant"} is all a used refresh token gets (intuit/oauth-jsclient#77, 128, 173);
      // {"error":"invalid_client"} with 401 for bad credentials (intuit/oauth-rubyclient#14).
      res.setHeader('Cache-Control', 'no-cache, no-store');
      res.setHeader('Pragma', 'no-cache');
      json(res, status, { error });
    };
    if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return tokenError(400, 'invalid_request');
    const form = new URLSearchParams(body);
    if (!clientAuthenticated(req, form)) return tokenError(401, 'invalid_client');
    const grant = form.get('grant_type');
    let answer;
    if (grant === 'authorization_code') {
      const code = form.get('code');
      const redirect = form.get('redirect_uri');
      if (!code || !redirect) return tokenError(400, 'invalid_request');
      answer = tokens.exchangeCode(code, redirect, clientId);
      if (answer) stats.codeExchanges++;
    } else if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token');
      if (!refresh) return tokenError(400, 'invalid_request');
      answer = tokens.useRefreshToken(refresh);
      if (answer) stats.tokenRefreshes++;
    } else {
      return tokenError(400, grant ? 'unsupported_grant_type' : 'invalid_request');
    }
    if (!answer) return tokenError(400, 'invalid_grant');
    res.setHeader('Cache-Control', 'no-cache, no-store');
    res.setHeader('Pragma', 'no-cache');
    json(res, 200, answer);
  }

  /**
   * HTTP Basic (Intuit's documented way) or client_id/client_secret in the form (what Google's
   * OAuth2 library for Apps Script sends): both are accepted, and both at once when they agree.
   */
  function clientAuthenticated(req: http.IncomingMessage, form: URLSearchParams): boolean {
    const offered: Array<[string, string]> = [];
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
      if (!m) return false;
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return false;
      offered.push([decoded.slice(0, colon), decoded.slice(colon + 1)]);
    }
    if (form.has('client_id') || form.has('client_secret')) offered.push([form.get('client_id') ?? '', form.get('client_secret') ?? '']);
    return offered.length > 0 && offered.every(([id, secret]) => id === clientId && secret === clientSecret);
  }

  function revokeEndpoint(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    if (!clientAuthenticated(req, new URLSearchParams())) {
      stats.invalidClients++;
      return json(res, 401, { error: 'invalid_client' });
    }
    const token = revokedToken(req, body);
    if (!token) return json(res, 400, { error: 'invalid_request' });
    if (tokens.revokeToken(token)) stats.revocations++;
    // RFC 7009 §2.2: an unknown token is not an error.
    res.writeHead(200, { 'Content-Length': 0 });
    res.end();
  }

  function apiRequest(req: http.IncomingMessage, url: URL, realm: string, rest: string, body: string, res: http.ServerResponse): void {
    const format = formatOf(req);
    const at = now();
    const times = (recent.get(realm) ?? []).filter((t) => at - t < MINUTE);
    times.push(at);
    recent.set(realm, times);
    const inSecond = times.filter((t) => at - t < 1000).length;
    stats.peakPerMinute = Math.max(stats.peakPerMinute, times.length);
    stats.peakPerSecond = Math.max(stats.peakPerSecond, inSecond);

    const access = tokens.checkAccess(req.headers.authorization);
    if ('refused' in access) {
      stats.unauthorized++;
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1] ?? '';
      // "Token expired: …" and "Malformed bearer token: …" are the gateway's words (see
      // responses.ts); no record of a revoked token's was found, so that detail is the mock's.
      const detail =
        access.refused === 'expired'
          ? `Token expired: ${token.slice(0, 50)}`
          : access.refused === 'invalid'
            ? `Token revoked: ${token.slice(0, 50)}`
            : 'Malformed bearer token: too short or too long';
      return gatewayFault(res, format, 401, { code: '3200', name: 'AuthenticationFailed', detail, type: 'AUTHENTICATION' }, at);
    }
    if (access.realmId !== realm) {
      stats.unauthorized++;
      return wrongCompany(res, at);
    }
    if (faults.forbidden) {
      stats.forbidden++;
      return gatewayFault(res, format, 403, { code: '3100', name: 'ApplicationAuthorizationFailed', detail: null, type: 'SERVICE' }, at);
    }
    if (times.length > perMinute || inSecond > perSecond) {
      stats.rateLimited++;
      return throttled(res, at);
    }
    if (faults.serverErrors && roll() < faults.serverErrors) {
      stats.serverErrors++;
      if (roll() < 0.5) return serviceUnavailable(res);
      return gatewayFault(res, format, 500, { code: '3100', name: 'InternalServerError', detail: null, type: 'SERVICE' }, at);
    }
    const minor = Number(url.searchParams.get('minorversion'));
    if (!(minor >= MINOR_VERSION)) stats.minorVersionIgnored++;

    if (rest !== '/query' || (req.method !== 'GET' && req.method !== 'POST')) {
      stats.validationFaults++;
      return serviceFault(
        res,
        format,
        400,
        'ValidationFault',
        {
          code: '500',
          message: 'Unsupported Operation',
          detail: `Operation Could not find resource for relative : /v3/company/${realm}${rest} of full path: ${url.href} is not supported.`,
        },
        at,
      );
    }
    const text = req.method === 'POST' ? body : (url.searchParams.get('query') ?? '');
    const parsed = faults.refuseQueries
      ? ({ code: '4000', message: 'Error parsing query', detail: 'QueryParserError: Encountered "<EOF>" at line 1, column 0.' } as const)
      : parseQuery(text);
    if (isRefusal(parsed)) {
      stats.validationFaults++;
      return serviceFault(res, format, 400, 'ValidationFault', parsed, at);
    }
    const result = runQuery(parsed, company.data);
    stats.queries++;
    stats.queriesByEntity[result.entity] = (stats.queriesByEntity[result.entity] ?? 0) + 1;
    if (result.count) return queryResponse(res, format, { totalCount: result.total }, at);
    // No rows is an empty QueryResponse, not an empty list (simonv3/quickbooks-python#4).
    if (result.rows.length === 0) return queryResponse(res, format, {}, at);
    queryResponse(res, format, { [result.entity]: result.rows, startPosition: result.startPosition, maxResults: result.rows.length }, at);
  }

  function admin(req: http.IncomingMessage, action: string, body: string, res: http.ServerResponse): void {
    const input = (): Record<string, unknown> => (body.trim() ? (JSON.parse(body) as Record<string, unknown>) : {});
    try {
      switch (action) {
        case 'stats':
          return json(res, 200, stats);
        case 'customers':
          return json(res, 200, { customers: company.data.customers });
        case 'company':
          return json(res, 200, company.data);
        case 'mutate': {
          const parsed = JSON.parse(body) as CompanyChange | CompanyChange[];
          return json(res, 200, { ids: company.apply(Array.isArray(parsed) ? parsed : [parsed]) });
        }
        case 'revoke':
          tokens.revokeRealm(String(input().realmId ?? realmId));
          return json(res, 200, { revoked: true });
        case 'expire-access-tokens':
          tokens.expireAccessTokens(String(input().realmId ?? realmId));
          return json(res, 200, { expired: true });
        case 'faults':
          faults = input() as QuickBooksFaults;
          roll = random(faults.seed ?? 7);
          return json(res, 200, faults);
        case 'mint-refresh-token':
          return json(res, 200, { ...tokens.mint(realmId), realmId });
        case 'advance-clock':
          clockOffset += Number(input().seconds ?? 0) * 1000;
          return json(res, 200, { now: now() });
        default:
          return json(res, 404, { error: `no admin endpoint ${req.method} /__mock/${action}` });
      }
    } catch (e) {
      json(res, 400, { error: e instanceof ChangeRefused || e instanceof SyntaxError ? e.message : String(e) });
    }
  }

  return { server, company, stats, realmId, clientId, clientSecret };
}

/** The revoke endpoint takes `{"token": …}` as JSON (Intuit's documented form) or a form field. */
function revokedToken(req: http.IncomingMessage, body: string): string | null {
  if (!/json/i.test(req.headers['content-type'] ?? '')) return new URLSearchParams(body).get('token');
  try {
    return (JSON.parse(body) as { token?: string }).token ?? null;
  } catch {
    return null;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
