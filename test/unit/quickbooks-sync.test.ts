import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PAGE_SIZE } from '../../src/core/quickbooks/client';
import { money, pageQuery, stagedPage, stagedPosition, syncedSheet, SYNC_PROFILE } from '../../src/core/quickbooks/sync';
import { profileById, rankProfiles } from '../../src/core/sources/profiles';
import { rowView } from '../../src/core/sources/read';
import { gatherCandidates } from '../../src/core/matching/candidates';

const samples = 'src/local/demo/samples';
const sampleCustomers = JSON.parse(readFileSync(`${samples}/qbo-customer.json`, 'utf8')).QueryResponse.Customer as Array<
  Record<string, unknown>
>;
const sampleTxns = JSON.parse(readFileSync(`${samples}/qbo-invoice-payment.json`, 'utf8'));

const customer = (id: string, fields: Record<string, unknown> = {}) => ({ Id: id, DisplayName: `Customer ${id}`, Active: true, ...fields });
const invoice = (id: string, customerId: string, date: string, total: number, ...descriptions: string[]) => ({
  Id: id,
  CustomerRef: { value: customerId },
  TxnDate: date,
  TotalAmt: total,
  Line: [
    ...descriptions.map((d) => ({ DetailType: 'SalesItemLineDetail', Description: d, Amount: 1 })),
    { DetailType: 'SubTotalLineDetail', Amount: total },
  ],
});
const payment = (id: string, customerId: string, total: number) => ({
  Id: id,
  CustomerRef: { value: customerId },
  TxnDate: '2025-01-01',
  TotalAmt: total,
});

/** The staging rows of one sync that fetched these, a page per kind. */
function staging(customers: unknown[], invoices: unknown[] = [], payments: unknown[] = []): string[][] {
  return [...stagedPage('customers', 1, customers), ...stagedPage('invoices', 1, invoices), ...stagedPage('payments', 1, payments)];
}

function byId(sheet: ReturnType<typeof syncedSheet>): Map<string, Record<string, string>> {
  return new Map(sheet.rows.map((r) => [r[0]!, Object.fromEntries(sheet.header.map((h, i) => [h, r[i] ?? '']))]));
}

describe('QuickBooks sync: paging', () => {
  it('asks for inactive customers too, and for every invoice and payment in bulk, 1000 a page', () => {
    expect(pageQuery('customers', 1001)).toBe('SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION 1001 MAXRESULTS 1000');
    expect(pageQuery('invoices', 1)).toBe('SELECT * FROM Invoice STARTPOSITION 1 MAXRESULTS 1000');
    expect(pageQuery('payments', 2001)).toBe('SELECT * FROM Payment STARTPOSITION 2001 MAXRESULTS 1000');
  });

  it('resumes from what the staging holds: the next page of a phase, a short page ending it', () => {
    const full = Array.from({ length: PAGE_SIZE }, (_, i) => customer(String(i + 1)));
    expect(stagedPosition([])).toEqual({ phase: 'customers', start: 1, fetched: { customers: 0, invoices: 0, payments: 0 } });
    const one = stagedPage('customers', 1, full);
    expect(stagedPosition(one)).toMatchObject({ phase: 'customers', start: 1001, fetched: { customers: 1000 } });
    const two = [...one, ...stagedPage('customers', 1001, [customer('1001')])];
    expect(stagedPosition(two)).toMatchObject({ phase: 'invoices', start: 1 });
    // An empty page ends a phase too (a company whose customer count is a multiple of 1000).
    const three = [...two, ...stagedPage('invoices', 1, [])];
    expect(stagedPosition(three)).toMatchObject({ phase: 'payments', start: 1 });
    expect(stagedPosition([...three, ...stagedPage('payments', 1, [payment('p', '1', 1)])])).toMatchObject({
      phase: 'writing',
      fetched: { customers: 1001, invoices: 0, payments: 1 },
    });
  });

  it('counts a page fetched twice once, by Id', () => {
    const page = stagedPage('customers', 1, [customer('1'), customer('2')]);
    const rows = [...page, ...page, ...stagedPage('invoices', 1, []), ...stagedPage('payments', 1, [])];
    expect(stagedPosition(rows).fetched.customers).toBe(2);
    expect(syncedSheet('S1', rows).rows).toHaveLength(2);
  });

  it('stages of an invoice only what the history needs, and whole customers', () => {
    const [row] = stagedPage('invoices', 1, [invoice('9', '58', '2025-09-15', 2500.1, 'Crack  injection', 'Sealing')]);
    expect(row!.slice(0, 3)).toEqual(['invoices', '1', '9']);
    expect(JSON.parse(row![3]!)).toEqual({ i: '9', c: '58', d: '2025-09-15', t: 250010, x: 'Crack injection; Sealing' });
    const [c] = stagedPage('customers', 1, [sampleCustomers[0]]);
    expect(JSON.parse(c![3]!)).toEqual(sampleCustomers[0]);
  });
});

