// Where the emulated services are exactly as strict as Apps Script (issue 8): the script's time
// zone, Java's formatting, UrlFetch's limits and charsets, the cache's cap, Session without an
// address and simple triggers. Each test names the reference it follows, and says so where the
// real behaviour is not documented.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/local/emulator/index';
import { probeEmulator, run, startChildServer, type ChildServer } from './helpers';

let em: Emulator;
afterEach(() => em?.dispose());

const manifest = (timeZone: string) => ({ 'appsscript.json': JSON.stringify({ timeZone }) });

describe('the script time zone — https://developers.google.com/apps-script/concepts/manifests', () => {
  test("new Date(y, m, d), the local getters, toString and text without an offset use the manifest's timeZone, not the host's", () => {
    const hostOffset = new Date(2024, 0, 2).getTimezoneOffset();
    em = probeEmulator({}, manifest('Asia/Kolkata'));
    const v = run(
      em,
      `var d = new Date(2024, 0, 2); var t = new Date('2024-01-02T10:30:00Z');
      [d.toISOString(), t.getHours(), t.getMinutes(), t.getDate(), t.getDay(), t.getTimezoneOffset(), t.toString(), t.toDateString(),
       new Date('2024-01-02T10:30').toISOString(), new Date('Jan 2, 2024 10:30').toISOString(), new Date('1/2/2024').toISOString(),
       new Date('2024-01-02').toISOString(), Date.parse('2024-01-02T10:30:00+01:00'), new Date(2024, 0, 2, 25).getDate(),
       d instanceof Date, Object.prototype.toString.call(d), typeof Date(), Session.getScriptTimeZone(),
       new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23' }).format(t), t.toLocaleTimeString('en-US').replace(/\\s/g, ' ')]`,
    );
    expect(v).toEqual([
      '2024-01-01T18:30:00.000Z',
      16,
      0,
      2,
      2,
      -330,
      'Tue Jan 02 2024 16:00:00 GMT+0530 (India Standard Time)',
      'Tue Jan 02 2024',
      '2024-01-02T05:00:00.000Z',
      '2024-01-02T05:00:00.000Z',
      '2024-01-01T18:30:00.000Z',
      // A bare ISO date is UTC by the language's own rule, in Apps Script too.
      '2024-01-02T00:00:00.000Z',
      Date.UTC(2024, 0, 2, 9, 30),
      3,
      true,
      '[object Date]',
      'string',
      'Asia/Kolkata',
      '16',
      '4:00:00 PM',
    ]);
    // The host process keeps its own zone: the emulator changed nothing outside the script.
    expect(new Date(2024, 0, 2).getTimezoneOffset()).toBe(hostOffset);
  });

  test('local setters and daylight saving: a time in the spring gap moves forward, a repeated one is the first — https://tc39.es/ecma262/#sec-localtime', () => {
    em = probeEmulator({}, manifest('America/New_York'));
    const v = run(
      em,
      `var d = new Date(2024, 0, 2); d.setHours(23, 15); var e = new Date(2024, 0, 31); e.setMonth(1);
      [d.toISOString(), e.toISOString(), new Date(2024, 2, 10, 2, 30).toISOString(), new Date(2024, 10, 3, 1, 30).toISOString(),
       new Date(2024, 6, 1).getTimezoneOffset(), new Date(2024, 0, 1).getTimezoneOffset(), new Date(2024, 6, 1, 12).toString()]`,
    );
    expect(v).toEqual([
      '2024-01-03T04:15:00.000Z',
      // January 31 moved to February overflows to March 2, as in any JavaScript.
      '2024-03-02T05:00:00.000Z',
      '2024-03-10T07:30:00.000Z',
      '2024-11-03T05:30:00.000Z',
      240,
      300,
      'Mon Jul 01 2024 12:00:00 GMT-0400 (Eastern Daylight Time)',
    ]);
  });

  test('two projects with different zones in one process each keep their own', () => {
    em = probeEmulator({}, manifest('Asia/Tokyo'));
    const other = probeEmulator({}, manifest('America/Los_Angeles'));
    try {
      expect(run(em, `new Date(2024, 0, 2).toISOString()`)).toBe('2024-01-01T15:00:00.000Z');
      expect(run(other, `new Date(2024, 0, 2).toISOString()`)).toBe('2024-01-02T08:00:00.000Z');
    } finally {
      other.dispose();
    }
  });
});

