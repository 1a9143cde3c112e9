// QuickBooks Online sync through the built bundle in the emulator against the local QuickBooks
// mock in its own process: connect through Intuit's consent redirect, sync every customer with
// invoices and payments in chunks, re-sync keeping decisions, tokens renewed and rotated, waits
// after 429, and every failure said plainly with the last good QuickBooks sheet kept whole.
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_PROPERTY, type Connection } from '../../src/core/quickbooks/oauth';
import type { QuickBooksSyncProgress } from '../../src/core/rpc';
import { createEmulator, newWorkbook, type Emulator, type WorkbookModel } from '../../src/local/emulator';
import { startQuickBooksMock, type QuickBooksMockHandle, type QuickBooksMockLaunchOptions } from '../../src/local/quickbooks-mock/launch';
import { serverOf } from '../../src/local/server-of';
import { connectThroughConsent, quickBooksScriptProperties } from '../fixtures/quickbooks';
import { table, uploadSource } from './workbook';

const CALLBACK = 'https://script.google.com/macros/d/emulated-script/usercallback';
let mocks: QuickBooksMockHandle[] = [];
let emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators) e.dispose();
  emulators = [];
  await Promise.all(mocks.map((m) => m.stop()));
  mocks = [];
});

async function mockWith(options: QuickBooksMockLaunchOptions = {}): Promise<QuickBooksMockHandle> {
  const mock = await startQuickBooksMock({ seed: 7, redirectUris: [CALLBACK], ...options });
  mocks.push(mock);
  return mock;
}

function emulatorFor(mock: QuickBooksMockHandle, workbook: WorkbookModel = newWorkbook('qb')): Emulator {
  const e = createEmulator({ workbook, scriptProperties: quickBooksScriptProperties(mock) });
  emulators.push(e);
  return e;
}

async function connect(emulator: Emulator): Promise<string> {
  const { redirect, page, redirectUri } = await connectThroughConsent(emulator);
  expect(redirectUri).toBe(CALLBACK);
  expect(redirect.origin + redirect.pathname).toBe(CALLBACK);
  return page;
}

async function connected(options: QuickBooksMockLaunchOptions = {}) {
  const mock = await mockWith(options);
  const emulator = emulatorFor(mock);
  expect(await connect(emulator)).toContain(`Connected to QuickBooks company ${mock.realmId}`);
  return { mock, emulator, server: serverOf(emulator) };
}

/** The sidebar's loop: Sync, then the next chunk while the sync runs. */
function syncToEnd(emulator: Emulator): QuickBooksSyncProgress {
  const server = serverOf(emulator);
  let p = server.syncQuickBooksChunk({ start: true });
  for (let n = 0; p.state === 'running' && n < 50; n++) p = server.syncQuickBooksChunk({});
  return p;
}

