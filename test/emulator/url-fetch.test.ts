// Real, synchronous HTTP through the emulated UrlFetchApp against a server in a child process.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/local/emulator/index';
import { probeEmulator, run, startChildServer, type ChildServer } from './helpers';

let server: ChildServer;
let em: Emulator;
beforeAll(async () => {
  server = await startChildServer();
});
afterAll(() => server?.close());
afterEach(() => em?.dispose());

type Echo = { method: string; path: string; query: string; headers: Record<string, string>; body: string; at: number };

describe('UrlFetchApp', () => {
  test('fetch: method, headers, JSON payload, response code/text/headers — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)', () => {
    em = probeEmulator();
    const [code, text, headers] = run<[number, string, Record<string, string>]>(
      em,
      `var r = UrlFetchApp.fetch('${server.base}/items?a=1', { method: 'post', contentType: 'application/json', payload: JSON.stringify({ x: 1 }), headers: { Authorization: 'key' } });
       [r.getResponseCode(), r.getContentText(), r.getHeaders()]`,
    );
    const echo = JSON.parse(text) as Echo;
    expect(code).toBe(200);
    expect(echo).toMatchObject({ method: 'POST', path: '/items', query: '?a=1', body: '{"x":1}' });
    expect(echo.headers).toMatchObject({ authorization: 'key', 'content-type': 'application/json' });
    expect(headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(em.stats.urlFetch).toBe(1);
  });

  test('an object payload is sent form-encoded — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)', () => {
    em = probeEmulator();
    const text = run<string>(
      em,
      `UrlFetchApp.fetch('${server.base}/form', { method: 'post', payload: { name: 'A B', n: 2 } }).getContentText()`,
    );
    const echo = JSON.parse(text) as Echo;
    expect(echo.body).toBe('name=A%20B&n=2');
    expect(echo.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  test('a status ≥ 400 throws unless muteHttpExceptions — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)', () => {
    em = probeEmulator();
    expect(() => run(em, `UrlFetchApp.fetch('${server.base}/missing?status=404')`)).toThrow(
      new RegExp(
        `^Request failed for ${server.base.replace(/[.]/g, '\\.')} returned code 404\\. Truncated server response: \\{.*\\(use muteHttpExceptions option to examine full response\\)$`,
      ),
    );
    expect(run(em, `UrlFetchApp.fetch('${server.base}/missing?status=429', { muteHttpExceptions: true }).getResponseCode()`)).toBe(429);
  });

  test('redirects are followed unless followRedirects is false — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)', () => {
    em = probeEmulator();
    expect(JSON.parse(run<string>(em, `UrlFetchApp.fetch('${server.base}/redirect').getContentText()`))).toMatchObject({
      path: '/echo',
      query: '?from=redirect',
    });
    expect(run(em, `UrlFetchApp.fetch('${server.base}/redirect', { followRedirects: false }).getResponseCode()`)).toBe(302);
  });

  test('getAllHeaders gives repeated headers as arrays; getBlob — https://developers.google.com/apps-script/reference/url-fetch/http-response#getAllHeaders()', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var r = UrlFetchApp.fetch('${server.base}/cookies'); [r.getAllHeaders()['Set-Cookie'], r.getHeaders()['X-Custom-Header'], r.getBlob().getDataAsString()]`,
    );
    expect(v).toEqual([['a=1', 'b=2'], 'Yes', 'ok']);
  });

  test('fetchAll sends concurrently and answers in request order — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetchAll(Object)', () => {
    em = probeEmulator();
    const started = Date.now();
    const texts = run<string[]>(
      em,
      `UrlFetchApp.fetchAll([{ url: '${server.base}/a?delay=300' }, { url: '${server.base}/b?delay=10', method: 'delete' }, '${server.base}/c?delay=300'])
        .map(function (r) { return r.getContentText(); })`,
    );
    const echoes = texts.map((t) => JSON.parse(t) as Echo);
    expect(echoes.map((e) => [e.path, e.method])).toEqual([
      ['/a', 'GET'],
      ['/b', 'DELETE'],
      ['/c', 'GET'],
    ]);
    expect(Date.now() - started).toBeLessThan(550);
    expect(em.stats.urlFetch).toBe(3);
  });

  test('every request counts against the daily quota — https://developers.google.com/apps-script/guides/services/quotas', () => {
    em = probeEmulator({ urlFetchQuotaPerDay: 3 });
    run(em, `UrlFetchApp.fetchAll(['${server.base}/1', '${server.base}/2']).length`);
    expect(() => run(em, `UrlFetchApp.fetchAll(['${server.base}/3', '${server.base}/4'])`)).toThrow(
      'Service invoked too many times for one day: urlfetch.',
    );
    run(em, `UrlFetchApp.fetch('${server.base}/3').getResponseCode()`);
    expect(() => run(em, `UrlFetchApp.fetch('${server.base}/4')`)).toThrow('Service invoked too many times for one day: urlfetch.');
  });

  test('a dead server gives an error, not a hang; a slow one hits the request timeout — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String)', () => {
    em = probeEmulator({ requestTimeoutMs: 200 });
    expect(() => run(em, `UrlFetchApp.fetch('http://127.0.0.1:9/')`)).toThrow('Address unavailable: http://127.0.0.1:9/');
    expect(() => run(em, `UrlFetchApp.fetch('${server.base}/slow?delay=2000')`)).toThrow(`Timeout: ${server.base}/slow?delay=2000`);
  });

  test('a request still waiting at the time limit ends the execution — https://developers.google.com/apps-script/guides/services/quotas', () => {
    em = probeEmulator({ timeLimitMs: 300 });
    const started = Date.now();
    expect(() => run(em, `UrlFetchApp.fetch('${server.base}/slow?delay=2000')`)).toThrow('Exceeded maximum execution time');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