describe('Utilities.formatDate is Java SimpleDateFormat — https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)', () => {
  // The reference sends the pattern to https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html
  const fmt = (iso: string, zone: string, pattern: string) =>
    run(em, `Utilities.formatDate(new Date('${iso}'), '${zone}', ${JSON.stringify(pattern)})`);

  test("an unquoted letter that is no pattern letter throws; quoted text and '' are literal", () => {
    em = probeEmulator();
    expect(() => fmt('2024-01-02T10:30:00Z', 'UTC', 'yyyy-MM-ddTHH:mm')).toThrow("Illegal pattern character 'T'");
    expect(() => fmt('2024-01-02T10:30:00Z', 'UTC', 'yyyy-MM-dd q')).toThrow("Illegal pattern character 'q'");
    expect(() => fmt('2024-01-02T10:30:00Z', 'UTC', "yyyy 'open")).toThrow('Unterminated quote');
    expect(fmt('2024-01-02T10:30:00Z', 'UTC', "yyyy-MM-dd'T'HH:mm:ss'Z' 'o''clock' ''")).toBe("2024-01-02T10:30:00Z o'clock '");
  });

  test('YYYY is the week year, w the week of the year, u the day number of the week (US weeks: Sunday first, week 1 holds January 1)', () => {
    em = probeEmulator();
    expect(fmt('2024-12-29T12:00:00Z', 'UTC', 'yyyy YYYY w u E')).toBe('2024 2025 1 7 Sun');
    expect(fmt('2024-12-28T12:00:00Z', 'UTC', 'yyyy YYYY w u')).toBe('2024 2024 52 6');
    expect(fmt('2021-01-01T12:00:00Z', 'UTC', 'YYYY ww D F W')).toBe('2021 01 1 1 1');
  });

  test('z names the zone, Z and X give the offset; hours h, H, k, K; era and milliseconds', () => {
    em = probeEmulator();
    expect(fmt('2024-01-02T15:04:05.007Z', 'America/New_York', 'z zzzz Z X XX XXX')).toBe(
      'EST Eastern Standard Time -0500 -05 -0500 -05:00',
    );
    expect(fmt('2024-07-02T15:04:05.007Z', 'America/New_York', 'z Z')).toBe('EDT -0400');
    expect(fmt('2024-01-02T15:04:05.007Z', 'UTC', 'z X')).toBe('UTC Z');
    expect(fmt('2024-01-02T15:04:05.007Z', 'GMT+2', 'z HH')).toBe('GMT+02:00 17');
    expect(fmt('2024-01-02T00:04:05.007Z', 'UTC', 'h H k K a G S SSS')).toBe('12 0 24 0 AM AD 7 007');
    expect(fmt('2024-01-02T15:04:05.007Z', 'UTC', 'EEEE MMMM MMM M d yy')).toBe('Tuesday January Jan 1 2 24');
  });
});

