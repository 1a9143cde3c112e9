// Push to OpenPhone through the built bundle in the emulator against the OpenPhone mock in its
// own process: cut off anywhere, with server errors and lost answers injected, a push resumes
// and ends with exactly one OpenPhone contact per Contacts row; edits sync back without losing
// what only OpenPhone has; rows OpenPhone cannot take say why and the rest go through.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushProgress } from '../../src/core/push/rpc';
import { createEmulator, displayValues, type Emulator, type WorkbookModel } from '../../src/local/emulator';
import { buildDemoWorkbook } from '../../src/local/demo/demo';
import type { MockContact } from '../../src/local/openphone-mock/contacts';
import { startOpenPhoneMock, type MockHandle } from '../../src/local/openphone-mock/launch';
import { random } from '../../src/local/openphone-mock/fixtures';
import { serverOf } from '../../src/local/server-of';
import { matchedWorkbook, phoneOf } from '../fixtures/push';
import { sheet } from './workbook';

const OTHER_KEY = 'other-workspace-key';
let mock: MockHandle;
let emulators: Emulator[] = [];

// A fresh workspace per test: the fixtures' Contact IDs repeat from test to test.
beforeEach(async () => {
  mock = await startOpenPhoneMock({ conversations: 0, otherWorkspaceKey: OTHER_KEY });
});
afterEach(async () => {
  for (const e of emulators) e.dispose();
  emulators = [];
  await mock.stop();
});

function emulatorFor(
  workbook?: WorkbookModel,
  options: { timeLimitMs?: number; key?: string; user?: Record<string, string> } = {},
): Emulator {
  const e = createEmulator({
    workbook,
    timeLimitMs: options.timeLimitMs,
    scriptProperties: { OPENPHONE_API_BASE: mock.url },
    userProperties: options.user ?? { OPENPHONE_API_KEY: options.key ?? mock.apiKey },
  });
  emulators.push(e);
  return e;
}

