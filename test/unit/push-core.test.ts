// The push core on fakes: the rate gate with a fake clock, what a row becomes, the PATCH merge,
// and a chunk against a fake API that loses answers after doing the work.
import { describe, expect, it } from 'vitest';
import { createBody, draftHash, draftOf, mergedBody, phoneLabels, rowProblem, sameAs, type ApiContact } from '../../src/core/push/contact';
import { chunkOf, ContactsApi, pushChunk, RateGate, workGroups, type Outcome, type WorkItem } from '../../src/core/push/runner';
import type { Clock, Http, HttpRequest, HttpResponse } from '../../src/core/ports';

function fakeClock(): Clock & { t: number } {
  const c = { t: 1_000_000, now: () => c.t, sleep: (ms: number) => void (c.t += Math.max(0, ms)) };
  return c;
}

describe('the rate gate', () => {
  it('never lets more than 10 requests leave in any rolling second, batches and singles mixed', () => {
    const clock = fakeClock();
    const gate = new RateGate(clock);
    const sent: number[] = [];
    for (const n of [10, 1, 10, 3, 7, 10, 1, 1, 10, 2]) {
      gate.take(n);
      for (let i = 0; i < n; i++) sent.push(clock.now());
      clock.t += 5;
    }
    for (const t of sent) expect(sent.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(10);
    // A batch that fits leaves at once: the first ten all left at the first instant.
    expect(sent.slice(0, 10)).toEqual(Array(10).fill(1_000_000));
  });

  it('counts a request from its answer, the latest it can have reached the API', () => {
    const clock = fakeClock();
    const gate = new RateGate(clock);
    gate.take(10);
    // However long the ten took to arrive, they had arrived by the time they were answered.
    clock.t += 300;
    gate.answered(10);
    const back = clock.now();
    gate.take(1);
    expect(clock.now()).toBeGreaterThanOrEqual(back + 1000);
  });

  /** A look-up answered, then nine creates sent with it answered `gap` ms later. */
  const lookUpThenNine = (gap: number) => {
    const clock = fakeClock();
    const gate = new RateGate(clock);
    gate.take(1);
    gate.answered(1);
    gate.take(9);
    clock.t += gap;
    gate.answered(9);
    return { clock, gate, creates: clock.now() };
  };

  it('waits for room about to open so that a look-up and the creates after it make one batch again', () => {
    const { clock, gate, creates } = lookUpThenNine(20);
    clock.t += 990;
    // The look-up's room is open; the creates' opens 20 ms later: all ten go then, together.
    expect(gate.room(10)).toBe(10);
    expect(clock.now()).toBeGreaterThanOrEqual(creates + 1000);
  });

  it('sends into the room there is when the rest opens much later', () => {
    const { clock, gate } = lookUpThenNine(600);
    clock.t += 410;
    const now = clock.now();
    expect(gate.room(10)).toBe(1);
    expect(clock.now()).toBe(now);
  });

  it('counts the requests an earlier execution sent within the second', () => {
    const clock = fakeClock();
    const gate = new RateGate(clock, 10, Array(10).fill(clock.now() - 200));
    gate.take(1);
    expect(clock.now()).toBeGreaterThanOrEqual(1_000_000 + 800);
  });
});

const row = {
  'Contact ID': 'C1',
  Phones: '+16175550101, +16175550102',
  'First Name': 'Ann',
  'Last Name': 'Lee',
  Company: '',
  Emails: 'ann@example.com',
  'QuickBooks Jobs': 'Deck 2021; Roof 2024',
  'QuickBooks Open Balance': '1,250.00',
};
const fields = [
  { columns: ['QuickBooks Jobs'], definition: { name: 'Last job', key: 'last-job', type: 'string' } },
  { columns: ['QuickBooks Open Balance'], definition: { name: 'Balance', key: 'balance', type: 'number' } },
];

describe('what a row becomes', () => {
  it('a create body with every phone and email, externalId = Contact ID, history typed for its fields', () => {
    const d = draftOf(row, fields);
    expect(createBody(d)).toEqual({
      defaultFields: {
        firstName: 'Ann',
        lastName: 'Lee',
        company: null,
        emails: [{ name: 'primary', value: 'ann@example.com' }],
        phoneNumbers: [
          { name: 'primary', value: '+16175550101' },
          { name: 'other', value: '+16175550102' },
        ],
      },
      externalId: 'C1',
      source: 'contact-enrichment',
      customFields: [
        { key: 'last-job', value: 'Roof 2024' },
        { key: 'balance', value: 1250 },
      ],
    });
    expect(draftHash(d)).toBe(draftHash(draftOf({ ...row }, fields)));
    expect(draftHash(d)).not.toBe(draftHash(draftOf({ ...row, Emails: 'other@example.com' }, fields)));
  });

  it('labels each phone mobile, home or work as the column of the applied source record says', () => {
    const matches = [
      {
        Phone: '+16175550101',
        Status: 'applied',
        'Source Data': JSON.stringify({
          source: 'pr.csv',
          fields: { 'Primary Mobile Phone1': '(617) 555-0101', 'Primary Phone1': '617-555-0102', 'Business Fax': '617-555-0109' },
        }),
      },
      { Phone: '+16175550103', Status: 'rejected', 'Source Data': JSON.stringify({ fields: { 'Home Phone': '617-555-0101' } }) },
    ];
    const labels = phoneLabels(matches);
    expect([...labels]).toEqual([['+16175550101', 'mobile']]);
    const d = draftOf({ ...row, Phones: '+16175550101, +16175550102' }, [], new Map([...labels, ['+16175550102', 'home']]));
    expect((createBody(d).defaultFields as { phoneNumbers: unknown }).phoneNumbers).toEqual([
      { name: 'mobile', value: '+16175550101' },
      { name: 'home', value: '+16175550102' },
    ]);
    expect(draftHash(d)).not.toBe(draftHash(draftOf({ ...row, Phones: '+16175550101, +16175550102' }, [])));
  });

  it('names what keeps a row from being pushed', () => {
    expect(rowProblem(draftOf({ ...row, Phones: '' }, []))).toMatch(/no phone number/);
    expect(rowProblem(draftOf({ ...row, 'Contact ID': 'x'.repeat(76) }, []))).toMatch(/76 characters; OpenPhone keeps at most 75/);
    expect(rowProblem(draftOf(row, []))).toBe('');
  });

  it('a PATCH carries the whole contact: items keep their ids, a removed phone goes, role and foreign fields stay', () => {
    const current: ApiContact = {
      id: 'op1',
      externalId: 'C1',
      source: 'contact-enrichment',
      defaultFields: {
        firstName: 'Anne',
        lastName: 'Lee',
        company: null,
        role: 'Landlord',
        emails: [{ name: 'work', value: 'ANN@example.com', id: 'e1' }],
        phoneNumbers: [
          { name: 'primary', value: '+16175550101', id: 'p1' },
          { name: 'other', value: '+16175550199', id: 'p9' },
        ],
      },
      customFields: [
        { key: 'inbound-lead', value: ['yes'] },
        { key: 'last-job', value: 'Deck 2021' },
      ],
    };
    const d = draftOf({ ...row, Phones: '+16175550101' }, fields);
    expect(sameAs(d, current)).toBe(false);
    expect(mergedBody(d, current, ['last-job', 'balance'])).toEqual({
      defaultFields: {
        firstName: 'Ann',
        lastName: 'Lee',
        company: null,
        role: 'Landlord',
        emails: [{ name: 'work', value: 'ann@example.com', id: 'e1' }],
        phoneNumbers: [{ name: 'primary', value: '+16175550101', id: 'p1' }],
      },
      customFields: [
        { key: 'inbound-lead', value: ['yes'] },
        { key: 'last-job', value: 'Roof 2024' },
        { key: 'balance', value: 1250 },
      ],
      externalId: 'C1',
    });
  });
});

/** A tiny OpenPhone: creates contacts, lists them by externalId, and loses chosen answers after the work. */
function fakeApi(loseCreate: (n: number) => boolean) {
  const contacts: ApiContact[] = [];
  let creates = 0;
  const answer = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body: JSON.stringify(body) });
  const one = (r: HttpRequest): HttpResponse | 'lost' => {
    const url = new URL(r.url);
    if (r.method === 'post') {
      const body = JSON.parse(r.body!) as { externalId: string; defaultFields: ApiContact['defaultFields'] };
      const c: ApiContact = {
        id: `op${contacts.length + 1}`,
        externalId: body.externalId,
        source: 'contact-enrichment',
        defaultFields: body.defaultFields,
      };
      contacts.push(c);
      return loseCreate(++creates) ? 'lost' : answer(201, { data: c });
    }
    const ids = url.searchParams.getAll('externalIds');
    return answer(200, { data: contacts.filter((c) => ids.includes(c.externalId!)), nextPageToken: null });
  };
  const http: Http = {
    fetch: (r) => {
      const a = one(r);
      if (a === 'lost') throw new Error('Address unavailable');
      return a;
    },
    fetchAll: (rs) => {
      const all = rs.map(one);
      if (all.includes('lost')) throw new Error('Address unavailable: https://api.openphone.com/v1/contacts');
      return all as HttpResponse[];
    },
  };
  return { http, contacts };
}