describe('Utilities.formatString and Logger.log(format, …) are Java String.format — https://developers.google.com/apps-script/reference/utilities/utilities#formatString(String,Object...)', () => {
  // The reference: "Performs sprintf-like string formatting"; the rules are java.util.Formatter's,
  // https://docs.oracle.com/javase/8/docs/api/java/util/Formatter.html
  const f = (args: string) => run(em, `Utilities.formatString(${args})`);

  test('precision, width, zero padding, grouping, left alignment, radix and exponent', () => {
    em = probeEmulator();
    expect(f(`'%.2f', 3.14159`)).toBe('3.14');
    expect(f(`'%05d', 42`)).toBe('00042');
    expect(f(`'%,d', 1234567`)).toBe('1,234,567');
    expect(f(`'%-6s|', 'abc'`)).toBe('abc   |');
    expect(f(`'%6s|', 'abc'`)).toBe('   abc|');
    expect(f(`'%11.6f', 123.456`)).toBe(' 123.456000');
    expect(f(`'%x %X %o', 255, 255, 8`)).toBe('ff FF 10');
    expect(f(`'%e', 12345.678`)).toBe('1.234568e+04');
    expect(f(`'%+d %(d', 5, -5`)).toBe('+5 (5)');
    expect(f(`'%2$s %1$s', 'a', 'b'`)).toBe('b a');
    expect(f(`'100%% %s%n', 'done'`)).toBe('100% done\n');
    expect(f(`'%b %S', null, 'up'`)).toBe('false UP');
  });

  test("a missing argument, a wrong type or an unknown conversion throws with Java's message", () => {
    em = probeEmulator();
    expect(() => f(`'%s and %s', 'one'`)).toThrow("Format specifier '%s'");
    expect(() => f(`'%d', 'x'`)).toThrow('d != java.lang.String');
    expect(() => f(`'%d', 1.5`)).toThrow('d != java.lang.Double');
    expect(() => f(`'%q', 1`)).toThrow("Conversion = 'q'");
    expect(() => f(`'50%', 1`)).toThrow("Conversion = '%'");
  });

  test('Logger.log(format, values) formats the same way; one argument is logged as it is — https://developers.google.com/apps-script/reference/base/logger#log(String,Object...)', () => {
    em = probeEmulator();
    run(em, `Logger.log('Cell D%s is %s', 5, 'yes'); Logger.log('%.1f%%', 12.345); Logger.log('100% literal'); null`);
    expect(em.logs).toEqual(['Cell D5 is yes', '12.3%', '100% literal']);
    expect(() => run(em, `Logger.log('%d rows', 'many')`)).toThrow('d != java.lang.String');
  });
});

