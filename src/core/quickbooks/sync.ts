/**
 * A QuickBooks sync as pure steps: each phase's query, what a fetched page leaves in the staging
 * sheet (so a sync cut off anywhere resumes where its last whole page ended), and the QuickBooks
 * sheet built from all of it: one row per customer, shaped like an imported file, with the
 * customer's history from invoices and payments fetched in bulk and grouped here by CustomerRef.
 */
import { describePhoneProblem, extractPhones } from '../phones';
import { MAX_LISTED_PROBLEMS, type QuickBooksSyncProgress, type QuickBooksSyncSummary } from '../rpc';
import { sheetRows, RECORD_COLUMNS } from '../sources/import-plan';
import { emailsIn, phonesIn, profileById } from '../sources/profiles';
import { buildRecords } from '../sources/read';
import { PAGE_SIZE } from './client';

export type SyncPhase = QuickBooksSyncProgress['phase'];
type FetchPhase = Exclude<SyncPhase, 'writing'>;
export const FETCH_PHASES: readonly FetchPhase[] = ['customers', 'invoices', 'payments'];
const ENTITIES: Record<FetchPhase, string> = { customers: 'Customer', invoices: 'Invoice', payments: 'Payment' };
export const SYNC_PROFILE = 'quickbooks-online-api';

/** Staging rows: one per fetched entity, and one per page saying how many it held. */
export const STAGING_HEADER = ['Kind', 'Start', 'Id', 'Data'];
const PAGE_MARK = 'page';
/** Invoice line descriptions kept per invoice: the last job's, on a card and a contact. */
const DESCRIPTION_CHARS = 500;

export const COUNT_QUERY = 'SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)';

export function pageQuery(phase: FetchPhase, start: number): string {
  // Inactive customers are left out unless asked for.
  const where = phase === 'customers' ? ' WHERE Active IN (true, false)' : '';
  return `SELECT * FROM ${ENTITIES[phase]}${where} STARTPOSITION ${start} MAXRESULTS ${PAGE_SIZE}`;
}

export function entityOf(phase: FetchPhase): string {
  return ENTITIES[phase];
}

interface Ref {
  value?: string;
}
interface PhoneField {
  FreeFormNumber?: string;
}
interface Address {
  Line1?: string;
  Line2?: string;
  Line3?: string;
  Line4?: string;
  Line5?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country?: string;
}

/** The Customer fields the sheet shows; the API returns only those that have values. */
export interface QbCustomer {
  Id: string;
  DisplayName?: string;
  FullyQualifiedName?: string;
  Title?: string;
  GivenName?: string;
  MiddleName?: string;
  FamilyName?: string;
  Suffix?: string;
  CompanyName?: string;
  Active?: boolean;
  Job?: boolean;
  ParentRef?: Ref;
  BillWithParent?: boolean;
  PrimaryPhone?: PhoneField;
  Mobile?: PhoneField;
  AlternatePhone?: PhoneField;
  Fax?: PhoneField;
  PrimaryEmailAddr?: { Address?: string };
  WebAddr?: { URI?: string };
  BillAddr?: Address;
  ShipAddr?: Address;
  Notes?: string;
  Balance?: number;
  BalanceWithJobs?: number;
  CurrencyRef?: Ref;
  MetaData?: { CreateTime?: string; LastUpdatedTime?: string };
}
const CUSTOMER_FIELDS: ReadonlyArray<keyof QbCustomer> = [
  'Id',
  'DisplayName',
  'FullyQualifiedName',
  'Title',
  'GivenName',
  'MiddleName',
  'FamilyName',
  'Suffix',
  'CompanyName',
  'Active',
  'Job',
  'ParentRef',
  'BillWithParent',
  'PrimaryPhone',
  'Mobile',
  'AlternatePhone',
  'Fax',
  'PrimaryEmailAddr',
  'WebAddr',
  'BillAddr',
  'ShipAddr',
  'Notes',
  'Balance',
  'BalanceWithJobs',
  'CurrencyRef',
  'MetaData',
];

/** An invoice or a payment as staged: id, customer, date, amount in cents, and an invoice's line descriptions. */
interface Txn {
  i: string;
  c: string;
  d: string;
  t: number;
  x?: string;
}