function records(workbook: WorkbookModel, name: string): Array<Record<string, string>> {
  const [header = [], ...rows] = displayValues(sheet(workbook, name));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function setCell(workbook: WorkbookModel, name: string, contactId: string, column: string, value: string): void {
  const s = sheet(workbook, name);
  const values = displayValues(s);
  const c = values[0]!.indexOf(column);
  const r = values.findIndex((row) => row[0] === contactId);
  s.cells[r]![c] = { ...(s.cells[r]![c] ?? {}), value, numberFormat: '@' };
}

/** The mock's contacts for these Contact IDs, by externalId (several when duplicated). */
async function contactsFor(ids: string[]): Promise<Map<string, MockContact[]>> {
  const wanted = new Set(ids);
  const out = new Map<string, MockContact[]>();
  for (const c of await mock.contacts()) {
    if (c.externalId && wanted.has(c.externalId)) out.set(c.externalId, [...(out.get(c.externalId) ?? []), c]);
  }
  return out;
}

/** Exactly one OpenPhone contact per Contacts row, the row's OpenPhone ID, with the row's fields. */
async function expectMirrored(workbook: WorkbookModel): Promise<void> {
  const rows = records(workbook, 'Contacts');
  const found = await contactsFor(rows.map((r) => r['Contact ID']!));
  for (const row of rows) {
    const list = found.get(row['Contact ID']!) ?? [];
    expect(
      list.map((c) => c.id),
      `contacts for ${row['Contact ID']}`,
    ).toEqual([row['OpenPhone ID']]);
    const f = list[0]!.defaultFields;
    expect([f.firstName ?? '', f.lastName ?? '', f.company ?? '']).toEqual([row['First Name'], row['Last Name'], row['Company']]);
    expect(f.emails.map((e) => e.value).join(', ')).toBe(row['Emails']);
    expect(f.phoneNumbers.map((p) => p.value).join(', ')).toBe(row['Phones']);
  }
}

function pushToEnd(emulator: Emulator, maxRows = 1000): PushProgress {
  const server = serverOf(emulator);
  let p = server.pushNextChunk({ start: true, maxRows });
  for (let n = 0; p.state === 'running' && n < 100; n++) p = server.pushNextChunk({ maxRows });
  return p;
}

describe('a push cut off at random points', () => {
  it('with 5% server errors and 3% lost answers, resumes and ends with exactly one OpenPhone contact per row', async () => {
    const first = emulatorFor();
    matchedWorkbook(first, 80);
    const workbook = first.workbook;
    const server = serverOf(first);
    await mock.setFaults({ serverErrorRate: 0.05, lostAnswerRate: 0.03, seed: 11 });
    // How many service calls one chunk makes, so the cuts land anywhere inside one.
    const probe = structuredClone(workbook);
    const probing = emulatorFor(probe);
    let calls = 0;
    probing.onServiceCall = ({ index }) => void (calls = index);
    serverOf(probing).pushNextChunk({ maxRows: 8, budgetMs: 0 });
    expect(calls).toBeGreaterThan(20);
    const rand = random(2024);
    const cuts = { serviceCall: 0, midBatch: 0 };
    let progress: PushProgress | null = null;
    for (let round = 0; round < 60 && progress?.state !== 'done'; round++) {
      const mode = rand();
      if (mode < 0.45) {
        // Apps Script's limit at a random service call of the chunk: before a batch leaves, or
        // after its answers came but before they are saved.
        const at = 1 + Math.floor(rand() * calls);
        first.onServiceCall = ({ functionName, index }) =>
          functionName === 'pushNextChunk' && index === at ? 'exceed-time-limit' : undefined;
        try {
          progress = server.pushNextChunk({ maxRows: 8 });
        } catch (e) {
          expect((e as Error).message).toBe('Exceeded maximum execution time');
          cuts.serviceCall++;
        }
        first.onServiceCall = null;
      } else if (mode < 0.65) {
        // The limit fires while a batch is out: the mock answers slowly, after doing the work.
        await mock.setFaults({ serverErrorRate: 0.05, lostAnswerRate: 0.03, slowRate: 0.5, slowMs: 2500, seed: round });
        const short = emulatorFor(workbook, { timeLimitMs: 1500 });
        try {
          progress = serverOf(short).pushNextChunk({ maxRows: 8 });
        } catch (e) {
          expect((e as Error).message).toBe('Exceeded maximum execution time');
          cuts.midBatch++;
        }
        await mock.setFaults({ serverErrorRate: 0.05, lostAnswerRate: 0.03, seed: 100 + round });
      } else {
        progress = server.pushNextChunk({ maxRows: 8 });
      }
    }
    expect(progress?.state).toBe('done');
    expect(cuts.serviceCall).toBeGreaterThan(3);
    expect(cuts.midBatch).toBeGreaterThan(0);
    const stats = await mock.stats();
    expect(stats.serverErrors).toBeGreaterThan(0);
    expect(stats.lostAnswers).toBeGreaterThan(0);
    await expectMirrored(workbook);
    expect(records(workbook, 'Contacts').every((r) => ['created', 'linked', 'updated'].includes(r['Push Status']!))).toBe(true);
    // Every row's contact is in the Push Log: created, or found by its Contact ID and linked.
    const log = records(workbook, 'Push Log').filter((r) => r.Status === 'ok');
    expect(new Set(log.map((r) => r['Contact ID'])).size).toBe(80);
    expect(log.some((r) => r.Action === 'link')).toBe(true);
    // Verification lists our contacts back from OpenPhone.
    const v = server.verifyPush();
    expect(v.duplicates).toBe(0);
    expect(v.missing).toBe(0);
    expect(v.mismatched).toBe(0);
    expect(v.rowsPushed).toBe(80);
    // A push with nothing changed sends no write.
    const before = (await mock.stats()).byRoute['POST /v1/contacts'];
    await mock.setFaults({});
    expect(server.planPush()).toMatchObject({ create: 0, update: 0, unchanged: 80 });
    expect(pushToEnd(first).state).toBe('done');
    expect((await mock.stats()).byRoute['POST /v1/contacts']).toBe(before);
  });

  it('requests that time out (UrlFetch gives up on a slow answer the mock still carries out) are looked up, not sent again blindly', async () => {
    const e = createEmulator({
      requestTimeoutMs: 800,
      scriptProperties: { OPENPHONE_API_BASE: mock.url },
      userProperties: { OPENPHONE_API_KEY: mock.apiKey },
    });
    emulators.push(e);
    matchedWorkbook(e, 30);
    await mock.setFaults({ slowRate: 0.15, slowMs: 1500, seed: 4 });
    expect(pushToEnd(e).state).toBe('done');
    expect((await mock.stats()).slowAnswers).toBeGreaterThan(0);
    await expectMirrored(e.workbook);
  });

  it('a re-match keeps the push state: nothing is created again', async () => {
    const e = emulatorFor();
    matchedWorkbook(e, 12);
    expect(pushToEnd(e).state).toBe('done');
    const ids = records(e.workbook, 'Contacts').map((r) => r['OpenPhone ID']);
    serverOf(e).runMatch();
    expect(records(e.workbook, 'Contacts').map((r) => r['OpenPhone ID'])).toEqual(ids);
    expect(serverOf(e).planPush()).toMatchObject({ create: 0, update: 0, unchanged: 12 });
    // The push's own columns, dropped by the re-match, come back with the next push.
    expect(records(e.workbook, 'Contacts')[0]!['Push Status']).toBeUndefined();
    expect(pushToEnd(e).state).toBe('done');
    expect(records(e.workbook, 'Contacts').map((r) => r['Push Status'])).toEqual(Array(12).fill('created'));
  });
});

describe('sync back', () => {
  it('edited rows are updated in OpenPhone and equal the sheet, with nothing OpenPhone alone has lost', async () => {
    const e = emulatorFor();
    serverOf(e).importConversationsCsv('c.csv', `Phone\n${[0, 1, 2, 3].map((i) => phoneOf(5000 + i)).join('\n')}\n`);
    const csv = [
      'First Name,Last Name,Email,Phone',
      ...[0, 1, 2, 3].map((i) => `Sync${i},Person${i},s${i}@example.com,"${phoneOf(5000 + i)}"`),
    ].join('\n');
    const { uploadSource } = await import('./workbook');
    uploadSource(e, 'sync.csv', `${csv}\n`, { profileId: 'csv' });
    serverOf(e).runMatch();
    const rows = records(e.workbook, 'Contacts');
    const [a, b, c] = rows.map((r) => r['Contact ID']!);
    // One row has a second phone before the first push, to be removed later.
    setCell(e.workbook, 'Contacts', c!, 'Phones', `${rows[2]!.Phones}, +16179990001`);
    expect(pushToEnd(e).state).toBe('done');
    await expectMirrored(e.workbook);

    // Staff give one contact a role and a custom field value in OpenPhone itself.
    const idOf = (cid: string) => records(e.workbook, 'Contacts').find((r) => r['Contact ID'] === cid)!['OpenPhone ID']!;
    const patch = await fetch(`${mock.url}/v1/contacts/${idOf(a!)}`, {
      method: 'PATCH',
      headers: { Authorization: mock.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        defaultFields: {
          role: 'Landlord',
          emails: [{ name: 'primary', value: 's0@example.com' }],
          phoneNumbers: [{ name: 'primary', value: rows[0]!.Phones }],
        },
        customFields: [{ key: 'last-job', value: 'Roof 2019' }],
      }),
    });
    expect(patch.status).toBe(200);

    setCell(e.workbook, 'Contacts', a!, 'Emails', 's0@example.com, new0@example.com');
    setCell(e.workbook, 'Contacts', b!, 'First Name', 'Renamed');
    setCell(e.workbook, 'Contacts', c!, 'Phones', rows[2]!.Phones!);
    expect(serverOf(e).planPush()).toMatchObject({ create: 0, update: 3, unchanged: 1 });
    const done = pushToEnd(e);
    expect(done).toMatchObject({ state: 'done', updated: 3 });
    await expectMirrored(e.workbook);
    const [kept] = (await contactsFor([a!])).get(a!)!;
    expect(kept!.defaultFields.role).toBe('Landlord');
    expect(kept!.customFields.map((f) => [f.key, f.value])).toEqual([['last-job', 'Roof 2019']]);
    const log = records(e.workbook, 'Push Log').filter((r) => r.Action === 'update');
    expect(log.map((r) => r['Contact ID']).sort()).toEqual([a, b, c].sort());
  });
});

