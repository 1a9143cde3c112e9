/**
 * A small in-process QuickBooks behind the Http port, for the sync protocol's unit tests: the
 * token endpoint with strict refresh-token rotation, the query endpoint with STARTPOSITION
 * paging and COUNT(*), 401 for an expired access token, and switches for 429, refused queries
 * and revocation. The full local mock (src/local/quickbooks-mock) serves the integration tests.
 */
import type { Clock, Http, HttpRequest, HttpResponse } from '../../src/core/ports';

export { fakeClock } from './clock';

export interface FakeCompany {
  Customer: Array<Record<string, unknown>>;
  Invoice: Array<Record<string, unknown>>;
  Payment: Array<Record<string, unknown>>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: JSON.stringify(body),
});

export class FakeQuickBooks implements Http {
  readonly requests: HttpRequest[] = [];
  company: FakeCompany = { Customer: [], Invoice: [], Payment: [] };
  /** Refresh tokens that may still be spent, and access tokens with their expiry. */
  private readonly refresh = new Set<string>();
  private readonly access = new Map<string, number>();
  private n = 0;
  rateLimitNext = 0;
  refuseQueries = false;
  codes = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    readonly realmId = '4620',
  ) {}

  /** A connection's first refresh token, as Intuit's playground gives it. */
  mintRefreshToken(): string {
    const t = `rt${++this.n}`;
    this.refresh.add(t);
    return t;
  }

  issueCode(): string {
    const c = `code${++this.n}`;
    this.codes.set(c, this.realmId);
    return c;
  }

  expireAccessTokens(): void {
    this.access.clear();
  }

  revoke(): void {
    this.refresh.clear();
    this.access.clear();
  }

  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    return requests.map((r) => this.fetch(r));
  }

  fetch(request: HttpRequest): HttpResponse {
    this.requests.push(request);
    const url = new URL(request.url);
    if (url.pathname.endsWith('/tokens/bearer')) return this.token(request);
    const bearer = (request.headers?.Authorization ?? '').replace(/^Bearer /, '');
    if ((this.access.get(bearer) ?? 0) <= this.clock.now()) return json(401, { fault: { error: [{ message: 'AuthenticationFailed' }] } });
    if (this.rateLimitNext > 0) {
      this.rateLimitNext--;
      return { status: 429, headers: {}, body: '<Fault type="ThrottleExceeded"/>' };
    }
    const sql = url.searchParams.get('query') ?? '';
    if (this.refuseQueries || url.searchParams.get('minorversion') !== '75')
      return json(400, {
        Fault: { Error: [{ Message: 'Error parsing query', Detail: 'QueryParserError', code: '4000' }], type: 'ValidationFault' },
      });
    const entity = /FROM (\w+)/.exec(sql)![1] as keyof FakeCompany;
    const all = this.company[entity];
    if (/COUNT\(\*\)/.test(sql)) return json(200, { QueryResponse: { totalCount: all.length } });
    const start = Number(/STARTPOSITION (\d+)/.exec(sql)![1]);
    const max = Number(/MAXRESULTS (\d+)/.exec(sql)![1]);
    const page = all.slice(start - 1, start - 1 + max);
    return json(200, { QueryResponse: page.length ? { [entity]: page, startPosition: start, maxResults: page.length } : {} });
  }

  private token(request: HttpRequest): HttpResponse {
    if (request.headers?.Authorization !== `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`)
      return json(401, { error: 'invalid_client' });
    const form = new URLSearchParams(request.body);
    const grant = form.get('grant_type');
    if (grant === 'authorization_code' && !this.codes.delete(form.get('code') ?? '')) return json(400, { error: 'invalid_grant' });
    if (grant === 'refresh_token' && !this.refresh.delete(form.get('refresh_token') ?? '')) return json(400, { error: 'invalid_grant' });
    const access = `at${++this.n}`;
    this.access.set(access, this.clock.now() + 3600_000);
    return json(200, { token_type: 'bearer', access_token: access, expires_in: 3600, refresh_token: this.mintRefreshToken() });
  }

  queries(): string[] {
    return this.requests.filter((r) => r.url.includes('/query?')).map((r) => new URL(r.url).searchParams.get('query')!);
  }
}

/** A company of `n` customers: every fifth a job of the customer before it, every seventh without a phone. */
export function company(n: number, invoicesPer = 2): FakeCompany {
  const Customer: FakeCompany['Customer'] = [];
  const Invoice: FakeCompany['Invoice'] = [];
  const Payment: FakeCompany['Payment'] = [];
  for (let i = 1; i <= n; i++) {
    const id = String(i);
    const job = i % 5 === 0;
    const parent = String(i - 1);
    Customer.push({
      Id: id,
      DisplayName: job ? `Job ${i}` : `Customer ${i}`,
      FullyQualifiedName: job ? `Customer ${i - 1}:Job ${i}` : `Customer ${i}`,
      GivenName: job ? undefined : `Given${i}`,
      FamilyName: job ? undefined : `Family${i}`,
      Active: i % 11 !== 0,
      Job: job,
      ...(job ? { ParentRef: { value: parent } } : {}),
      ...(job || i % 7 === 0 ? {} : { PrimaryPhone: { FreeFormNumber: `(617) 555-${String(1000 + i).slice(-4)}` } }),
      Balance: i,
      MetaData: { CreateTime: '2024-05-06T07:08:09-07:00', LastUpdatedTime: '2025-01-01T00:00:00-08:00' },
    });
    for (let k = 0; k < invoicesPer; k++) {
      Invoice.push({
        Id: `${i}-${k}`,
        CustomerRef: { value: id },
        TxnDate: `2025-0${k + 1}-15`,
        TotalAmt: 100,
        Line: [{ DetailType: 'SalesItemLineDetail', Description: `Work ${k} for ${i}` }],
      });
      Payment.push({ Id: `p${i}-${k}`, CustomerRef: { value: id }, TxnDate: `2025-0${k + 1}-20`, TotalAmt: 60 });
    }
  }
  return { Customer, Invoice, Payment };
}