type Raw = Record<string, unknown> & {
  Id?: unknown;
  CustomerRef?: Ref;
  TxnDate?: string;
  TotalAmt?: number;
  Line?: Array<{ Description?: string; DetailType?: string }>;
};

const cents = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 100) : 0);

function staged(phase: FetchPhase, item: Raw): unknown {
  if (phase === 'customers') {
    const out: Record<string, unknown> = {};
    for (const k of CUSTOMER_FIELDS) if (item[k] !== undefined) out[k] = item[k];
    return out;
  }
  const txn: Txn = {
    i: String(item.Id ?? ''),
    c: String(item.CustomerRef?.value ?? ''),
    d: String(item.TxnDate ?? ''),
    t: cents(item.TotalAmt),
  };
  if (phase === 'invoices') {
    const lines = (item.Line ?? []).filter((l) => l.DetailType !== 'SubTotalLineDetail' && l.Description?.trim());
    const x = lines.map((l) => l.Description!.trim().replace(/\s+/g, ' ')).join('; ');
    if (x) txn.x = x.slice(0, DESCRIPTION_CHARS);
  }
  return txn;
}

/** The staging rows one fetched page adds: its entities and the mark that the page is whole. */
export function stagedPage(phase: FetchPhase, start: number, items: unknown[]): string[][] {
  const rows = items.map((item) => [phase, String(start), String((item as Raw).Id ?? ''), JSON.stringify(staged(phase, item as Raw))]);
  rows.push([PAGE_MARK, String(start), phase, String(items.length)]);
  return rows;
}

export interface StagedPosition {
  phase: SyncPhase;
  /** STARTPOSITION of the next page of the phase. */
  start: number;
  fetched: QuickBooksSyncProgress['fetched'];
}

/**
 * Where a sync stands, from the staging rows alone: a page and its mark arrive in one write, so
 * the marks say exactly which pages are whole. The phases run in order; a short page ends one.
 */
export function stagedPosition(rows: readonly (readonly string[])[]): StagedPosition {
  const last = new Map<string, { start: number; count: number }>();
  const ids: Record<FetchPhase, Set<string>> = { customers: new Set(), invoices: new Set(), payments: new Set() };
  for (const [kind = '', start = '', id = '', data = ''] of rows) {
    if (kind === PAGE_MARK) {
      const s = Number(start);
      if (!last.has(id) || last.get(id)!.start < s) last.set(id, { start: s, count: Number(data) });
    } else if (kind in ids) ids[kind as FetchPhase].add(id);
  }
  const fetched = { customers: ids.customers.size, invoices: ids.invoices.size, payments: ids.payments.size };
  for (const phase of FETCH_PHASES) {
    const page = last.get(phase);
    if (!page) return { phase, start: 1, fetched };
    if (page.count >= PAGE_SIZE) return { phase, start: page.start + PAGE_SIZE, fetched };
  }
  return { phase: 'writing', start: 1, fetched };
}

/** The file's own columns of the QuickBooks sheet; the history columns are named as contacts carry them. */
export const QUICKBOOKS_COLUMNS = [
  'Customer Id',
  'Customer',
  'Display Name',
  'Title',
  'First Name',
  'Middle Name',
  'Last Name',
  'Suffix',
  'Company',
  'Phone',
  'Mobile',
  'Alternate Phone',
  'Fax',
  'Email',
  'Website',
  'Billing Address',
  'Billing City',
  'Billing State',
  'Billing Zip',
  'Billing Country',
  'Shipping Address',
  'Notes',
  'Active',
  'Sub-customer',
  'Parent Id',
  'Bill With Parent',
  'Balance',
  'Balance With Jobs',
  'Currency',
  'Created',
  'Last Updated',
  // A sub-customer without a phone or email of its own is reached through its parent's.
  'Parent Phone',
  'Parent Email',
  'QuickBooks Jobs',
  'QuickBooks Job Count',
  'QuickBooks Last Job Date',
  'QuickBooks Job Description',
  'QuickBooks Total Invoiced',
  'QuickBooks Total Paid',
  'QuickBooks Open Balance',
  'QuickBooks Customer Since',
  'QuickBooks Status',
] as const;

/** `1,250.00` from cents. */
export function money(amount: number): string {
  const [whole, part] = (Math.abs(amount) / 100).toFixed(2).split('.');
  return `${amount < 0 ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}.${part}`;
}