describe('what a contact carries', () => {
  it('QuickBooks history goes into the custom fields the workspace defines, by the names in Settings', async () => {
    const e = emulatorFor();
    await buildDemoWorkbook(e);
    serverOf(e).runMatch();
    const plan = serverOf(e).planPush();
    expect(plan.customFields.mapped).toEqual(['Last job', 'Balance', 'Customer since']);
    expect(pushToEnd(e).state).toBe('done');
    const rows = records(e.workbook, 'Contacts').filter((r) => r['QuickBooks Balance'] || r['QuickBooks Open Balance']);
    expect(rows.length).toBeGreaterThan(0);
    const found = await contactsFor(rows.map((r) => r['Contact ID']!));
    for (const row of rows) {
      const balance = Number((row['QuickBooks Open Balance'] || row['QuickBooks Balance'])!.replace(/,/g, ''));
      expect(found.get(row['Contact ID']!)![0]!.customFields.find((f) => f.key === 'balance')?.value).toBe(balance);
    }
    // Phones carry the label their source column gives them (PropertyRadar's Primary Mobile Phone1).
    // (Outlook's Mobile Phone; Google Contacts' `Phone 1 - Label` beside `Phone 1 - Value`.)
    const john = (await mock.contacts()).find((c) => c.defaultFields.firstName === 'John')!;
    const labelOf = (n: string) => john.defaultFields.phoneNumbers.find((p) => p.value === n)?.name;
    expect([labelOf('+16175550161'), labelOf('+16175550151'), labelOf('+16175550131')]).toEqual(['mobile', 'mobile', 'primary']);
    // The push's settings are written beside the matcher's, where people can change them.
    const settings = records(e.workbook, 'Settings').map((r) => r.Setting);
    expect(settings).toContain('OpenPhone field for QuickBooks balance');
    expect(settings).toContain('Push contacts known only from the OpenPhone export');
  });

  it('a person known only from the OpenPhone export is not created again, unless Settings allow it', async () => {
    const e = emulatorFor();
    await buildDemoWorkbook(e);
    serverOf(e).runMatch();
    const plan = serverOf(e).planPush();
    expect(plan.skippedOpenPhoneOnly).toBeGreaterThan(0);
    expect(plan.lines.join(' ')).toContain(`${plan.skippedOpenPhoneOnly} known only from the OpenPhone export`);
    pushToEnd(e);
    const only = records(e.workbook, 'Contacts').filter((r) => r.Sources === 'openphone-contacts.csv');
    expect(only.length).toBe(plan.skippedOpenPhoneOnly);
    expect(only.every((r) => r['OpenPhone ID'] === '')).toBe(true);
    setCell(e.workbook, 'Settings', 'Push contacts known only from the OpenPhone export', 'Value', 'yes');
    expect(serverOf(e).planPush()).toMatchObject({ skippedOpenPhoneOnly: 0, create: only.length });
  });
});

