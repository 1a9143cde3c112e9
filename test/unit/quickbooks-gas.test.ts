// The QuickBooks connection and sync protocol (src/gas/quickbooks.ts) on small fakes of the
// workbook, the property stores and QuickBooks itself: tokens, chunks, waits, failures, cut-offs.
import { describe, expect, it } from 'vitest';
import { CONNECTION_PROPERTY, type Connection } from '../../src/core/quickbooks/oauth';
import type { QuickBooksSyncProgress } from '../../src/core/rpc';
import { rowsOf } from '../../src/core/records';
import {
  accessToken,
  callback,
  cancel,
  connect,
  disconnect,
  requestCancel,
  STAGING_SHEET,
  status,
  syncChunk,
  type QuickBooksServices,
  type SyncOptions,
} from '../../src/gas/quickbooks';
import { recoverSheetTransaction } from '../../src/gas/sheet-transaction';
import { CUT_OFF, FakeProperties, FakeWorkbook } from '../fakes/workbook';
import { company, fakeClock, FakeQuickBooks } from '../fakes/quickbooks';

function setup(customers = 25) {
  const clock = fakeClock();
  const qb = new FakeQuickBooks(clock);
  qb.company = company(customers);
  const workbook = new FakeWorkbook();
  const properties = new FakeProperties(workbook);
  const userProperties = new FakeProperties();
  const scriptProperties = new FakeProperties();
  for (const [k, v] of Object.entries({
    QUICKBOOKS_CLIENT_ID: 'client-id',
    QUICKBOOKS_CLIENT_SECRET: 'client-secret',
    QUICKBOOKS_API_BASE: 'https://qb.test',
    QUICKBOOKS_TOKEN_URL: 'https://qb.test/oauth2/v1/tokens/bearer',
    QUICKBOOKS_AUTHORIZE_URL: 'https://qb.test/connect/oauth2',
  }))
    scriptProperties.setProperty(k, v);
  const lock = { tries: 0, onTry: null as null | (() => void) };
  const s: QuickBooksServices = {
    workbook,
    properties,
    userProperties,
    scriptProperties,
    http: qb,
    clock,
    now: () => new Date(clock.now()),
    base64: (t) => Buffer.from(t, 'utf8').toString('base64'),
    userLock: () => ({
      tryLock: () => {
        lock.tries++;
        lock.onTry?.();
        return true;
      },
      releaseLock: () => undefined,
    }),
  };
  const connection = () => JSON.parse(userProperties.store[CONNECTION_PROPERTY] ?? 'null') as Connection | null;
  return { s, qb, clock, workbook, properties, userProperties, lock, connection };
}

function connected(customers = 25) {
  const t = setup(customers);
  expect(callback(t.s, { code: t.qb.issueCode(), realmId: '4620' }, 'script-1', 'production')).toMatch(
    /Connected to QuickBooks company 4620/,
  );
  return t;
}

/** The sidebar's loop: chunk after chunk, each in its own locked call (which first repairs a cut-off commit). */
function syncToEnd(t: ReturnType<typeof setup>, options: SyncOptions = {}): QuickBooksSyncProgress {
  recoverSheetTransaction(t.workbook, t.properties);
  let p = syncChunk(t.s, { ...options, start: true });
  for (let n = 0; (p.state === 'running' || p.state === 'waiting') && n < 100; n++) {
    if (p.state === 'waiting') t.clock.advance((p.retryAfterSeconds ?? 0) * 1000);
    recoverSheetTransaction(t.workbook, t.properties);
    p = syncChunk(t.s, options);
  }
  return p;
}

const quickBooksRows = (workbook: FakeWorkbook) => rowsOf(workbook.read('QuickBooks'));

