import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors';
import type { Clock, Http, HttpRequest, HttpResponse } from '../../src/core/ports';
import { QuickBooksApi, RateLimited, REQUEST_GAP_MS } from '../../src/core/quickbooks/client';
import { ReconnectNeeded } from '../../src/core/quickbooks/oauth';
import { fakeClock } from '../fakes/quickbooks';

function fakeHttp(answers: Array<HttpResponse | Error>): Http & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    fetch(req) {
      requests.push(req);
      const a = answers.shift();
      if (!a) throw new Error('no more answers');
      if (a instanceof Error) throw a;
      return a;
    },
    fetchAll: () => {
      throw new Error('not used');
    },
  };
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });
const fault = (status: number, message: string, detail: string, code = '4000'): HttpResponse => ({
  status,
  headers: {},
  body: JSON.stringify({ Fault: { Error: [{ Message: message, Detail: detail, code }], type: 'ValidationFault' } }),
});

function api(http: Http, clock: Clock, tokens: string[] = ['t1', 't2']) {
  const renewals: boolean[] = [];
  const client = new QuickBooksApi({
    http,
    clock,
    apiBase: 'https://qb.test/',
    realmId: '46 20',
    accessToken: (renew) => {
      renewals.push(renew);
      return renew ? tokens[1]! : tokens[0]!;
    },
  });
  return { client, renewals };
}

describe('QuickBooks query client', () => {
  it('sends the query URL-encoded with minorversion 75, the Bearer token and Accept JSON', () => {
    const http = fakeHttp([ok({ QueryResponse: { Customer: [{ Id: '1' }] } })]);
    const { client } = api(http, fakeClock());
    expect(client.query('SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 1000')).toEqual({ Customer: [{ Id: '1' }] });
    const req = http.requests[0]!;
    const url = new URL(req.url);
    expect(url.origin + url.pathname).toBe('https://qb.test/v3/company/46%2020/query');
    expect(url.searchParams.get('query')).toBe('SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 1000');
    expect(url.searchParams.get('minorversion')).toBe('75');
    expect(req.headers).toEqual({ Authorization: 'Bearer t1', Accept: 'application/json' });
  });

  it('keeps at least 125 ms between requests, also after an earlier execution', () => {
    const clock = fakeClock();
    const http = fakeHttp([ok({}), ok({}), ok({})]);
    const client = new QuickBooksApi(
      { http, clock, apiBase: 'https://qb.test', realmId: '1', accessToken: () => 't' },
      clock.now() - 25, // the last request of the execution before left 25 ms ago
    );
    client.query('a');
    client.query('b');
    client.query('c');
    expect(clock.slept).toEqual([REQUEST_GAP_MS - 25, REQUEST_GAP_MS, REQUEST_GAP_MS]);
    // 125 ms apart: 480 a minute and 8 a second, under 500 and 10.
    expect(Math.floor(60_000 / REQUEST_GAP_MS)).toBeLessThan(500);
  });

  it('renews the access token once after a 401 and retries with the new one', () => {
    const http = fakeHttp([{ status: 401, headers: {}, body: '' }, ok({ QueryResponse: { totalCount: 3 } })]);
    const { client, renewals } = api(http, fakeClock());
    expect(client.query('SELECT COUNT(*) FROM Customer')).toEqual({ totalCount: 3 });
    expect(renewals).toEqual([false, true]);
    expect(http.requests.map((r) => r.headers!.Authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('asks to reconnect when the renewed token is refused too', () => {
    const http = fakeHttp([
      { status: 401, headers: {}, body: '' },
      { status: 401, headers: {}, body: '' },
    ]);
    const { client } = api(http, fakeClock());
    expect(() => client.query('q')).toThrow(ReconnectNeeded);
    expect(http.requests).toHaveLength(2);
  });

  it("hands a 429 back with the wait (Retry-After, or Intuit's 60 s), sending nothing more", () => {
    const clock = fakeClock();
    const http = fakeHttp([{ status: 429, headers: {}, body: '' }]);
    const { client } = api(http, clock);
    let error: unknown;
    try {
      client.query('q');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterSeconds).toBe(60);
    expect(http.requests).toHaveLength(1);
    const later = fakeHttp([{ status: 429, headers: { 'retry-after': '7' }, body: '' }]);
    expect(() => api(later, clock).client.query('q')).toThrow(expect.objectContaining({ retryAfterSeconds: 7 }));
  });

  it('retries server errors and lost answers a bounded number of times', () => {
    const clock = fakeClock();
    const http = fakeHttp([{ status: 503, headers: {}, body: 'busy' }, new Error('Address unavailable'), ok({ QueryResponse: {} })]);
    expect(api(http, clock).client.query('q')).toEqual({});
    expect(http.requests).toHaveLength(3);
    const down = fakeHttp([500, 502, 503, 504].map((status) => ({ status, headers: {}, body: '' })));
    expect(() => api(down, clock).client.query('q')).toThrow(/did not answer \(HTTP 503, 3 tries\)/);
    expect(down.requests).toHaveLength(3);
  });

  it("says QuickBooks' own reason for a refused query, from a 400 or a Fault in a 200", () => {
    const http = fakeHttp([fault(400, 'Error parsing query', 'QueryParserError: Encountered " <ID> "SELEC ""')]);
    expect(() => api(http, fakeClock()).client.query('SELEC')).toThrow(
      'QuickBooks refused the query: Error parsing query: QueryParserError: Encountered " <ID> "SELEC "" (code 4000).',
    );
    const inside = fakeHttp([{ status: 200, headers: {}, body: fault(400, 'Invalid query', 'x').body }]);
    expect(() => api(inside, fakeClock()).client.query('q')).toThrow(/Invalid query/);
    const forbidden = fakeHttp([fault(403, 'ApplicationAuthorizationFailed', 'no access', '003100')]);
    expect(() => api(forbidden, fakeClock()).client.query('q')).toThrow(/refused access to the company/);
  });

  it('lets the execution limit through, and names no token in any message', () => {
    const cut = fakeHttp([new Error('Exceeded maximum execution time')]);
    expect(() => api(cut, fakeClock(), ['secret-access', 'secret-renewed']).client.query('q')).toThrow('Exceeded maximum execution time');
    const messages: string[] = [];
    for (const a of [fault(400, 'Bad', 'worse'), { status: 418, headers: {}, body: 'teapot' }]) {
      try {
        api(fakeHttp([a]), fakeClock(), ['secret-access', 'secret-renewed']).client.query('q');
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        messages.push((e as Error).message);
      }
    }
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).not.toMatch(/secret/);
  });
});