describe('a chunk', () => {
  it('looks a create up by its externalId after a lost answer, instead of creating it again', () => {
    const api = fakeApi((n) => n === 3 || n === 14);
    const work: WorkItem[] = Array.from({ length: 25 }, (_, i) => {
      const draft = draftOf({ ...row, 'Contact ID': `C${i}` }, []);
      return { index: i, draft, hash: draftHash(draft), openPhoneId: '' };
    });
    const saved: Outcome[] = [];
    const client = new ContactsApi({ http: api.http, clock: fakeClock(), apiKey: 'k', baseUrl: 'https://api.openphone.com' });
    const result = pushChunk(client, work, { save: (o) => saved.push(...o), stop: () => null }, []);
    expect(result).toEqual({ done: 25, stopped: null });
    expect(api.contacts.length).toBe(25);
    expect(new Set(api.contacts.map((c) => c.externalId)).size).toBe(25);
    expect(saved.map((o) => o.status)).toEqual(Array(25).fill('created'));
    expect(new Set(saved.map((o) => o.contactId)).size).toBe(25);
    for (const o of saved) expect(api.contacts.find((c) => c.id === o.openPhoneId)?.externalId).toBe(o.contactId);
  });
});

describe('the groups and chunks a push is sent in', () => {
  const base = 'https://api.openphone.com';
  const clientOf = (http: Http) => new ContactsApi({ http, clock: fakeClock(), apiKey: 'k', baseUrl: base });
  const items = (n: number, idOf = (i: number) => `C${String(i).padStart(8, '0')}`): WorkItem[] =>
    Array.from({ length: n }, (_, i) => {
      const draft = draftOf({ ...row, 'Contact ID': idOf(i) }, []);
      return { index: i, draft, hash: draftHash(draft), openPhoneId: '' };
    });
  const urlOf = (ids: string[]) =>
    `${base}/v1/contacts?maxResults=50&${ids.map((id) => `externalIds=${encodeURIComponent(id)}`).join('&')}&pageToken=${'x'.repeat(120)}`;

  it('looks up as many Contact IDs in one request as its URL holds inside 2 KB, a page token included', () => {
    const api = clientOf(fakeApi(() => false).http);
    for (const ids of [items(200), items(60, (i) => `${'L'.repeat(70)}${i}`)].map((w) => w.map((x) => x.draft.contactId))) {
      const groups = api.lookupGroups(ids);
      expect(groups.flat()).toEqual(ids);
      for (const g of groups) expect(urlOf(g).length).toBeLessThanOrEqual(2000);
      // Full: one more ID would not have fitted.
      for (const [k, g] of groups.slice(0, -1).entries()) expect(urlOf([...g, groups[k + 1]![0]!]).length).toBeGreaterThan(2000);
    }
    expect(api.lookupGroups(items(200).map((w) => w.draft.contactId))[0]!.length).toBeGreaterThan(50);
  });

  it('ends a chunk where a look-up group ends, cutting a group only when it alone is more than the chunk', () => {
    const api = clientOf(fakeApi(() => false).http);
    const work = items(300);
    const first = workGroups(api, work)[0]!;
    expect(first.length).toBeLessThan(100);
    expect(chunkOf(api, work, 100)).toEqual(first);
    expect(chunkOf(api, work, 8)).toEqual(work.slice(0, 8));
    expect(chunkOf(api, work, 0)).toEqual([]);
  });

  it('leaves the rows too few for a full last batch to the next chunk, and never a whole chunk', () => {
    const api = fakeApi(() => false);
    const client = clientOf(api.http);
    const work = items(25);
    const saved: Outcome[] = [];
    const control = { save: (o: Outcome[]) => saved.push(...o), stop: () => null };
    // The look-up and nine creates share the first second, ten go in the next; six would go alone.
    expect(pushChunk(client, work, control, [], true)).toEqual({ done: 19, stopped: null });
    expect(pushChunk(client, work.slice(19), control, [], false)).toEqual({ done: 6, stopped: null });
    expect(api.contacts.map((c) => c.externalId).sort()).toEqual(work.map((w) => w.draft.contactId).sort());
    expect(saved.map((o) => o.status)).toEqual(Array(25).fill('created'));
    expect(pushChunk(clientOf(fakeApi(() => false).http), items(8), control, [], true).done).toBe(8);
  });
});