function records(workbook: WorkbookModel, name: string): Array<Record<string, string>> {
  const [header = [], ...rows] = table(workbook, name);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const connectionOf = (emulator: Emulator) => JSON.parse(emulator.properties.user[CONNECTION_PROPERTY] ?? 'null') as Connection | null;

describe('QuickBooks Online sync', () => {
  it("connects through the consent redirect and keeps the company and tokens in the user's properties only", async () => {
    const { mock, emulator, server } = await connected();
    expect(server.getQuickBooksStatus()).toMatchObject({
      configured: true,
      connected: true,
      environment: 'production',
      realmId: mock.realmId,
    });
    expect(connectionOf(emulator)).toMatchObject({ realmId: mock.realmId, refreshTokens: [expect.any(String)] });
    const html = await connect(emulator); // connecting again is fine
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(JSON.stringify(emulator.workbook)).not.toContain(connectionOf(emulator)!.refreshTokens[0]);
    // A forged redirect reaches no script function.
    expect(() => emulator.userCallback({ code: 'x', realmId: '1', state: 'STforged' })).toThrow(/state token is invalid/);
  });

  it('a declined consent says so and connects nothing; HTML in what comes back is escaped', async () => {
    const mock = await mockWith({ faults: { authorize: 'deny' } });
    const emulator = emulatorFor(mock);
    expect(await connect(emulator)).toContain('QuickBooks was not connected: access_denied.');
    expect(connectionOf(emulator)).toBeNull();
    // What comes back in the redirect is shown escaped.
    const state = new URL(serverOf(emulator).connectQuickBooks().authorizationUrl).searchParams.get('state')!;
    const page = emulator.userCallback({ state, error: '<script>alert(1)</script>' });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('syncs 1,234 customers with their invoices and payments, paged in bulk within the rate limits', async () => {
    const { mock, emulator, server } = await connected();
    const p = syncToEnd(emulator);
    const company = await mock.company();
    expect(p.state).toBe('done');
    expect(p.summary).toMatchObject({
      customers: 1234,
      invoices: company.invoices.length,
      payments: company.payments.length,
      subCustomers: company.customers.filter((c) => c.Job).length,
      inactive: company.customers.filter((c) => c.Active === false).length,
    });
    const rows = records(emulator.workbook, 'QuickBooks');
    expect(rows).toHaveLength(1234);
    const source = records(emulator.workbook, 'Sources')[0]!;
    expect(source).toMatchObject({
      'Source Type': 'quickbooks',
      Sheet: 'QuickBooks',
      'Total Records': '1234',
      Profile: 'quickbooks-online-api',
    });
    expect(rows.filter((r) => r.Phones !== '').length).toBe(p.summary!.withPhone);
    // A customer without a phone is a row all the same.
    expect(rows.some((r) => r.Phones === '' && r['Sub-customer'] === 'no')).toBe(true);
    // Sub-customers without a phone of their own carry their parent's.
    const fallback = rows.filter((r) => r['Parent Phone'] !== '');
    expect(fallback.length).toBeGreaterThan(0);
    for (const r of fallback) expect(r.Phones).toBe(r['Parent Phone']);
    // History: every invoice is counted on its customer.
    const invoiced = (id: string) => company.invoices.filter((i) => i.CustomerRef.value === id).reduce((a, i) => a + i.TotalAmt, 0);
    const plain = rows.find((r) => r['QuickBooks Total Invoiced'] !== '' && r['Sub-customer'] === 'no' && r['QuickBooks Jobs'] === '')!;
    expect(Number(plain['QuickBooks Total Invoiced']!.replace(/,/g, ''))).toBeCloseTo(invoiced(plain['Customer Id']!), 2);
    const stats = await mock.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.peakPerSecond).toBeLessThanOrEqual(10);
    // Paged in bulk: a few queries, never one per customer.
    expect(stats.queries).toBeLessThan(12);
    expect(server.getQuickBooksStatus()).toMatchObject({ customers: 1234, lastSyncAt: source['Uploaded At'], sync: null, message: null });
    expect(emulator.workbook.sheets.map((s) => s.name)).not.toContain('~quickbooks sync');
  });

  it('the matcher matches synced customers, and the report counts QuickBooks customers from the synced sheet', async () => {
    const phones = Array.from({ length: 12 }, (_, i) => `+1617555${String(2100 + i)}`);
    const { emulator, server } = await connected({ phones, customers: 60 });
    expect(syncToEnd(emulator).state).toBe('done');
    server.importConversationsCsv('c.csv', `Phone\n${[...phones, '+16175559999'].join('\n')}\n`);
    const summary = server.runMatch();
    expect(summary.autoMatched).toBeGreaterThan(0);
    const report = server.getReport();
    expect(report.quickbooksCustomers).toBeGreaterThanOrEqual(10);
    expect(report.quickbooksMatched).toBe(report.quickbooksCustomers);
    const contacts = records(emulator.workbook, 'Contacts');
    expect(contacts.some((c) => (c.Sources ?? '').includes('QuickBooks Online') && c['QuickBooks Customer Since'] !== '')).toBe(true);
  });

  it('a re-sync after changes updates the sheet in place and keeps every decision on those customers', async () => {
    const phones = Array.from({ length: 6 }, (_, i) => `+1617555${String(2200 + i)}`);
    const { mock, emulator, server } = await connected({ phones, customers: 40 });
    syncToEnd(emulator);
    const sourceId = records(emulator.workbook, 'Sources')[0]!['Source ID'];
    const customerOn = (phone: string) =>
      records(emulator.workbook, 'QuickBooks').find((r) => (r.Phones ?? '').split(', ').includes(phone))!;
    // A lead list puts another person on two customers' phones: two conflicts.
    uploadSource(emulator, 'leads.csv', `Name,Phone\nZed Quill,${phones[0]}\nYara Voss,${phones[1]}\n`);
    server.importConversationsCsv('c.csv', `Phone\n${phones.join('\n')}\n`);
    server.runMatch();
    const conflicts = records(emulator.workbook, 'Conflicts');
    expect(conflicts.map((c) => c.Phone).sort()).toEqual([phones[0], phones[1]].sort());
    const numberOf = (phone: string, name: string) =>
      Number(['1', '2'].find((n) => records(emulator.workbook, 'Conflicts').find((c) => c.Phone === phone)![`${n} Name`] === name));
    const first = customerOn(phones[0]!);
    server.decideConflict(phones[0]!, { decision: { kind: 'pick', candidate: numberOf(phones[0]!, 'Zed Quill') } });
    server.decideConflict(phones[1]!, { decision: { kind: 'skip' } });

    const second = customerOn(phones[1]!);
    await mock.mutate([
      {
        op: 'updateCustomer',
        Id: records(emulator.workbook, 'QuickBooks').find((r) => !phones.some((p) => (r.Phones ?? '').includes(p)))!['Customer Id']!,
        fields: { Notes: 'changed' },
      },
      { op: 'addCustomer', fields: { DisplayName: 'Newly Added', PrimaryPhone: { FreeFormNumber: '(617) 555-2299' } } },
      { op: 'addInvoice', CustomerRef: first['Customer Id']!, TotalAmt: 75, Description: 'Follow-up visit' },
    ]);
    expect(syncToEnd(emulator).state).toBe('done');
    const after = records(emulator.workbook, 'Sources');
    expect(after.map((s) => [s['Source ID'], s.Sheet])).toContainEqual([sourceId, 'QuickBooks']);
    expect(records(emulator.workbook, 'QuickBooks')).toHaveLength(41);
    const amount = (r: Record<string, string>) => Number((r['QuickBooks Total Invoiced'] || '0').replace(/,/g, ''));
    expect(customerOn(phones[0]!)['Record Key']).toBe(first['Record Key']);
    expect(amount(customerOn(phones[0]!))).toBeCloseTo(amount(first) + 75, 2);
    expect(customerOn(phones[1]!)['Record Key']).toBe(second['Record Key']);
    const rematch = server.runMatch();
    expect(rematch.decisionsKept).toBe(2);
    const kept = records(emulator.workbook, 'Conflicts');
    expect(kept.find((c) => c.Phone === phones[0])).toMatchObject({ Status: 'resolved' });
    expect(kept.find((c) => c.Phone === phones[1])).toMatchObject({ Status: 'skipped' });
    expect(records(emulator.workbook, 'Contacts').find((c) => (c.Phones ?? '').includes(phones[0]!))).toMatchObject({
      'First Name': 'Zed',
      Status: 'resolved',
    });
    // A customer whose details changed in QuickBooks is news: that decision opens again, and says why.
    await mock.mutate({
      op: 'updateCustomer',
      Id: first['Customer Id']!,
      fields: { PrimaryEmailAddr: { Address: 'changed.address@example.com' } },
    });
    syncToEnd(emulator);
    server.runMatch();
    const reopened = records(emulator.workbook, 'Conflicts');
    expect(reopened.find((c) => c.Phone === phones[0])).toMatchObject({
      Status: 'pending',
      Why: expect.stringMatching(/new data since the decision/),
    });
    expect(reopened.find((c) => c.Phone === phones[1])).toMatchObject({ Status: 'skipped' });
  });

  it('renews an expired access token and keeps the rotated refresh token; a used refresh token asks to reconnect', async () => {
    const { mock, emulator, server } = await connected({ customers: 30 });
    syncToEnd(emulator);
    const before = connectionOf(emulator)!;
    await mock.expireAccessTokens();
    expect(syncToEnd(emulator).state).toBe('done');
    const after = connectionOf(emulator)!;
    expect(after.refreshTokens).toEqual([expect.not.stringMatching(before.refreshTokens[0]!), before.refreshTokens[0]]);
    expect((await mock.stats()).tokenRefreshes).toBe(1);
    // A copy of the user's properties from before the renewal holds a refresh token already spent.
    emulator.properties.user[CONNECTION_PROPERTY] = JSON.stringify(before);
    await mock.expireAccessTokens();
    const good = JSON.stringify(records(emulator.workbook, 'QuickBooks'));
    const p = syncToEnd(emulator);
    expect(p).toMatchObject({ state: 'failed', message: expect.stringMatching(/reconnect QuickBooks in step 1 of the sidebar/) });
    expect(server.getQuickBooksStatus()).toMatchObject({ connected: false, message: expect.stringMatching(/reconnect QuickBooks/) });
    expect(JSON.stringify(records(emulator.workbook, 'QuickBooks'))).toBe(good);
    // Connecting again clears it.
    await connect(emulator);
    expect(server.getQuickBooksStatus()).toMatchObject({ connected: true, message: null });
  });

  it('past the rate limit waits as QuickBooks asks, then finishes the same sync', async () => {
    const { mock, emulator, server } = await connected({ customers: 30, rateLimitPerMinute: 3 });
    let p = server.syncQuickBooksChunk({ start: true });
    let waits = 0;
    for (let n = 0; (p.state === 'running' || p.state === 'waiting') && n < 20; n++) {
      if (p.state === 'waiting') {
        waits++;
        expect(p.retryAfterSeconds).toBeGreaterThan(50);
        // Calling early sends nothing.
        const sent = (await mock.stats()).requests;
        expect(server.syncQuickBooksChunk({}).state).toBe('waiting');
        expect((await mock.stats()).requests).toBe(sent);
        // The minute passes (on the mock's clock, and on the sync's).
        await mock.advanceClock(61);
        const job = JSON.parse(emulator.properties.document['quickbooks.sync']!) as { waitUntil: number };
        emulator.properties.document['quickbooks.sync'] = JSON.stringify({ ...job, waitUntil: 0 });
      }
      p = server.syncQuickBooksChunk({});
    }
    expect(waits).toBeGreaterThan(0);
    expect(p.state).toBe('done');
    expect(records(emulator.workbook, 'QuickBooks')).toHaveLength(30);
  });

  it('a revoked connection, a refused query, a forbidden company and a company without customers each say why and keep the last good sheet', async () => {
    const { mock, emulator } = await connected({ customers: 20 });
    syncToEnd(emulator);
    const good = JSON.stringify(records(emulator.workbook, 'QuickBooks'));
    await mock.setFaults({ refuseQueries: true });
    expect(syncToEnd(emulator)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/QuickBooks refused the query: .*not changed/),
    });
    await mock.setFaults({ forbidden: true });
    expect(syncToEnd(emulator)).toMatchObject({ state: 'failed', message: expect.stringMatching(/refused access to the company/) });
    await mock.setFaults({});
    await mock.revoke();
    expect(syncToEnd(emulator)).toMatchObject({ state: 'failed', message: expect.stringMatching(/reconnect QuickBooks/) });
    expect(JSON.stringify(records(emulator.workbook, 'QuickBooks'))).toBe(good);
    expect(emulator.workbook.sheets.map((s) => s.name).filter((n) => n.startsWith('~'))).toEqual([]);

    const empty = await connected({ customers: 0 });
    expect(syncToEnd(empty.emulator)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/has no customers: the QuickBooks sheet was not changed/),
    });
    expect(empty.emulator.workbook.sheets.map((s) => s.name)).not.toContain('QuickBooks');
  });

  it('server errors are retried and the sync completes; cancel stops a sync and drops what it staged', async () => {
    const { mock, emulator, server } = await connected({ customers: 30, faults: { serverErrors: 0.2, seed: 5 } });
    expect(syncToEnd(emulator).state).toBe('done');
    expect((await mock.stats()).requests).toBeGreaterThan(4);
    await mock.setFaults({});
    server.syncQuickBooksChunk({ start: true, maxRequests: 1 });
    expect(server.getQuickBooksStatus().sync).toMatchObject({ state: 'running' });
    expect(server.cancelQuickBooksSync()).toMatchObject({ state: 'cancelled' });
    expect(server.getQuickBooksStatus().sync).toBeNull();
    expect(emulator.workbook.sheets.map((s) => s.name)).not.toContain('~quickbooks sync');
    expect(records(emulator.workbook, 'QuickBooks')).toHaveLength(30);
  });

  it('cut off by the execution limit at random service calls, in chunks, ends with the same sheet, never a half-written one', async () => {
    const { mock, emulator, server } = await connected({ customers: 40 });
    syncToEnd(emulator);
    const notes = () => records(emulator.workbook, 'QuickBooks').map((r) => r.Notes);
    const changed = records(emulator.workbook, 'QuickBooks')[5]!['Customer Id']!;
    // How many service calls one small chunk makes, so the cuts land anywhere inside one.
    let calls = 0;
    emulator.onServiceCall = ({ index }) => void (calls = Math.max(calls, index));
    server.getQuickBooksStatus();
    server.syncQuickBooksChunk({ start: true, maxRequests: 1 });
    emulator.onServiceCall = null;
    expect(calls).toBeGreaterThan(10);
    let seed = 17;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let cuts = 0;
    for (let sync = 1; sync <= 4; sync++) {
      const old = JSON.stringify(notes());
      await mock.mutate({ op: 'updateCustomer', Id: changed, fields: { Notes: `change ${sync}` } });
      let state = server.syncQuickBooksChunk({ start: true, maxRequests: 1 }).state;
      for (let round = 0; round < 60 && state !== 'done'; round++) {
        // Most chunks are cut somewhere (the one that writes the sheet makes more calls than the others).
        const at = rand() < 0.7 ? 1 + Math.floor(rand() * calls * 3) : -1;
        emulator.onServiceCall = ({ functionName, index }) =>
          functionName === 'syncQuickBooksChunk' && index === at ? 'exceed-time-limit' : undefined;
        try {
          state = server.syncQuickBooksChunk({ maxRequests: 1 }).state;
        } catch (e) {
          expect((e as Error).message).toBe('Exceeded maximum execution time');
          cuts++;
        }
        emulator.onServiceCall = null;
        // As the add-on reads it: a commit cut off half-way is finished first.
        server.getQuickBooksStatus();
        const now = notes();
        expect(
          JSON.stringify(now) === old || now.includes(`change ${sync}`),
          `sync ${sync}, round ${round}: neither the old sheet nor the new one`,
        ).toBe(true);
      }
      expect(state, `sync ${sync}`).toBe('done');
      const rows = records(emulator.workbook, 'QuickBooks');
      expect(rows).toHaveLength(40);
      expect(rows.find((r) => r['Customer Id'] === changed)!.Notes).toBe(`change ${sync}`);
    }
    expect(cuts).toBeGreaterThan(4);
    expect(records(emulator.workbook, 'Sources')).toHaveLength(1);
    expect(emulator.workbook.sheets.map((s) => s.name).filter((n) => n.startsWith('~'))).toEqual([]);
  });

  it('disconnect forgets the connection, ends it at Intuit, and keeps the QuickBooks sheet', async () => {
    const { emulator, server, mock } = await connected({ customers: 10 });
    syncToEnd(emulator);
    const before = connectionOf(emulator)!;
    expect(server.disconnectQuickBooks()).toMatchObject({ connected: false, realmId: null, customers: 10 });
    expect(connectionOf(emulator)).toBeNull();
    // Ended at Intuit too: the forgotten refresh token no longer buys anything there.
    expect((await mock.stats()).revocations).toBe(1);
    const refresh = await fetch(mock.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${mock.clientId}:${mock.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: before.refreshTokens[0]! }).toString(),
    });
    expect(await refresh.json()).toEqual({ error: 'invalid_grant' });
    expect(records(emulator.workbook, 'QuickBooks')).toHaveLength(10);
    expect(syncToEnd(emulator)).toMatchObject({ state: 'failed', message: expect.stringMatching(/not connected/) });
  });
});