const street = (a: Address | undefined) => [a?.Line1, a?.Line2, a?.Line3, a?.Line4, a?.Line5].filter((l) => l?.trim()).join(', ');
const yesNo = (b: boolean | undefined) => (b === undefined ? '' : b ? 'yes' : 'no');
const amount = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? money(cents(n)) : '');
const ownPhones = (c: QbCustomer) => [c.PrimaryPhone, c.Mobile, c.AlternatePhone].map((p) => p?.FreeFormNumber ?? '');

function parse<T>(rows: readonly (readonly string[])[], kind: string): Map<string, T> {
  const out = new Map<string, T>();
  for (const [k, , id = '', data = ''] of rows) if (k === kind) out.set(id, JSON.parse(data) as T);
  return out;
}

export interface SyncedSheet {
  header: string[];
  rows: string[][];
  summary: QuickBooksSyncSummary;
}

/**
 * The QuickBooks sheet from the staging rows: customers by their full name (parents before their
 * jobs), each with the history of itself and its sub-customers, then Record Key (from the
 * customer's Id, stable across syncs) and Phones, exactly as an import writes them.
 */
export function syncedSheet(sourceId: string, stagingRows: readonly (readonly string[])[]): SyncedSheet {
  const customers = [...parse<QbCustomer>(stagingRows, 'customers').values()];
  const invoices = [...parse<Txn>(stagingRows, 'invoices').values()];
  const payments = [...parse<Txn>(stagingRows, 'payments').values()];
  const byId = new Map(customers.map((c) => [c.Id, c]));
  const children = new Map<string, QbCustomer[]>();
  for (const c of customers) {
    const parent = c.ParentRef?.value;
    if (parent && byId.has(parent)) children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const own = new Map<string, { invoiced: number; paid: number; last: Txn | null }>();
  const ownOf = (id: string) => own.get(id) ?? own.set(id, { invoiced: 0, paid: 0, last: null }).get(id)!;
  for (const inv of invoices) {
    const o = ownOf(inv.c);
    o.invoiced += inv.t;
    if (!o.last || inv.d > o.last.d || (inv.d === o.last.d && Number(inv.i) > Number(o.last.i))) o.last = inv;
  }
  for (const p of payments) ownOf(p.c).paid += p.t;

  const descendants = (c: QbCustomer): QbCustomer[] => {
    const out: QbCustomer[] = [];
    const seen = new Set([c.Id]);
    const stack = [...(children.get(c.Id) ?? [])];
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d.Id)) continue;
      seen.add(d.Id);
      out.push(d);
      stack.push(...(children.get(d.Id) ?? []));
    }
    return out;
  };
  /** The nearest ancestor for which `has` holds. */
  const ancestor = (c: QbCustomer, has: (a: QbCustomer) => boolean): QbCustomer | null => {
    const seen = new Set([c.Id]);
    for (let a = byId.get(c.ParentRef?.value ?? ''); a && !seen.has(a.Id); a = byId.get(a.ParentRef?.value ?? '')) {
      if (has(a)) return a;
      seen.add(a.Id);
    }
    return null;
  };
  const phonesOf = (c: QbCustomer) => phonesIn(...ownPhones(c));
  const emailsOf = (c: QbCustomer) => emailsIn(c.PrimaryEmailAddr?.Address ?? '');

  const problems: QuickBooksSyncSummary['problems'] = [];
  let problemCount = 0;
  const name = (c: QbCustomer) => c.FullyQualifiedName || c.DisplayName || `Customer ${c.Id}`;
  const sorted = [...customers].sort((a, b) => name(a).toLowerCase().localeCompare(name(b).toLowerCase()) || a.Id.localeCompare(b.Id));
  const cells = sorted.map((c) => {
    ['Phone', 'Mobile', 'Alternate phone'].forEach((label, i) => {
      for (const p of extractPhones(ownPhones(c)[i]).problems) {
        if (problemCount++ < MAX_LISTED_PROBLEMS)
          problems.push({ customer: name(c), message: `${label} "${p.raw.trim()}": ${describePhoneProblem(p.reason)}` });
      }
    });
    const family = [c, ...descendants(c)];
    let invoiced = 0;
    let paid = 0;
    let last: Txn | null = null;
    let traded = false;
    for (const f of family) {
      const o = own.get(f.Id);
      if (!o) continue;
      traded = true;
      invoiced += o.invoiced;
      paid += o.paid;
      if (o.last && (!last || o.last.d > last.d)) last = o.last;
    }
    const jobs = family.slice(1).map((d) => {
      const full = name(d);
      return full.startsWith(`${name(c)}:`) ? full.slice(name(c).length + 1) : d.DisplayName || full;
    });
    const sub = c.Job === true || Boolean(c.ParentRef?.value);
    const phoneFrom = sub && phonesOf(c).length === 0 ? ancestor(c, (a) => phonesOf(a).length > 0) : null;
    const emailFrom = sub && emailsOf(c).length === 0 ? ancestor(c, (a) => emailsOf(a).length > 0) : null;
    const since = c.MetaData?.CreateTime ?? '';
    const row: Record<(typeof QUICKBOOKS_COLUMNS)[number], string> = {
      'Customer Id': c.Id,
      Customer: name(c),
      'Display Name': c.DisplayName ?? '',
      Title: c.Title ?? '',
      'First Name': c.GivenName ?? '',
      'Middle Name': c.MiddleName ?? '',
      'Last Name': c.FamilyName ?? '',
      Suffix: c.Suffix ?? '',
      Company: c.CompanyName ?? '',
      Phone: ownPhones(c)[0]!,
      Mobile: ownPhones(c)[1]!,
      'Alternate Phone': ownPhones(c)[2]!,
      Fax: c.Fax?.FreeFormNumber ?? '',
      Email: c.PrimaryEmailAddr?.Address ?? '',
      Website: c.WebAddr?.URI ?? '',
      'Billing Address': street(c.BillAddr),
      'Billing City': c.BillAddr?.City ?? '',
      'Billing State': c.BillAddr?.CountrySubDivisionCode ?? '',
      'Billing Zip': c.BillAddr?.PostalCode ?? '',
      'Billing Country': c.BillAddr?.Country ?? '',
      'Shipping Address': [
        street(c.ShipAddr),
        c.ShipAddr?.City,
        [c.ShipAddr?.CountrySubDivisionCode, c.ShipAddr?.PostalCode].filter(Boolean).join(' '),
      ]
        .filter((p) => p?.trim())
        .join(', '),
      Notes: c.Notes ?? '',
      Active: yesNo(c.Active),
      'Sub-customer': yesNo(sub),
      'Parent Id': c.ParentRef?.value ?? '',
      'Bill With Parent': yesNo(c.BillWithParent),
      Balance: amount(c.Balance),
      'Balance With Jobs': amount(c.BalanceWithJobs),
      Currency: c.CurrencyRef?.value ?? '',
      Created: since,
      'Last Updated': c.MetaData?.LastUpdatedTime ?? '',
      'Parent Phone': phoneFrom
        ? phonesOf(phoneFrom)
            .map((p) => p.e164)
            .join(', ')
        : '',
      'Parent Email': emailFrom ? emailsOf(emailFrom).join(', ') : '',
      'QuickBooks Jobs': jobs.join('; '),
      'QuickBooks Job Count': jobs.length ? String(jobs.length) : '',
      'QuickBooks Last Job Date': last?.d ?? '',
      'QuickBooks Job Description': last?.x ?? '',
      'QuickBooks Total Invoiced': traded ? money(invoiced) : '',
      'QuickBooks Total Paid': traded ? money(paid) : '',
      'QuickBooks Open Balance': amount(c.BalanceWithJobs ?? c.Balance),
      'QuickBooks Customer Since': since.slice(0, 10),
      'QuickBooks Status': c.Active === false ? 'Inactive' : 'Active',
    };
    return QUICKBOOKS_COLUMNS.map((h) => row[h]);
  });
  const header = [...QUICKBOOKS_COLUMNS];
  const records = buildRecords(
    sourceId,
    profileById(SYNC_PROFILE)!,
    header,
    cells,
    cells.map((_, i) => i + 2),
  );
  return {
    header: [...header, ...RECORD_COLUMNS],
    rows: sheetRows(records, header.length),
    summary: {
      customers: customers.length,
      withPhone: records.filter((r) => r.phones.length > 0).length,
      subCustomers: customers.filter((c) => c.Job === true || c.ParentRef?.value).length,
      inactive: customers.filter((c) => c.Active === false).length,
      invoices: invoices.length,
      payments: payments.length,
      problems,
      problemCount,
    },
  };
}
