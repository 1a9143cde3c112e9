// The QuickBooks mock must be as strict as the real service (reference: source-formats.md §2f–§2g;
// the bodies it answers with are cited in src/local/quickbooks-mock/responses.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { quickBooksCompany } from '../../src/local/quickbooks-mock/fixtures';
import { startQuickBooksMock, type QuickBooksMockHandle, type QuickBooksMockLaunchOptions } from '../../src/local/quickbooks-mock/launch';

const REDIRECT = 'https://script.google.com/macros/d/SCRIPT_ID/usercallback';
const SEED = 3;

interface Tokens {
  access_token: string;
  refresh_token: string;
}

let mock: QuickBooksMockHandle;
beforeAll(async () => {
  mock = await startQuickBooksMock({ seed: SEED });
});
afterAll(async () => {
  await mock.stop();
});
// Each test starts in a fresh rolling second, so the 10-per-second limit only bites where a test means it to.
afterEach(async () => {
  await mock.advanceClock(1.5);
});

function authorizeUrl(m: QuickBooksMockHandle, overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    client_id: m.clientId,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    redirect_uri: REDIRECT,
    state: 'state-123',
    ...overrides,
  };
  const query = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${m.authorizeUrl}?${query}`;
}

async function authorize(m: QuickBooksMockHandle): Promise<URL> {
  const res = await fetch(authorizeUrl(m), { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** A mock of its own for a test that changes limits or connections, stopped whatever happens. */
async function withMock(options: QuickBooksMockLaunchOptions, run: (m: QuickBooksMockHandle) => Promise<void>): Promise<void> {
  const m = await startQuickBooksMock(options);
  try {
    await run(m);
  } finally {
    await m.stop();
  }
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function tokenRequest(m: QuickBooksMockHandle, form: Record<string, string>, auth: 'basic' | 'body' | 'none' = 'basic') {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  const body = new URLSearchParams(form);
  if (auth === 'basic') headers.Authorization = basic(m.clientId, m.clientSecret);
  if (auth === 'body') {
    body.set('client_id', m.clientId);
    body.set('client_secret', m.clientSecret);
  }
  return fetch(m.tokenUrl, { method: 'POST', headers, body: body.toString() });
}

async function connect(m: QuickBooksMockHandle): Promise<Tokens> {
  const code = (await authorize(m)).searchParams.get('code')!;
  const res = await tokenRequest(m, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  expect(res.status).toBe(200);
  return (await res.json()) as Tokens;
}

function query(
  m: QuickBooksMockHandle,
  token: string,
  sql: string,
  options: { realm?: string; accept?: string | null; minorversion?: string | null } = {},
) {
  const minor = options.minorversion === undefined ? '75' : options.minorversion;
  const url = `${m.url}/v3/company/${options.realm ?? m.realmId}/query?query=${encodeURIComponent(sql)}${minor === null ? '' : `&minorversion=${minor}`}`;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (options.accept !== null) headers.Accept = options.accept ?? 'application/json';
  return fetch(url, { headers });
}

async function rows<T = Record<string, unknown>>(
  m: QuickBooksMockHandle,
  token: string,
  sql: string,
): Promise<{ QueryResponse: Record<string, unknown>; list: T[] }> {
  const res = await query(m, token, sql);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { QueryResponse: Record<string, unknown>; time: string };
  expect(body.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-0[78]:00$/);
  const list = Object.values(body.QueryResponse).find(Array.isArray) as T[] | undefined;
  return { QueryResponse: body.QueryResponse, list: list ?? [] };
}

describe('QuickBooks mock: OAuth', () => {
  it('auto-approves the authorize page with a code, the state and the realmId, and the code buys the real token set', async () => {
    const callback = await authorize(mock);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-123');
    expect(callback.searchParams.get('realmId')).toBe(mock.realmId);
    const code = callback.searchParams.get('code')!;
    expect(code.length).toBeGreaterThan(20);

    const res = await tokenRequest(mock, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type', 'x_refresh_token_expires_in']);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
    expect((await query(mock, tokens.access_token as string, 'SELECT COUNT(*) FROM Customer')).status).toBe(200);

    // A code is good once; presenting it again also ends what it bought.
    const again = await tokenRequest(mock, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
    expect((await query(mock, tokens.access_token as string, 'SELECT COUNT(*) FROM Customer')).status).toBe(401);
  });

  it('sends the browser to where script.google.com is served here, while the code stays bound to the registered URI', async () => {
    await withMock({ scriptHost: 'http://127.0.0.1:9' }, async (m) => {
      const callback = await authorize(m);
      expect(`${callback.origin}${callback.pathname}`).toBe('http://127.0.0.1:9/macros/d/SCRIPT_ID/usercallback');
      const code = callback.searchParams.get('code')!;
      const res = await tokenRequest(m, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect(res.status).toBe(200);
    });
  });

  it('refuses a code for another redirect URI, and one older than 10 minutes', async () => {
    const first = (await authorize(mock)).searchParams.get('code')!;
    const wrong = await tokenRequest(mock, { grant_type: 'authorization_code', code: first, redirect_uri: 'https://example.org/cb' });
    expect(await wrong.json()).toEqual({ error: 'invalid_grant' });
    const late = (await authorize(mock)).searchParams.get('code')!;
    await mock.advanceClock(601);
    const res = await tokenRequest(mock, { grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant' });
  });

  it('shows an error page, not a redirect, for an unknown client, a missing or foreign scope, or another response_type', async () => {
    const cases: Array<Record<string, string | null>> = [
      { client_id: 'someone-else' },
      { scope: null },
      { scope: 'com.intuit.quickbooks.accounting admin' },
      { response_type: 'token' },
    ];
    for (const overrides of cases) {
      const res = await fetch(authorizeUrl(mock, overrides), { redirect: 'manual' });
      expect(res.status, JSON.stringify(overrides)).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });

  it('redirects with error=access_denied when the authorize fault says deny', async () => {
    await mock.setFaults({ authorize: 'deny' });
    try {
      const callback = await authorize(mock);
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe('state-123');
      expect(callback.searchParams.get('code')).toBeNull();
    } finally {
      await mock.setFaults({});
    }
  });

  it('rotates the refresh token on every refresh: the used one is invalid_grant at once', async () => {
    const before = (await mock.stats()).tokenRefreshes;
    const first = await connect(mock);
    const res = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, 'body');
    expect(res.status).toBe(200);
    const second = (await res.json()) as Tokens;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);

    const reused = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: 'invalid_grant' });

    const third = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: second.refresh_token });
    expect(third.status).toBe(200);
    const unknown = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: 'RT1-00-H0-0000000000nothing' });
    expect(await unknown.json()).toEqual({ error: 'invalid_grant' });
    expect((await mock.stats()).tokenRefreshes).toBe(before + 2);
  });

  it('answers 401 invalid_client to wrong, missing or contradicting client credentials', async () => {
    const { refresh_token } = await connect(mock);
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token });
    const post = (headers: Record<string, string>, body = form) =>
      fetch(mock.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: body.toString(),
      });
    const wrongSecret = await post({ Authorization: basic(mock.clientId, 'not-the-secret') });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client' });
    expect((await post({})).status).toBe(401);
    const both = new URLSearchParams(form);
    both.set('client_id', mock.clientId);
    both.set('client_secret', 'other');
    expect((await post({ Authorization: basic(mock.clientId, mock.clientSecret) }, both)).status).toBe(401);
    // None of those used the refresh token up.
    expect((await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token })).status).toBe(200);
  });

  it('answers the gateway 401 once access tokens expire, and a refresh makes a working one', async () => {
    const tokens = await connect(mock);
    await mock.expireAccessTokens();
    const res = await query(mock, tokens.access_token, 'SELECT * FROM Customer');
    expect(res.status).toBe(401);
    const body = (await res.json()) as { fault: { error: Array<Record<string, unknown>>; type: string }; time: number };
    expect(body.fault.type).toBe('AUTHENTICATION');
    expect(body.fault.error[0]).toMatchObject({
      message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
      code: '3200',
      element: null,
    });
    expect(String(body.fault.error[0]!.detail)).toMatch(/^Token expired: /);
    expect(typeof body.time).toBe('number');

    const refreshed = (await (
      await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json()) as Tokens;
    expect((await query(mock, refreshed.access_token, 'SELECT COUNT(*) FROM Invoice')).status).toBe(200);
    // An hour later that one has expired too.
    await mock.advanceClock(3601);
    expect((await query(mock, refreshed.access_token, 'SELECT COUNT(*) FROM Invoice')).status).toBe(401);
    expect((await query(mock, '', 'SELECT COUNT(*) FROM Invoice')).status).toBe(401);
  });

  it('refuses a token on another company with the General Authentication Error, which comes as XML', async () => {
    const { access_token } = await connect(mock);
    const res = await query(mock, access_token, 'SELECT * FROM Customer', { realm: '123145856926847' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/xml');
    const text = await res.text();
    expect(text).toContain('<Fault type="AuthenticationFault">');
    expect(text).toContain('<Error code="100">');
  });

  it('answers the gateway 403 ApplicationAuthorizationFailed while the forbidden fault is on', async () => {
    const { access_token } = await connect(mock);
    await mock.setFaults({ forbidden: true });
    try {
      const res = await query(mock, access_token, 'SELECT COUNT(*) FROM Customer');
      expect(res.status).toBe(403);
      const body = (await res.json()) as { fault: { error: Array<Record<string, unknown>>; type: string } };
      expect(body.fault).toEqual({
        error: [
          {
            message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
            detail: null,
            code: '3100',
            element: null,
          },
        ],
        type: 'SERVICE',
      });
    } finally {
      await mock.setFaults({});
    }
  });

  it("ends a connection through Intuit's revoke endpoint", async () => {
    const tokens = await connect(mock);
    const res = await fetch(mock.revokeUrl, {
      method: 'POST',
      headers: { Authorization: basic(mock.clientId, mock.clientSecret), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token: tokens.refresh_token }),
    });
    expect(res.status).toBe(200);
    expect((await query(mock, tokens.access_token, 'SELECT COUNT(*) FROM Customer')).status).toBe(401);
    expect(await (await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json()).toEqual({
      error: 'invalid_grant',
    });
  });
});

describe('QuickBooks mock: queries', () => {
  let token: string;
  const expected = quickBooksCompany(SEED, 1234);
  beforeAll(async () => {
    token = (await connect(mock)).access_token;
  });

  it('pages all 1,234 customers, inactive included, in 1000-row pages, then answers an empty QueryResponse', async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    for (let start = 1; ; start += 1000) {
      const page = await rows<{ Id: string; Active: boolean }>(
        mock,
        token,
        `SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION ${start} MAXRESULTS 1000`,
      );
      if (page.list.length === 0) {
        expect(page.QueryResponse).toEqual({});
        break;
      }
      expect(page.QueryResponse).toMatchObject({ startPosition: start, maxResults: page.list.length });
      ids.push(...page.list.map((c) => c.Id));
      sizes.push(page.list.length);
    }
    expect(sizes).toEqual([1000, 234]);
    expect(ids).toEqual(expected.customers.map((c) => c.Id).sort((a, b) => Number(a) - Number(b)));
    expect(new Set(ids).size).toBe(1234);
  });

  it('answers 100 rows when MAXRESULTS is left out, and leaves inactive customers out unless Active is asked about', async () => {
    const active = expected.customers.filter((c) => c.Active);
    const inactive = expected.customers.filter((c) => !c.Active);
    expect(inactive.length).toBeGreaterThan(10);
    const firstPage = await rows<{ Active: boolean }>(mock, token, 'SELECT * FROM Customer');
    expect(firstPage.list).toHaveLength(100);
    expect(firstPage.list.every((c) => c.Active)).toBe(true);
    const count = await rows(mock, token, 'SELECT COUNT(*) FROM Customer');
    expect(count.QueryResponse).toEqual({ totalCount: active.length });
    const deleted = await rows<{ DisplayName: string; Active: boolean }>(
      mock,
      token,
      'select * from customer where active = false maxresults 1000',
    );
    expect(deleted.list).toHaveLength(inactive.length);
    expect(deleted.list.every((c) => !c.Active && c.DisplayName.endsWith(' (deleted)'))).toBe(true);
  });

  it('counts with COUNT(*) and filters by Id, CustomerRef and MetaData.LastUpdatedTime', async () => {
    const all = await rows(mock, token, 'SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)');
    expect(all.QueryResponse).toEqual({ totalCount: 1234 });
    expect((await rows(mock, token, 'SELECT COUNT(*) FROM Invoice')).QueryResponse).toEqual({ totalCount: expected.invoices.length });
    expect(expected.invoices.length).toBeGreaterThan(1234 * 2);

    const someone = expected.customers.find((c) => c.Active && expected.invoices.filter((i) => i.CustomerRef.value === c.Id).length >= 2)!;
    const theirs = expected.invoices.filter((i) => i.CustomerRef.value === someone.Id);
    const invoices = await rows<{ Id: string; Balance: number }>(
      mock,
      token,
      `SELECT * FROM Invoice WHERE CustomerRef = '${someone.Id}' MAXRESULTS 1000`,
    );
    expect(invoices.list.map((i) => i.Id)).toEqual(theirs.map((i) => i.Id));
    expect(someone.Balance).toBeCloseTo(
      theirs.reduce((s, i) => s + i.Balance, 0),
      2,
    );

    const two = await rows<{ Id: string }>(
      mock,
      token,
      `SELECT * FROM Customer WHERE Id IN ('${expected.customers[0]!.Id}', '${expected.customers[2]!.Id}') AND Active IN (true, false)`,
    );
    expect(two.list.map((c) => c.Id)).toEqual([expected.customers[0]!.Id, expected.customers[2]!.Id]);

    const payments = await rows<{ CustomerRef: { value: string } }>(
      mock,
      token,
      `SELECT * FROM Payment WHERE CustomerRef IN ('${someone.Id}') ORDERBY TxnDate DESC`,
    );
    expect(payments.list.every((p) => p.CustomerRef.value === someone.Id)).toBe(true);

    const since = await rows(
      mock,
      token,
      "SELECT COUNT(*) FROM Customer WHERE MetaData.LastUpdatedTime > '2026-01-01T00:00:00-08:00' AND Active IN (true, false)",
    );
    const expectedSince = expected.customers.filter(
      (c) => Date.parse(c.MetaData.LastUpdatedTime) > Date.parse('2026-01-01T00:00:00-08:00'),
    ).length;
    expect(since.QueryResponse).toEqual({ totalCount: expectedSince });
  });

  it('answers the ValidationFault to what it cannot parse, to MAXRESULTS 1001 and to a property it cannot filter on', async () => {
    const bad = await query(mock, token, 'SELECT * FROM Customer WHERE DisplayName = ');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      Fault: { Error: Array<{ Message: string; Detail: string; code: string }>; type: string };
      time: string;
    };
    expect(body.Fault.type).toBe('ValidationFault');
    expect(body.Fault.Error[0]).toMatchObject({ Message: 'Error parsing query', code: '4000' });
    expect(body.Fault.Error[0]!.Detail).toMatch(/^QueryParserError: Encountered/);

    const tooMany = await query(mock, token, 'SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 1001');
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as typeof body).Fault.type).toBe('ValidationFault');

    const phone = await query(mock, token, "SELECT * FROM Customer WHERE PrimaryPhone = '617-555-0100'");
    expect(phone.status).toBe(400);
    expect(((await phone.json()) as typeof body).Fault.Error[0]).toMatchObject({
      code: '4001',
      Detail: "QueryValidationError: property 'PrimaryPhone' is not queryable",
    });
    expect((await query(mock, token, "SELECT * FROM Customer WHERE Id = '1' OR Id = '2'")).status).toBe(400);
    expect((await query(mock, token, 'SELECT * FROM Customer STARTPOSITION 0')).status).toBe(400);
  });

  it('answers every query with the ValidationFault while refuseQueries is on', async () => {
    await mock.setFaults({ refuseQueries: true });
    try {
      const res = await query(mock, token, 'SELECT COUNT(*) FROM Customer');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { Fault: { type: string } }).Fault.type).toBe('ValidationFault');
    } finally {
      await mock.setFaults({});
    }
    expect((await query(mock, token, 'SELECT COUNT(*) FROM Customer')).status).toBe(200);
  });

  it('answers XML without Accept: application/json, and records a missing or retired minorversion', async () => {
    const before = (await mock.stats()).minorVersionIgnored;
    const xml = await query(mock, token, 'SELECT * FROM Customer MAXRESULTS 1', { accept: null });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(await xml.text()).toMatch(/<QueryResponse startPosition="1" maxResults="1"><Customer domain="QBO" sparse="false"><Id>/);
    expect((await query(mock, token, 'SELECT COUNT(*) FROM Customer', { minorversion: null })).status).toBe(200);
    expect((await query(mock, token, 'SELECT COUNT(*) FROM Customer', { minorversion: '65' })).status).toBe(200);
    expect((await mock.stats()).minorVersionIgnored).toBe(before + 2);
  });

  it('answers 500 or 503 with their real bodies when server errors are injected', async () => {
    await mock.setFaults({ serverErrors: 1, seed: 3 });
    const statuses = new Set<number>();
    try {
      for (let i = 0; i < 8; i++) {
        const res = await query(mock, token, 'SELECT COUNT(*) FROM Customer');
        statuses.add(res.status);
        const text = await res.text();
        if (res.status === 500)
          expect(JSON.parse(text).fault.error[0].message).toBe('message=InternalServerError; errorCode=003100; statusCode=500');
        else expect(text).toContain('503 Service Temporarily Unavailable');
      }
    } finally {
      await mock.setFaults({});
    }
    expect([...statuses].sort()).toEqual([500, 503]);
  });

  it('applies mutations: a changed phone, a new customer, a deactivation, an invoice and its payment', async () => {
    const [target, other] = expected.customers.filter(
      (c) => c.Active && !c.Job && !expected.customers.some((j) => j.ParentRef?.value === c.Id),
    );
    const cutoff = new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await mock.advanceClock(5);
    const [updated, added, deactivated, invoiceId] = await mock.mutate([
      { op: 'updateCustomer', Id: target!.Id, fields: { PrimaryPhone: { FreeFormNumber: '(617) 555-0142' }, Mobile: null } },
      {
        op: 'addCustomer',
        fields: { GivenName: 'Nora', FamilyName: 'Keane', DisplayName: 'Keane, Nora', PrimaryPhone: { FreeFormNumber: '617.555.0199' } },
      },
      { op: 'deactivateCustomer', Id: other!.Id },
      { op: 'addInvoice', CustomerRef: target!.Id, TotalAmt: 640, Description: 'Sump pump replacement' },
    ]);
    expect(updated).toBe(target!.Id);
    expect(deactivated).toBe(other!.Id);
    // A batch with one refused change changes nothing.
    await expect(
      mock.mutate([
        { op: 'updateCustomer', Id: target!.Id, fields: { Notes: 'half-applied?' } },
        { op: 'addPayment', CustomerRef: target!.Id, TotalAmt: 10_000_000 },
      ]),
    ).rejects.toThrow(/more than those invoices owe/);
    expect((await mock.customers()).find((c) => c.Id === target!.Id)).not.toMatchObject({ Notes: 'half-applied?' });
    const pay = await mock.mutate({ op: 'addPayment', CustomerRef: target!.Id, TotalAmt: 200, invoices: [invoiceId!] });

    const changed = await rows<{
      Id: string;
      SyncToken: string;
      PrimaryPhone?: { FreeFormNumber: string };
      Mobile?: unknown;
      DisplayName: string;
      Active: boolean;
    }>(mock, token, `SELECT * FROM Customer WHERE MetaData.LastUpdatedTime > '${cutoff}' AND Active IN (true, false)`);
    expect(changed.list.map((c) => c.Id).sort()).toEqual([target!.Id, other!.Id, added!].sort());
    const now = changed.list.find((c) => c.Id === target!.Id)!;
    expect(now.PrimaryPhone).toEqual({ FreeFormNumber: '(617) 555-0142' });
    expect(now).not.toHaveProperty('Mobile');
    expect(Number(now.SyncToken)).toBe(Number(target!.SyncToken) + 1);
    expect(changed.list.find((c) => c.Id === other!.Id)).toMatchObject({ Active: false, DisplayName: `${other!.DisplayName} (deleted)` });

    const invoice = await rows<{ Balance: number; LinkedTxn: unknown[] }>(mock, token, `SELECT * FROM Invoice WHERE Id = '${invoiceId}'`);
    expect(invoice.list[0]).toMatchObject({ Balance: 440, LinkedTxn: [{ TxnId: pay[0], TxnType: 'Payment' }] });
    const stored = (await mock.customers()).find((c) => c.Id === target!.Id)!;
    expect(stored.Balance).toBeCloseTo(target!.Balance + 440, 2);
    // A balance moved by a transaction leaves the customer's own SyncToken alone.
    expect(stored.SyncToken).toBe(now.SyncToken);
  });
});

describe('QuickBooks mock: limits and connections', () => {
  it('throttles past the per-minute limit with the XML ThrottleExceeded body, counting refused requests too', async () => {
    await withMock({ customers: 5, rateLimitPerMinute: 10, rateLimitPerSecond: 1000 }, async (m) => {
      const { access_token } = await connect(m);
      const send = () => query(m, access_token, 'SELECT COUNT(*) FROM Customer');
      for (let i = 0; i < 6; i++) expect((await send()).status).toBe(200);
      await m.advanceClock(30);
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await send()).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toContain('application/xml');
      const text = await limited.text();
      expect(text).toContain('<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>');
      expect(text).toContain('<Error code="3001">');
      // The first six leave the window; the four allowed and three refused ones are still in it.
      await m.advanceClock(31);
      const after = [];
      for (let i = 0; i < 4; i++) after.push((await send()).status);
      expect(after).toEqual([200, 200, 200, 429]);
      const stats = await m.stats();
      expect(stats.rateLimited).toBe(4);
      // The token endpoint is not the company's API: it is never throttled.
      expect((await tokenRequest(m, { grant_type: 'refresh_token', refresh_token: 'RT1-00-H0-unknown' })).status).toBe(400);
    });
  });

  it('allows exactly the real 500 requests in a minute', async () => {
    await withMock({ customers: 0, rateLimitPerSecond: 100_000 }, async (m) => {
      const { access_token } = await connect(m);
      const statuses: number[] = [];
      for (let batch = 0; batch < 25; batch++) {
        const answers = await Promise.all(Array.from({ length: 20 }, () => query(m, access_token, 'SELECT COUNT(*) FROM Customer')));
        statuses.push(...answers.map((a) => a.status));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(500);
      expect((await query(m, access_token, 'SELECT COUNT(*) FROM Customer')).status).toBe(429);
      const stats = await m.stats();
      expect(stats).toMatchObject({ rateLimited: 1, peakPerMinute: 501, queries: 500 });
    });
  });

  it('allows 10 requests in any second', async () => {
    await withMock({ customers: 3 }, async (m) => {
      const { access_token } = await connect(m);
      const answers = await Promise.all(Array.from({ length: 15 }, () => query(m, access_token, 'SELECT COUNT(*) FROM Customer')));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
      await m.advanceClock(1.1);
      expect((await query(m, access_token, 'SELECT COUNT(*) FROM Customer')).status).toBe(200);
    });
  });

  it('serves a company with no customers as an empty QueryResponse', async () => {
    await withMock({ customers: 0 }, async (m) => {
      const { access_token } = await connect(m);
      const page = await rows(m, access_token, 'SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION 1 MAXRESULTS 1000');
      expect(page.QueryResponse).toEqual({});
      expect((await rows(m, access_token, 'SELECT COUNT(*) FROM Customer')).QueryResponse).toEqual({ totalCount: 0 });
      expect((await rows(m, access_token, 'SELECT * FROM Invoice')).QueryResponse).toEqual({});
    });
  });

  it('revokes every token of the company; a minted refresh token connects again', async () => {
    await withMock({ customers: 20 }, async (m) => {
      const a = await connect(m);
      const b = await connect(m);
      await m.revoke();
      expect((await query(m, a.access_token, 'SELECT COUNT(*) FROM Customer')).status).toBe(401);
      expect((await query(m, b.access_token, 'SELECT COUNT(*) FROM Customer')).status).toBe(401);
      expect(await (await tokenRequest(m, { grant_type: 'refresh_token', refresh_token: b.refresh_token })).json()).toEqual({
        error: 'invalid_grant',
      });

      const minted = await m.mintRefreshToken();
      const res = await tokenRequest(m, { grant_type: 'refresh_token', refresh_token: minted }, 'body');
      expect(res.status).toBe(200);
      const fresh = (await res.json()) as Tokens;
      const count = await rows(m, fresh.access_token, 'SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)');
      expect(count.QueryResponse).toEqual({ totalCount: 20 });
    });
  });
});

describe('QuickBooks fixtures', () => {
  it('are deterministic per seed and look like a real small-business company', () => {
    const company = quickBooksCompany(SEED, 1234);
    expect(JSON.stringify(quickBooksCompany(SEED, 1234))).toBe(JSON.stringify(company));
    expect(JSON.stringify(quickBooksCompany(SEED + 1, 1234))).not.toBe(JSON.stringify(company));
    const { customers, invoices, payments } = company;
    expect(customers).toHaveLength(1234);
    const jobs = customers.filter((c) => c.Job);
    expect(jobs.length / customers.length).toBeGreaterThan(0.05);
    expect(jobs.length / customers.length).toBeLessThan(0.11);
    for (const job of jobs) {
      const parent = customers.find((c) => c.Id === job.ParentRef!.value)!;
      expect(job).toMatchObject({ Level: 1, FullyQualifiedName: `${parent.FullyQualifiedName}:${job.DisplayName}` });
    }
    expect(customers.some((c) => c.PrimaryPhone?.FreeFormNumber === '555-5555-6666')).toBe(true);
    expect(customers.some((c) => /^\(\d{3}\) \d{3}-\d{4}$/.test(c.PrimaryPhone?.FreeFormNumber ?? ''))).toBe(true);
    expect(customers.some((c) => / x\d+$/.test(c.PrimaryPhone?.FreeFormNumber ?? ''))).toBe(true);
    expect(customers.some((c) => !c.PrimaryPhone && !c.Mobile && !c.AlternatePhone && !c.Job)).toBe(true);
    expect(customers.some((c) => c.PrimaryEmailAddr?.Address.includes(', '))).toBe(true);
    expect(customers.some((c) => /, /.test(c.DisplayName) && c.GivenName && !c.CompanyName)).toBe(true);
    expect(customers.some((c) => /\b(LLC|Inc)\b/.test(c.CompanyName ?? ''))).toBe(true);
    expect(new Set(customers.map((c) => c.DisplayName.toLowerCase())).size).toBe(1234);
    // Balances agree with the invoices, and every payment points at invoices of its own customer.
    for (const c of customers) {
      const owed = invoices.filter((i) => i.CustomerRef.value === c.Id).reduce((s, i) => s + i.Balance, 0);
      expect(c.Balance).toBeCloseTo(owed, 2);
    }
    for (const p of payments) {
      for (const line of p.Line) {
        const invoice = invoices.find((i) => i.Id === line.LinkedTxn[0]!.TxnId)!;
        expect(invoice.CustomerRef.value).toBe(p.CustomerRef.value);
        expect(invoice.LinkedTxn).toContainEqual({ TxnId: p.Id, TxnType: 'Payment' });
      }
    }
    expect(quickBooksCompany(SEED, 0)).toEqual({ customers: [], invoices: [], payments: [] });
  });
});