describe('bad input', () => {
  it('a row without phone, an email OpenPhone refuses and a 76-character Contact ID each say why on their row; the rest are pushed', async () => {
    const e = emulatorFor();
    matchedWorkbook(e, 8);
    const ids = records(e.workbook, 'Contacts').map((r) => r['Contact ID']!);
    const long = `X${'7'.repeat(75)}`;
    setCell(e.workbook, 'Contacts', ids[0]!, 'Phones', '');
    setCell(e.workbook, 'Contacts', ids[1]!, 'Emails', 'not an email');
    setCell(e.workbook, 'Contacts', ids[2]!, 'Contact ID', long);
    const plan = serverOf(e).planPush();
    expect(plan).toMatchObject({ errors: 2, create: 6 });
    expect(plan.problems.map((p) => p.row)).toEqual([2, 4]);
    expect(pushToEnd(e).state).toBe('done');
    const byId = new Map(records(e.workbook, 'Contacts').map((r) => [r['Contact ID'], r]));
    expect(byId.get(ids[0])!['Push Message']).toBe('The row has no phone number: OpenPhone links a contact to conversations by its phone.');
    expect(byId.get(ids[1])!['Push Message']).toMatch(
      /^OpenPhone refused the contact \(400\): The input was invalid\. — \/defaultFields\/emails\/0\/value: Invalid email address$/,
    );
    expect(byId.get(long)!['Push Message']).toBe(
      "Contact ID is 76 characters; OpenPhone keeps at most 75 as a contact's external ID. Shorten it.",
    );
    for (const id of [ids[0], ids[1], long]) expect(byId.get(id)!['Push Status']).toBe('error');
    const pushed = ids.slice(3);
    const found = await contactsFor([...ids, long]);
    expect([...found.keys()].sort()).toEqual([...pushed].sort());
    // The refusal is in the Push Log with the API's words; the row is not retried until edited.
    expect(
      records(e.workbook, 'Push Log')
        .filter((r) => r.Status === 'error')
        .map((r) => r['Contact ID']),
    ).toEqual([ids[1]]);
    expect(serverOf(e).planPush()).toMatchObject({ errors: 3, create: 0 });
    setCell(e.workbook, 'Contacts', ids[1]!, 'Emails', 'fixed@example.com');
    expect(serverOf(e).planPush()).toMatchObject({ errors: 2, create: 1 });
  });

  it('an empty key, a wrong key and a key for another workspace are refused plainly, never echoed', async () => {
    const e = emulatorFor(undefined, { user: {} });
    matchedWorkbook(e, 3);
    const server = serverOf(e);
    expect(() => server.saveOpenPhoneApiKey('   ')).toThrow('Paste your OpenPhone API key first: the key is empty.');
    expect(() => server.saveOpenPhoneApiKey('wrong-key-123')).toThrow(
      'OpenPhone refused the API key (401 Unauthorized): copy it again from OpenPhone → Settings → API.',
    );
    expect(e.properties.user.OPENPHONE_API_KEY).toBeUndefined();
    expect(server.saveOpenPhoneApiKey(mock.apiKey).hasOpenPhoneKey).toBe(true);
    expect(server.checkOpenPhoneKey().message).toBe('Connected to the OpenPhone workspace of +16175550100, +16175550199.');
    expect(pushToEnd(e).state).toBe('done');

    e.properties.user.OPENPHONE_API_KEY = 'wrong-key-123';
    setCell(e.workbook, 'Contacts', records(e.workbook, 'Contacts')[0]!['Contact ID']!, 'First Name', 'Changed');
    let message = '';
    try {
      server.pushNextChunk({ start: true });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^OpenPhone refused the API key \(401 Unauthorized\)/);
    expect(message).not.toContain('wrong-key-123');

    e.properties.user.OPENPHONE_API_KEY = OTHER_KEY;
    expect(() => server.pushNextChunk({ start: true })).toThrow(
      "This spreadsheet was pushed to the OpenPhone workspace with the numbers +16175550100, +16175550199, but the API key now saved opens another workspace (+14155550100). Save that workspace's key to go on.",
    );
    expect(await mock.contacts(OTHER_KEY)).toEqual([]);
    for (const s of e.workbook.sheets) expect(JSON.stringify(displayValues(s))).not.toContain(mock.apiKey);
    expect(e.logs.join('\n')).not.toContain(mock.apiKey);
  });
});