describe('UrlFetchApp limits — https://developers.google.com/apps-script/guides/services/quotas', () => {
  let server: ChildServer;
  beforeAll(async () => {
    server = await startChildServer();
  });
  afterAll(() => server?.close());
  const hits = () => Number(run(em, `UrlFetchApp.fetch('${server.base}/hits').getContentText()`));

  test("only get, delete, patch, post and put are methods (the error's wording is not documented) — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)", () => {
    em = probeEmulator();
    for (const method of ['head', 'options', 'trace', 'connect']) {
      expect(() => run(em, `UrlFetchApp.fetch('${server.base}/echo', { method: '${method}' })`)).toThrow(
        'Attribute provided with invalid value: method',
      );
    }
    const methods = run(
      em,
      `['get', 'DELETE', 'patch', 'post', 'put'].map(function (m) { return JSON.parse(UrlFetchApp.fetch('${server.base}/echo', { method: m }).getContentText()).method; })`,
    );
    expect(methods).toEqual(['GET', 'DELETE', 'PATCH', 'POST', 'PUT']);
  });

  test('at most 100 headers a call, and a payload of at most 50 MB; nothing is sent otherwise', () => {
    em = probeEmulator();
    const before = hits();
    expect(() =>
      run(em, `var h = {}; for (var i = 0; i < 101; i++) h['X-H' + i] = '1'; UrlFetchApp.fetch('${server.base}/echo', { headers: h })`),
    ).toThrow('Limit Exceeded: URLFetch headers.');
    expect(() =>
      run(em, `UrlFetchApp.fetch('${server.base}/echo', { method: 'post', payload: new Array(50 * 1024 * 1024 + 2).join('x') })`),
    ).toThrow('Limit Exceeded: URLFetch POST Size.');
    expect(hits()).toBe(before + 1);
    expect(
      run(
        em,
        `var h = {}; for (var i = 0; i < 100; i++) h['X-H' + i] = '1'; UrlFetchApp.fetch('${server.base}/echo', { headers: h }).getResponseCode()`,
      ),
    ).toBe(200);
  });

  test('a response over 50 MB throws ("Scripts will throw an exception if exceeded"; the wording is not documented)', () => {
    em = probeEmulator();
    expect(run(em, `UrlFetchApp.fetch('${server.base}/big?bytes=${50 * 1024 * 1024}').getContentText().length`)).toBe(50 * 1024 * 1024);
    expect(() => run(em, `UrlFetchApp.fetch('${server.base}/big?bytes=${50 * 1024 * 1024 + 1}')`)).toThrow(
      /^Limit Exceeded: URLFetch response size/,
    );
  });

  test('HTTPS certificates are checked unless validateHttpsCertificates is false — https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)', () => {
    em = probeEmulator();
    expect(() => run(em, `UrlFetchApp.fetch('${server.httpsBase}/echo')`)).toThrow(/^SSL Error https:\/\/127\.0\.0\.1:\d+\/echo/);
    expect(run(em, `UrlFetchApp.fetch('${server.httpsBase}/echo', { validateHttpsCertificates: false }).getResponseCode()`)).toBe(200);
  });

  test('getContentText(charset) decodes with Java charsets; an unknown name is refused (its wording is not documented) — https://developers.google.com/apps-script/reference/url-fetch/http-response#getContentText(String)', () => {
    em = probeEmulator();
    const url = `${server.base}/bytes?hex=80e9`;
    expect(
      run(
        em,
        `var r = UrlFetchApp.fetch('${url}'); [r.getContentText('windows-1252'), r.getContentText('Cp1252'), r.getContentText('ISO-8859-1'), r.getContentText('UTF-8'), r.getContentText('US-ASCII')]`,
      ),
    ).toEqual(['€é', '€é', '\u0080é', '\ufffd\ufffd', '\ufffd\ufffd']);
    expect(() => run(em, `UrlFetchApp.fetch('${url}').getContentText('no-such-charset')`)).toThrow('Unsupported charset: no-such-charset');
  });
});

test('Blob.getDataAsString(charset) decodes with Java charsets too, UTF-16 big-endian without a byte-order mark — https://developers.google.com/apps-script/reference/base/blob#getDataAsString(String)', () => {
  em = probeEmulator();
  expect(
    run(
      em,
      `[Utilities.newBlob([-128]).getDataAsString('windows-1252'), Utilities.newBlob([0, 65]).getDataAsString('UTF-16'), Utilities.newBlob([-1, -2, 65, 0]).getDataAsString('UTF-16')]`,
    ),
  ).toEqual(['€', 'A', 'A']);
  expect(() => run(em, `Utilities.newBlob([65]).getDataAsString('klingon')`)).toThrow('Unsupported charset: klingon');
});

test('a cache keeps at most 1,000 items: past that, the 900 farthest from expiring — https://developers.google.com/apps-script/reference/cache/cache-service', () => {
  em = probeEmulator();
  const v = run(
    em,
    `var c = CacheService.getScriptCache(); var keys = [];
    for (var i = 0; i < 100; i++) { c.put('soon' + i, 'x', 60); keys.push('soon' + i); }
    for (var j = 0; j < 900; j++) { c.put('late' + j, 'x', 3600); keys.push('late' + j); }
    var full = Object.keys(c.getAll(keys)).length;
    c.put('latest', 'x', 21600); keys.push('latest');
    var kept = Object.keys(c.getAll(keys));
    [full, kept.length, kept.filter(function (k) { return k.indexOf('soon') === 0; }).length, kept.indexOf('latest') >= 0]`,
  );
  expect(v).toEqual([1000, 900, 0, true]);
});