describe('QuickBooks sync: the sheet', () => {
  it("writes Intuit's sample customers as an import would: own columns, Record Key from the Id, Phones in E.164", () => {
    const invoices = sampleTxns.InvoiceQueryResponse.QueryResponse.Invoice;
    const payments = sampleTxns.PaymentQueryResponse.QueryResponse.Payment;
    const sheet = syncedSheet('SQB0001', staging(sampleCustomers, invoices, payments));
    expect(sheet.header.slice(-2)).toEqual(['Record Key', 'Phones']);
    const rows = byId(sheet);
    const john = rows.get('58')!;
    expect(john).toMatchObject({
      Customer: 'Sample, John',
      'First Name': 'John',
      'Last Name': 'Sample',
      Phone: '(617) 555-0171',
      Mobile: '617.555.0172',
      Email: 'john.sample@example.com',
      'Billing Address': '12 Example St',
      'Billing Zip': '02169',
      'Record Key': 'SQB0001:58',
      Phones: '+16175550171, +16175550172',
      'QuickBooks Last Job Date': '2025-09-15',
      'QuickBooks Job Description': 'Foundation crack injection, north wall (2 cracks)',
      'QuickBooks Total Invoiced': '2,500.00',
      'QuickBooks Total Paid': '1,250.00',
      'QuickBooks Open Balance': '1,250.00',
      'QuickBooks Customer Since': '2023-04-11',
      'QuickBooks Status': 'Active',
    });
    // The extension is kept aside and the fax is no phone of the person.
    const holdings = rows.get('61')!;
    expect(holdings.Phones).toBe('+16175550173, +16175550174');
    expect(holdings['QuickBooks Jobs']).toBe('40 Testing Rd');
    expect(holdings['QuickBooks Job Count']).toBe('1');
    expect(holdings['QuickBooks Open Balance']).toBe('350.00');
    // The inactive job has no phone or email of its own: it is reached through its parent's.
    const job = rows.get('62')!;
    expect(job).toMatchObject({
      Customer: 'Example Holdings LLC:40 Testing Rd',
      'Sub-customer': 'yes',
      'Parent Id': '61',
      Active: 'no',
      'Parent Phone': '+16175550173, +16175550174',
      'Parent Email': 'ap@example.com',
      Phones: '+16175550173, +16175550174',
      'QuickBooks Status': 'Inactive',
    });
    expect(sheet.summary).toMatchObject({
      customers: 3,
      withPhone: 3,
      subCustomers: 1,
      inactive: 1,
      invoices: 1,
      payments: 1,
      problemCount: 0,
    });
  });

  it('adds up history over a customer and its jobs, the last job being the newest invoice of any of them', () => {
    const customers = [
      customer('1', { FullyQualifiedName: 'Rossi, Ana', PrimaryPhone: { FreeFormNumber: '617-555-0101' } }),
      customer('2', { FullyQualifiedName: 'Rossi, Ana:Kitchen', Job: true, ParentRef: { value: '1' } }),
      customer('3', {
        FullyQualifiedName: 'Rossi, Ana:Kitchen:Tiles',
        Job: true,
        ParentRef: { value: '2' },
        Mobile: { FreeFormNumber: '617 555 0103' },
      }),
      customer('4', { FullyQualifiedName: 'Nobody' }),
    ];
    const invoices = [
      invoice('10', '1', '2024-01-05', 100, 'Survey'),
      invoice('11', '2', '2025-03-01', 250.5, 'Cabinets'),
      invoice('12', '3', '2025-03-01', 80, 'Tiles', 'Grout'),
      invoice('13', '9', '2026-01-01', 999, 'A customer not in the company'),
    ];
    const payments = [payment('20', '1', 100), payment('21', '3', 40.25)];
    const rows = byId(syncedSheet('S1', staging(customers, invoices, payments)));
    expect(rows.get('1')).toMatchObject({
      'QuickBooks Jobs': 'Kitchen; Kitchen:Tiles',
      'QuickBooks Job Count': '2',
      'QuickBooks Total Invoiced': '430.50',
      'QuickBooks Total Paid': '140.25',
      // Same day: the later invoice (by Id) is the last job.
      'QuickBooks Last Job Date': '2025-03-01',
      'QuickBooks Job Description': 'Tiles; Grout',
    });
    expect(rows.get('2')).toMatchObject({
      'QuickBooks Jobs': 'Tiles',
      'QuickBooks Total Invoiced': '330.50',
      'QuickBooks Total Paid': '40.25',
      'Parent Phone': '+16175550101',
    });
    // A job with its own phone keeps it, and no parent's.
    expect(rows.get('3')).toMatchObject({ Phones: '+16175550103', 'Parent Phone': '', 'QuickBooks Jobs': '' });
    // A customer without phone, email or history is still a row, with nothing to show.
    expect(rows.get('4')).toMatchObject({
      Phones: '',
      'Parent Phone': '',
      'QuickBooks Total Invoiced': '',
      'QuickBooks Last Job Date': '',
    });
    // Parents come before their jobs.
    expect([...rows.keys()]).toEqual(['4', '1', '2', '3']);
  });

  it('reports phones that are no phone number, and keeps the customer', () => {
    const customers = [
      customer('1', {
        DisplayName: 'Odd Numbers',
        PrimaryPhone: { FreeFormNumber: '555-5555-6666' },
        Mobile: { FreeFormNumber: '555-1234' },
      }),
      customer('2', { DisplayName: 'Typed', PrimaryPhone: { FreeFormNumber: 'call the office, ask for Bo' } }),
    ];
    const sheet = syncedSheet('S1', staging(customers));
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.summary.problems).toEqual([
      { customer: 'Odd Numbers', message: 'Phone "555-5555-6666": not a valid phone number' },
      { customer: 'Odd Numbers', message: 'Mobile "555-1234": number without an area code; not guessed' },
    ]);
    expect(sheet.summary.withPhone).toBe(0);
  });

  it('writes money with cents and thousands, and every cell as text', () => {
    expect(money(123456789)).toBe('1,234,567.89');
    expect(money(-5)).toBe('-0.05');
    expect(money(0)).toBe('0.00');
    const sheet = syncedSheet('S1', staging([customer('1', { DisplayName: '=HYPERLINK("x")', Notes: '+1 call first', Balance: 0 })]));
    for (const row of sheet.rows) for (const cell of row) expect(typeof cell).toBe('string');
    expect(byId(sheet).get('1')).toMatchObject({ Customer: '=HYPERLINK("x")', Notes: '+1 call first', Balance: '0.00' });
  });
});