describe('the rate limit, the quota and Cancel', () => {
  it('answers 429 by waiting as Retry-After says, and still creates each contact once', async () => {
    const strict = await startOpenPhoneMock({ conversations: 0, rateLimitPerSecond: 4 });
    const e = createEmulator({
      scriptProperties: { OPENPHONE_API_BASE: strict.url },
      userProperties: { OPENPHONE_API_KEY: strict.apiKey },
    });
    emulators.push(e);
    try {
      matchedWorkbook(e, 25);
      expect(pushToEnd(e).state).toBe('done');
      const stats = await strict.stats();
      expect(stats.rateLimited).toBeGreaterThan(0);
      const contacts = await strict.contacts();
      expect(contacts.length).toBe(25);
      expect(new Set(contacts.map((c) => c.externalId)).size).toBe(25);
    } finally {
      await strict.stop();
    }
  });

  it("a plan past the day's UrlFetch quota pushes what fits and resumes the next day", async () => {
    const e = emulatorFor();
    matchedWorkbook(e, 40);
    const server = serverOf(e);
    server.pushNextChunk({ maxRows: 0 });
    setCell(e.workbook, 'Settings', 'UrlFetch calls per day', 'Value', '240');
    const plan = server.planPush();
    expect(plan.fitsToday).toBeLessThan(40);
    expect(plan.lines.join(' ')).toMatch(
      /Only \d+ of 40 contacts fit in today's UrlFetch quota: the push stops there and resumes tomorrow\./,
    );
    const today = pushToEnd(e);
    expect(today.state).toBe('quota');
    expect(today.message).toContain("Today's UrlFetch quota (240 calls) is used up");
    expect(today.done).toBeLessThan(40);
    // Each next day the count starts again and the push goes on where it stopped.
    let last = today;
    for (let day = 1; day <= 6 && last.state !== 'done'; day++) {
      e.properties.user['push.urlFetchToday'] = JSON.stringify({ day: `2000-01-0${day}`, used: 240 });
      const next = pushToEnd(e);
      expect(next.done).toBeGreaterThan(last.done);
      last = next;
    }
    expect(last.state).toBe('done');
    await expectMirrored(e.workbook);
  });

  it('Cancel stops after the current batch with everything sent so far saved, and Push goes on from there', async () => {
    const e = emulatorFor();
    matchedWorkbook(e, 40);
    const server = serverOf(e);
    let asked = false;
    e.onServiceCall = ({ functionName }) => {
      // Cancel is pressed once the first batch is saved.
      if (functionName !== 'pushNextChunk' || asked || !e.workbook.sheets.some((s) => s.name === 'Push Log')) return;
      asked = true;
      server.cancelPush();
    };
    const cancelled = server.pushNextChunk({ start: true });
    e.onServiceCall = null;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.done).toBeGreaterThan(0);
    expect(cancelled.done).toBeLessThan(40);
    const rows = records(e.workbook, 'Contacts');
    const withId = rows.filter((r) => r['OpenPhone ID']);
    expect(withId.length).toBe(cancelled.done);
    expect((await contactsFor(rows.map((r) => r['Contact ID']!))).size).toBe(withId.length);
    expect(pushToEnd(e).state).toBe('done');
    await expectMirrored(e.workbook);
  });

  it('a second push arriving during the first is refused by the document lock', () => {
    const e = emulatorFor();
    matchedWorkbook(e, 5);
    const server = serverOf(e);
    let refused = '';
    e.onServiceCall = ({ functionName, index }) => {
      if (functionName !== 'pushNextChunk' || index !== 20 || refused) return;
      try {
        server.pushNextChunk({});
      } catch (err) {
        refused = (err as Error).message;
      }
    };
    server.pushNextChunk({ start: true });
    e.onServiceCall = null;
    expect(refused).toMatch(/^Could not push to OpenPhone: another step is still running in this spreadsheet/);
  });
});