describe('Session without an address — https://developers.google.com/apps-script/reference/base/session#getActiveUser()', () => {
  test("getEmail() may be ''; the temporary key still tells users apart and stays the same across executions — #getTemporaryActiveUserKey()", () => {
    em = probeEmulator({ userEmail: '' });
    const first = run<string[]>(
      em,
      `[Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), Session.getTemporaryActiveUserKey()]`,
    );
    expect(first.slice(0, 2)).toEqual(['', '']);
    expect(first[2]).toMatch(/^[\w-]{20,}$/);
    expect(run(em, `Session.getTemporaryActiveUserKey()`)).toBe(first[2]);
    const other = probeEmulator({ userEmail: '', temporaryActiveUserKey: 'another-user-key' });
    try {
      expect(run(other, `Session.getTemporaryActiveUserKey()`)).toBe('another-user-key');
    } finally {
      other.dispose();
    }
  });
});

describe('simple triggers — https://developers.google.com/apps-script/guides/triggers#restrictions', () => {
  const TRIGGERS = {
    'Code.js': `
      function onOpen(e) { var seen = [e.authMode, typeof e.source, Session.getActiveUser().getEmail()];
        SpreadsheetApp.getUi().createAddonMenu().addItem('Go', 'go').addToUi();
        PropertiesService.getDocumentProperties().setProperty('seen', JSON.stringify(seen)); }
      function onInstall(e) { PropertiesService.getDocumentProperties().setProperty('installed', e.authMode + ' ' + Session.getActiveUser().getEmail()); onOpen(e); }`,
  };

  // "They cannot access services that require authorization." Whether LIMITED may read properties
  // is not spelled out; the stricter reading (it may not) is taken, and the wording of that refusal
  // is the emulator's. UrlFetch's message and scope are Apps Script's.
  test("onOpen runs with AuthMode.LIMITED: it may build the menu, but properties, UrlFetch and the user's address are out of reach — https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#authorization_modes", () => {
    em = probeEmulator(
      {},
      {
        'Code.js': `function onOpen(e) { SpreadsheetApp.getUi().createAddonMenu().addItem('Go', 'go').addToUi(); }
      function run(source) { return (0, eval)(source); }
      function probe() { return [Session.getActiveUser().getEmail(), SpreadsheetApp.getActiveSpreadsheet().getName()]; }`,
      },
    );
    em.trigger('onOpen');
    expect(em.ui.menus.map((m) => m.items)).toEqual([[{ caption: 'Go', functionName: 'go' }]]);
    const limited = probeEmulator({}, TRIGGERS);
    try {
      expect(() => limited.trigger('onOpen')).toThrow('You do not have permission to call PropertiesService.getDocumentProperties.');
      // The same function run by the user (FULL) has everything.
      limited.call('onOpen', { authMode: 'FULL', source: null });
      expect(JSON.parse(limited.properties.document.seen!)).toEqual(['FULL', 'object', 'user@example.com']);
    } finally {
      limited.dispose();
    }
    const fetching = probeEmulator({}, { 'Code.js': `function onOpen(e) { UrlFetchApp.fetch('http://127.0.0.1:9/'); }` });
    try {
      expect(() => fetching.trigger('onOpen')).toThrow(
        'You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request',
      );
    } finally {
      fetching.dispose();
    }
  });

  test('onOpen sees e.authMode LIMITED, the spreadsheet as e.source and no address; in NONE not even the spreadsheet', () => {
    em = probeEmulator(
      {},
      {
        'Code.js': `function onOpen(e) { SpreadsheetApp.getUi().createMenu([e.authMode, e.source ? e.source.getName() : 'no source', Session.getActiveUser().getEmail() || 'no email'].join(' | ')).addToUi(); }
      function touch(e) { SpreadsheetApp.getActiveSpreadsheet(); }`,
      },
    );
    em.trigger('onOpen');
    expect(em.ui.menus.map((m) => m.title)).toEqual(['LIMITED | Untitled spreadsheet | no email']);
    em.trigger('onOpen', 'NONE');
    expect(em.ui.menus.map((m) => m.title)).toContain('NONE | no source | no email');
    const none = probeEmulator({}, { 'Code.js': `function onOpen(e) { SpreadsheetApp.getActiveSpreadsheet(); }` });
    try {
      expect(() => none.trigger('onOpen', 'NONE')).toThrow(/^You do not have permission to call SpreadsheetApp.getActiveSpreadsheet/);
      none.trigger('onOpen', 'LIMITED');
    } finally {
      none.dispose();
    }
  });

  test('onInstall runs with AuthMode.FULL — https://developers.google.com/workspace/add-ons/concepts/editor-triggers#oninstall', () => {
    em = probeEmulator({}, TRIGGERS);
    em.trigger('onInstall');
    expect(em.properties.document.installed).toBe('FULL user@example.com');
    expect(em.ui.menus).toHaveLength(1);
  });

  test('a simple trigger has 30 seconds at most, and stops at its limit like any execution', async () => {
    const { SIMPLE_TRIGGER_LIMIT_MS } = await import('../../src/local/emulator/runtime');
    expect(SIMPLE_TRIGGER_LIMIT_MS).toBe(30_000);
    em = probeEmulator({ timeLimitMs: 100 }, { 'Code.js': `function onOpen(e) { for (;;) Utilities.sleep(20); }` });
    expect(() => em.trigger('onOpen')).toThrow('Exceeded maximum execution time');
  });
});