describe('connecting QuickBooks', () => {
  it("sends the user to Intuit with our redirect URI and keeps the company and tokens from the callback in the user's properties", () => {
    const t = setup();
    const start = connect(t.s, 'STATE1', 'script-1');
    expect(start.redirectUri).toBe('https://script.google.com/macros/d/script-1/usercallback');
    const url = new URL(start.authorizationUrl);
    expect(url.origin + url.pathname).toBe('https://qb.test/connect/oauth2');
    expect(url.searchParams.get('state')).toBe('STATE1');
    expect(url.searchParams.get('redirect_uri')).toBe(start.redirectUri);
    expect(rowsOf(t.workbook.read('Settings')).find((r) => r['Setting'] === 'QuickBooks environment')?.['Value']).toBe('production');
    callback(t.s, { code: t.qb.issueCode(), realmId: '4620', state: 'STATE1' }, 'script-1', 'production');
    expect(t.connection()).toMatchObject({ realmId: '4620', environment: 'production', refreshTokens: [expect.stringMatching(/^rt/)] });
    expect(status(t.s)).toMatchObject({ configured: true, connected: true, realmId: '4620', customers: null, sync: null, message: null });
    // Secrets never reach the workbook.
    expect(JSON.stringify(t.workbook.sheets.get('Settings'))).not.toMatch(/client-secret|rt\d|at\d/);
  });

  it('says plainly when the user declined, or when the add-on has no Intuit keys', () => {
    const t = setup();
    expect(callback(t.s, { error: 'access_denied' }, 'script-1', 'production')).toBe('QuickBooks was not connected: access_denied.');
    expect(t.connection()).toBeNull();
    t.s.scriptProperties.deleteProperty('QUICKBOOKS_CLIENT_SECRET');
    expect(status(t.s).configured).toBe(false);
    expect(() => connect(t.s, 'S', 'script-1')).toThrow(
      /administrator sets the script properties QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET/,
    );
  });

  it('renews an expired access token with the newest refresh token, saving the rotated one before using it', () => {
    const t = connected();
    const first = t.connection()!;
    t.qb.expireAccessTokens();
    t.clock.advance(3600_000);
    const token = accessToken(t.s, false);
    const after = t.connection()!;
    expect(token).toBe(after.accessToken);
    expect(after.refreshTokens).toEqual([expect.not.stringMatching(first.refreshTokens[0]!), first.refreshTokens[0]]);
    // The old refresh token is spent: a second renewal must use the new one, and does.
    t.qb.expireAccessTokens();
    expect(accessToken(t.s, true)).toBe(t.connection()!.accessToken);
    expect(t.connection()!.refreshTokens[1]).toBe(after.refreshTokens[0]);
  });

  it('uses a token another execution renewed while this one waited for the lock, and spends no refresh token', () => {
    const t = connected();
    const stale = t.connection()!.accessToken;
    const other = { ...t.s };
    t.lock.onTry = () => {
      t.lock.onTry = null;
      // Meanwhile another execution renews (it holds the lock first).
      t.userProperties.store[CONNECTION_PROPERTY] = JSON.stringify(renewedBy(other));
    };
    const renewals = () => t.qb.requests.filter((r) => r.url.endsWith('/tokens/bearer')).length;
    const before = renewals();
    const token = accessToken(t.s, true);
    expect(token).not.toBe(stale);
    expect(renewals()).toBe(before + 1); // the other execution's renewal only
  });

  it('turns a refused refresh token into "reconnect", keeps that message, and forgets the tokens', () => {
    const t = connected();
    t.qb.revoke();
    expect(() => accessToken(t.s, true)).toThrow(/reconnect QuickBooks in step 1/);
    expect(t.connection()).toMatchObject({ refreshTokens: [], accessToken: '', problem: expect.stringMatching(/reconnect/) });
    expect(status(t.s)).toMatchObject({ connected: false, message: expect.stringMatching(/reconnect QuickBooks in step 1/) });
  });

  it('disconnect forgets the connection and a staged sync, and keeps the QuickBooks sheet', () => {
    const t = connected();
    expect(syncToEnd(t).state).toBe('done');
    syncChunk(t.s, { start: true, maxRequests: 1 });
    expect(t.workbook.sheets.has(STAGING_SHEET)).toBe(true);
    disconnect(t.s);
    expect(t.connection()).toBeNull();
    expect(t.workbook.sheets.has(STAGING_SHEET)).toBe(false);
    expect(quickBooksRows(t.workbook)).toHaveLength(25);
    expect(status(t.s)).toMatchObject({ connected: false, realmId: null, customers: 25, sync: null });
  });
});

/** What another execution's renewal leaves in the user's properties. */
function renewedBy(s: QuickBooksServices): Connection {
  accessToken(s, true);
  return JSON.parse(s.userProperties.getProperty(CONNECTION_PROPERTY)!) as Connection;
}

