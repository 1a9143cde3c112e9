import { describe, expect, it } from 'vitest';
import { OpenPhoneClient } from '../../src/core/openphone/client';
import type { Http, HttpRequest, HttpResponse } from '../../src/core/ports';
import { fakeClock as clockAt } from '../fakes/clock';

/** Time starts at 0, so the pacing figures read as offsets. */
const fakeClock = () => clockAt(0);

function fakeHttp(answer: (req: HttpRequest, i: number) => HttpResponse): Http & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    fetch: (req) => {
      requests.push(req);
      return answer(req, requests.length - 1);
    },
    fetchAll: (reqs) =>
      reqs.map((r) => {
        requests.push(r);
        return answer(r, requests.length - 1);
      }),
  };
}

const page = (ids: string[], next: string | null, totalItems = 999): HttpResponse => ({
  status: 200,
  headers: {},
  body: JSON.stringify({ data: ids.map((id) => ({ id, participants: ['+16175550123'] })), nextPageToken: next, totalItems }),
});

describe('OpenPhoneClient', () => {
  it('follows nextPageToken until null and ignores totalItems', () => {
    const http = fakeHttp((req) => (req.url.includes('pageToken=p2') ? page(['CN3'], null, 1) : page(['CN1', 'CN2'], 'p2', 1)));
    const client = new OpenPhoneClient(http, fakeClock(), { apiKey: 'k', baseUrl: 'http://api.test/' });
    expect(client.listConversations().map((c) => c.id)).toEqual(['CN1', 'CN2', 'CN3']);
    expect(http.requests[0]!.url).toBe('http://api.test/v1/conversations?maxResults=100');
    expect(http.requests[1]!.url).toBe('http://api.test/v1/conversations?maxResults=100&pageToken=p2');
  });

  it('sends the raw key, never Bearer', () => {
    const http = fakeHttp(() => page([], null));
    new OpenPhoneClient(http, fakeClock(), { apiKey: 'secret' }).listConversations();
    expect(http.requests[0]!.headers!.Authorization).toBe('secret');
  });

  it('paces itself below 10 requests per second', () => {
    const clock = fakeClock();
    let n = 0;
    const http = fakeHttp(() => page([`CN${n}`], ++n < 20 ? `t${n}` : null));
    const stamps: number[] = [];
    const client = new OpenPhoneClient(
      {
        ...http,
        fetch: (r) => {
          stamps.push(clock.now());
          return http.fetch(r);
        },
      },
      clock,
      { apiKey: 'k' },
    );
    client.listConversations();
    for (let i = 10; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 10]!).toBeGreaterThanOrEqual(1000);
  });

  it('waits as long as Retry-After says on 429, then retries the same request', () => {
    const clock = fakeClock();
    const http = fakeHttp((_r, i) =>
      i === 0 ? { status: 429, headers: { 'Retry-After': '2' }, body: '{"message":"API rate limit exceeded"}' } : page(['CN1'], null),
    );
    const client = new OpenPhoneClient(http, clock, { apiKey: 'k' });
    expect(client.listConversations()).toHaveLength(1);
    expect(clock.slept).toContain(2000);
    expect(http.requests[1]!.url).toBe(http.requests[0]!.url);
  });

  it('gives up after maxAttempts on repeated 5xx with a message naming the path', () => {
    const http = fakeHttp(() => ({ status: 500, headers: {}, body: '{"message":"An unknown error occurred"}' }));
    const client = new OpenPhoneClient(http, fakeClock(), { apiKey: 'k', maxAttempts: 3 });
    expect(() => client.listConversations()).toThrow('OpenPhone GET /v1/conversations failed with 500: An unknown error occurred.');
    expect(http.requests).toHaveLength(3);
  });

  it('reports a rejected key without ever showing it, in either error shape', () => {
    for (const body of ['{"message":"Unauthorized"}', '{"error":{"message":"Unauthorized","key":"Unauthorized"}}']) {
      const http = fakeHttp(() => ({ status: 401, headers: {}, body }));
      const client = new OpenPhoneClient(http, fakeClock(), { apiKey: 'sk-very-secret' });
      let message = '';
      try {
        client.listConversations();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain('OpenPhone rejected the API key (401: Unauthorized)');
      expect(message).not.toContain('sk-very-secret');
    }
  });

  it('refuses to start without a key', () => {
    expect(
      () =>
        new OpenPhoneClient(
          fakeHttp(() => page([], null)),
          fakeClock(),
          { apiKey: '' },
        ),
    ).toThrow(/No OpenPhone API key/);
  });
});