describe('state tokens and /usercallback — https://developers.google.com/apps-script/reference/script/state-token-builder', () => {
  const CALLBACK = {
    'Code.js': `
      function run(source) { return (0, eval)(source); }
      function connect() {
        return ScriptApp.newStateToken().withMethod('done').withArgument('service', 'books').withTimeout(120).createToken();
      }
      function done(request) {
        PropertiesService.getUserProperties().setProperty('code', request.parameter.code);
        return HtmlService.createHtmlOutput('connected ' + request.parameter.service + ' ' + request.parameters.realmId[0]);
      }
      function silent(request) { return 'a string, not a page'; }`,
  };

  test('the callback named in the token runs with the redirect query and the token arguments in request.parameter', () => {
    em = probeEmulator({}, CALLBACK);
    const state = em.call<string>('connect');
    expect(state).not.toMatch(/done|books/); // opaque, as Google's encrypted token is
    expect(em.userCallback({ code: 'abc', state, realmId: '4620' })).toBe('connected books 4620');
    expect(em.properties.user.code).toBe('abc');
  });

  test('a missing or forged token reaches no script function', () => {
    em = probeEmulator({}, CALLBACK);
    expect(() => em.userCallback({ code: 'abc' })).toThrow('The state token is invalid or has expired');
    expect(() => em.userCallback({ code: 'abc', state: 'STforged' })).toThrow('The state token is invalid or has expired');
    expect(em.properties.user.code).toBeUndefined();
  });

  test('withTimeout takes at most 3600 seconds, and the default token lives 60 seconds', () => {
    em = probeEmulator({}, CALLBACK);
    expect(() => run(em, `ScriptApp.newStateToken().withTimeout(3601)`)).toThrow(/3600/);
    const state = run<string>(em, `ScriptApp.newStateToken().withMethod('done').createToken()`);
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 61_000;
      expect(() => em.userCallback({ code: 'late', state })).toThrow('The state token is invalid or has expired');
    } finally {
      Date.now = realNow;
    }
  });

  test("a callback that returns no HtmlOutput gets Google's page saying so", () => {
    em = probeEmulator({}, CALLBACK);
    const state = run<string>(em, `ScriptApp.newStateToken().withMethod('silent').createToken()`);
    expect(em.userCallback({ state })).toBe('The script completed but did not return anything.');
  });
});