describe('syncing QuickBooks', () => {
  it('pages customers, then invoices and payments in bulk, in chunks, into a QuickBooks sheet and a Sources row', () => {
    const t = connected(2100);
    const chunks: QuickBooksSyncProgress[] = [];
    let p = syncChunk(t.s, { start: true, maxRequests: 1 });
    chunks.push(p);
    while (p.state === 'running') chunks.push((p = syncChunk(t.s, { maxRequests: 1 })));
    expect(p.state).toBe('done');
    expect(t.qb.queries()).toEqual([
      'SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)',
      ...[1, 1001, 2001].map((n) => `SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION ${n} MAXRESULTS 1000`),
      ...[1, 1001, 2001, 3001, 4001].map((n) => `SELECT * FROM Invoice STARTPOSITION ${n} MAXRESULTS 1000`),
      ...[1, 1001, 2001, 3001, 4001].map((n) => `SELECT * FROM Payment STARTPOSITION ${n} MAXRESULTS 1000`),
    ]);
    expect(chunks[0]).toMatchObject({ state: 'running', phase: 'customers', totalCustomers: 2100, fetched: { customers: 1000 } });
    expect(chunks.map((c) => c.phase)).toContain('invoices');
    expect(p.summary).toMatchObject({ customers: 2100, subCustomers: 420, invoices: 4200, payments: 4200, problemCount: 0 });
    const rows = quickBooksRows(t.workbook);
    expect(rows).toHaveLength(2100);
    expect(t.workbook.sheets.has(STAGING_SHEET)).toBe(false);
    const [source] = rowsOf(t.workbook.read('Sources'));
    expect(source).toMatchObject({
      'Source Type': 'quickbooks',
      'File Name': 'QuickBooks Online',
      Sheet: 'QuickBooks',
      'Total Records': '2100',
      Profile: 'quickbooks-online-api',
    });
    expect(rows.find((r) => r['Customer Id'] === '42')?.['Record Key']).toBe(`${source!['Source ID']}:42`);
    expect(status(t.s)).toMatchObject({ customers: 2100, lastSyncAt: source!['Uploaded At'], sync: null });
  });

  it('a re-sync updates the sheet in place: same Source ID, same sheet, changed customers changed', () => {
    const t = connected();
    syncToEnd(t);
    const id = rowsOf(t.workbook.read('Sources'))[0]!['Source ID'];
    t.qb.company.Customer[0]!.GivenName = 'Renamed';
    t.qb.company.Customer.push({ Id: '99', DisplayName: 'Newcomer', PrimaryPhone: { FreeFormNumber: '617-555-0199' } });
    expect(syncToEnd(t).state).toBe('done');
    const sources = rowsOf(t.workbook.read('Sources'));
    expect(sources.map((r) => [r['Source ID'], r['Sheet']])).toEqual([[id, 'QuickBooks']]);
    const rows = quickBooksRows(t.workbook);
    expect(rows).toHaveLength(26);
    expect(rows.find((r) => r['Customer Id'] === '1')).toMatchObject({ 'First Name': 'Renamed', 'Record Key': `${id}:1` });
  });

  it('after a 429 waits (no request sent while waiting), then goes on where it stopped', () => {
    const t = connected();
    syncChunk(t.s, { start: true, maxRequests: 2 });
    t.qb.rateLimitNext = 1;
    let p = syncChunk(t.s, {});
    expect(p).toMatchObject({ state: 'waiting', retryAfterSeconds: 60 });
    const sent = t.qb.requests.length;
    t.clock.advance(30_000);
    expect(syncChunk(t.s, {})).toMatchObject({ state: 'waiting', retryAfterSeconds: 30 });
    expect(t.qb.requests.length).toBe(sent);
    t.clock.advance(30_000);
    while (p.state === 'running' || p.state === 'waiting') p = syncChunk(t.s, {});
    expect(p.state).toBe('done');
    // Every page once: the one refused was asked again, nothing twice.
    const queries = t.qb.queries();
    expect(queries.filter((q) => q.startsWith('SELECT * FROM Invoice STARTPOSITION 1 ')).length).toBeLessThanOrEqual(2);
    expect(quickBooksRows(t.workbook)).toHaveLength(25);
  });

  it('a refused query, a revoked connection and a company without customers each say why and leave the last good sheet whole', () => {
    const t = connected();
    syncToEnd(t);
    const good = JSON.stringify(t.workbook.read('QuickBooks'));
    t.qb.refuseQueries = true;
    expect(syncToEnd(t)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/QuickBooks refused the query: Error parsing query.*not changed/),
    });
    expect(status(t.s).message).toMatch(/refused the query/);
    t.qb.refuseQueries = false;
    t.qb.company = company(0);
    expect(syncToEnd(t)).toMatchObject({
      state: 'failed',
      message: 'QuickBooks company 4620 has no customers: the QuickBooks sheet was not changed.',
    });
    t.qb.company = company(30);
    t.qb.revoke();
    expect(syncToEnd(t)).toMatchObject({ state: 'failed', message: expect.stringMatching(/reconnect QuickBooks in step 1/) });
    expect(JSON.stringify(t.workbook.read('QuickBooks'))).toBe(good);
    expect(t.workbook.sheets.has(STAGING_SHEET)).toBe(false);
    expect(status(t.s)).toMatchObject({ connected: false, customers: 25 });
  });

  it('cancel drops what was staged; a cancel while a chunk runs stops it before its next request', () => {
    const t = connected();
    syncChunk(t.s, { start: true, maxRequests: 1 });
    expect(cancel(t.s)).toMatchObject({ state: 'cancelled' });
    expect(t.workbook.sheets.has(STAGING_SHEET)).toBe(false);
    expect(t.workbook.sheets.has('QuickBooks')).toBe(false);
    syncChunk(t.s, { start: true, maxRequests: 1 });
    requestCancel(t.properties);
    const sent = t.qb.requests.length;
    expect(syncChunk(t.s, {})).toMatchObject({ state: 'cancelled' });
    expect(t.qb.requests.length).toBe(sent);
    expect(syncToEnd(t).state).toBe('done');
  });

  it('cut off at any call of a chunk, leaves the old sheet or the new one, and the next calls finish the sync', () => {
    const probe = connected();
    syncToEnd(probe);
    const callsBefore = probe.workbook.calls.length;
    probe.qb.company.Customer[3]!.FamilyName = 'Changed';
    syncToEnd(probe);
    const callsOfOneSync = probe.workbook.calls.length - callsBefore;
    const expected = JSON.stringify(quickBooksRows(probe.workbook).map((r) => [r['Customer Id'], r['Last Name']]));
    expect(callsOfOneSync).toBeGreaterThan(20);
    for (let at = 1; at <= callsOfOneSync; at++) {
      const t = connected();
      syncToEnd(t);
      const old = JSON.stringify(t.workbook.read('QuickBooks'));
      t.qb.company.Customer[3]!.FamilyName = 'Changed';
      t.workbook.cutOffAt = t.workbook.calls.length + at;
      try {
        syncToEnd(t);
      } catch (e) {
        expect((e as Error).message).toBe(CUT_OFF);
      }
      t.workbook.cutOffAt = null;
      const now = JSON.stringify(t.workbook.read('QuickBooks'));
      const whole = now === old || JSON.stringify(quickBooksRows(t.workbook).map((r) => [r['Customer Id'], r['Last Name']])) === expected;
      expect(whole, `cut at call ${at}: the sheet is neither the old one nor the new one`).toBe(true);
      recoverSheetTransaction(t.workbook, t.properties);
      const job = JSON.parse(t.properties.store['quickbooks.sync'] ?? 'null') as { state: string } | null;
      let p = syncChunk(t.s, { start: job?.state !== 'running' && job?.state !== 'waiting' });
      while (p.state === 'running') p = syncChunk(t.s, {});
      expect(p.state, `cut at call ${at}`).toBe('done');
      expect(JSON.stringify(quickBooksRows(t.workbook).map((r) => [r['Customer Id'], r['Last Name']])), `cut at call ${at}`).toBe(expected);
      expect(
        t.workbook.sheetNames().filter((n) => n.startsWith('~')),
        `cut at call ${at}`,
      ).toEqual([]);
    }
  });
});