describe('QuickBooks sync: the synced sheet as a source', () => {
  const sheet = syncedSheet('SQB1', staging(sampleCustomers));

  it('is recognised from its header as its own profile, not as an exported customer list', () => {
    const header = sheet.header.slice(0, -2);
    expect(rankProfiles(header)[0]!.profile.id).toBe(SYNC_PROFILE);
    expect(profileById(SYNC_PROFILE)!.sourceType).toBe('quickbooks');
  });

  it("gives the matcher each customer with its history; a job's person is its parent, with the parent's phones", () => {
    const profile = profileById(SYNC_PROFILE)!;
    const header = sheet.header.slice(0, -2);
    const job = sheet.rows.find((r) => r[0] === '62')!;
    const [person] = profile.persons(rowView(header, job.slice(0, header.length)));
    expect(person).toMatchObject({ company: 'Example Holdings LLC', emails: ['ap@example.com'] });
    expect(person!.phones.map((p) => p.e164)).toEqual(['+16175550173', '+16175550174']);
    expect(person!.extras).toMatchObject({
      'QuickBooks Customer': 'Example Holdings LLC',
      'QuickBooks Jobs': '40 Testing Rd',
      'QuickBooks Status': 'Inactive',
    });
    const john = sheet.rows.find((r) => r[0] === '58')!;
    expect(profile.persons(rowView(header, john.slice(0, header.length)))[0]).toMatchObject({
      firstName: 'John',
      lastName: 'Sample',
      address: '12 Example St, Quincy, MA 02169',
      extras: expect.objectContaining({
        'QuickBooks Open Balance': '1,250.00',
        'QuickBooks Notes': 'Basement crack, north wall. Warranty 2023.',
      }),
    });
  });

  it("rolls a job up under its parent in the matcher without repeating the parent's job names", () => {
    const { byPhone } = gatherCandidates(
      [{ sourceId: 'SQB1', sourceType: 'quickbooks', fileName: 'QuickBooks Online', profileId: SYNC_PROFILE, table: sheet }],
      new Map([['+16175550173', 'CN1']]),
    );
    const people = byPhone.get('+16175550173')!;
    expect(people.map((p) => p.recordKey).sort()).toEqual(['SQB1:61', 'SQB1:62']);
    for (const p of people) expect(p.extras['QuickBooks Jobs']).toBe('40 Testing Rd');
  });
});
