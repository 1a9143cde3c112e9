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
  // Customers are staged whole; of a transaction only what the history needs.
  if (phase === 'customers') return item;
  const txn: Txn = {
    i: String(item.Id ?? ''),
    c: String(item.CustomerRef?.value ?? ''),
    d: String(item.TxnDate ?? ''),
    t: cents(item.TotalAmt),
  };
  const x = (item.Line ?? [])
    .filter((l) => l.DetailType !== 'SubTotalLineDetail' && l.Description?.trim())
    .map((l) => l.Description!.trim().replace(/\s+/g, ' '))
    .join('; ');
  if (phase === 'invoices' && x) txn.x = x.slice(0, DESCRIPTION_CHARS);
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

/** `1,250.00` from cents. */
export function money(amount: number): string {
  const [whole, part] = (Math.abs(amount) / 100).toFixed(2).split('.');
  return `${amount < 0 ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}.${part}`;
}

const lines = (a: Address) => [a.Line1, a.Line2, a.Line3, a.Line4, a.Line5];
const joined = (parts: Array<string | undefined>, by = ', ') => parts.filter((p) => p?.trim()).join(by);
const yesNo = (b: unknown) => (b === undefined ? '' : b ? 'yes' : 'no');
const amount = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? money(cents(n)) : '');
const ownPhones = (c: QbCustomer) => [c.PrimaryPhone, c.Mobile, c.AlternatePhone].map((p) => (p && p.FreeFormNumber) || '');
const parentId = (c: QbCustomer) => (c.ParentRef && c.ParentRef.value) || '';
const isSub = (c: QbCustomer) => c.Job === true || parentId(c) !== '';

export interface SyncedSheet {
  header: string[];
  rows: string[][];
  summary: QuickBooksSyncSummary;
  /** Phones found in all. */
  phones: number;
}

/**
 * The QuickBooks sheet from the staging rows: a customer per row by full name (parents before
 * their jobs), each with the history of itself and its sub-customers, then Record Key (from the
 * customer's Id, stable across syncs) and Phones, exactly as an import writes them.
 */
export function syncedSheet(sourceId: string, stagingRows: readonly (readonly string[])[]): SyncedSheet {
  const staged = { customers: new Map<string, QbCustomer>(), invoices: new Map<string, Txn>(), payments: new Map<string, Txn>() };
  // A page fetched twice (a chunk cut off before its position was kept) counts once, by Id.
  for (const [kind = '', , id = '', data = ''] of stagingRows) if (kind in staged) staged[kind as FetchPhase].set(id, JSON.parse(data));
  const customers = [...staged.customers.values()];
  const byId = new Map(customers.map((c) => [c.Id, c]));
  const parentOf = (c: QbCustomer) => byId.get(parentId(c));
  const own = new Map<string, { invoiced: number; paid: number; last: Txn | null }>();
  const ownOf = (id: string) => own.get(id) ?? own.set(id, { invoiced: 0, paid: 0, last: null }).get(id)!;
  const newer = (a: Txn | null, b: Txn | null) => (!a || (b && (b.d > a.d || (b.d === a.d && Number(b.i) > Number(a.i)))) ? b : a);
  for (const inv of staged.invoices.values()) {
    const o = ownOf(inv.c);
    o.invoiced += inv.t;
    o.last = newer(o.last, inv);
  }
  for (const p of staged.payments.values()) ownOf(p.c).paid += p.t;
  /** The customer and every ancestor, nearest first (a loop in bad data ends it). */
  const chain = (c: QbCustomer): QbCustomer[] => {
    const out = [c];
    for (let a = parentOf(c); a && !out.includes(a); a = parentOf(a)) out.push(a);
    return out;
  };
  const family = new Map<string, QbCustomer[]>();
  for (const c of customers) for (const a of chain(c)) (family.get(a.Id) ?? family.set(a.Id, []).get(a.Id)!).push(c);
  const phonesOf = (c: QbCustomer) => phonesIn(...ownPhones(c));
  const emailsOf = (c: QbCustomer) => emailsIn((c.PrimaryEmailAddr && c.PrimaryEmailAddr.Address) || '');

  const problems: QuickBooksSyncSummary['problems'] = [];
  let problemCount = 0;
  const name = (c: QbCustomer) => c.FullyQualifiedName || c.DisplayName || `Customer ${c.Id}`;
  const sorted = customers.sort((a, b) => name(a).toLowerCase().localeCompare(name(b).toLowerCase()) || a.Id.localeCompare(b.Id));
  const cells = sorted.map((c) => {
    ownPhones(c).forEach((raw, i) => {
      for (const p of extractPhones(raw).problems)
        if (problemCount++ < MAX_LISTED_PROBLEMS)
          problems.push({
            customer: name(c),
            message: `${['Phone', 'Mobile', 'Alternate phone'][i]} "${p.raw.trim()}": ${describePhoneProblem(p.reason)}`,
          });
    });
    let invoiced = 0;
    let paid = 0;
    let last: Txn | null = null;
    const members = family.get(c.Id)!;
    const traded = members.some((m) => own.has(m.Id));
    for (const m of members) {
      const o = own.get(m.Id);
      if (!o) continue;
      invoiced += o.invoiced;
      paid += o.paid;
      last = newer(last, o.last);
    }
    const jobs = members
      .filter((m) => m !== c)
      .map((d) => (name(d).startsWith(`${name(c)}:`) ? name(d).slice(name(c).length + 1) : name(d)));
    // A sub-customer without a phone or email of its own is reached through its nearest ancestor's.
    const ancestors = isSub(c) ? chain(c).slice(1) : [];
    const parentPhones = phonesOf(c).length ? [] : (ancestors.map(phonesOf).find((v) => v.length) ?? []);
    const parentEmails = emailsOf(c).length ? [] : (ancestors.map(emailsOf).find((v) => v.length) ?? []);
    const since = (c.MetaData && c.MetaData.CreateTime) || '';
    const [phone, mobile, alternate] = ownPhones(c);
    const bill = c.BillAddr || {};
    const ship = c.ShipAddr || {};
    return {
      'Customer Id': c.Id,
      Customer: name(c),
      'Display Name': c.DisplayName || '',
      'First Name': c.GivenName || '',
      'Middle Name': c.MiddleName || '',
      'Last Name': c.FamilyName || '',
      Company: c.CompanyName || '',
      Phone: phone!,
      Mobile: mobile!,
      'Alternate Phone': alternate!,
      Fax: (c.Fax && c.Fax.FreeFormNumber) || '',
      Email: (c.PrimaryEmailAddr && c.PrimaryEmailAddr.Address) || '',
      'Billing Address': joined(lines(bill)),
      'Billing City': bill.City || '',
      'Billing State': bill.CountrySubDivisionCode || '',
      'Billing Zip': bill.PostalCode || '',
      'Shipping Address': joined([...lines(ship), ship.City, joined([ship.CountrySubDivisionCode, ship.PostalCode], ' ')]),
      Notes: c.Notes || '',
      Active: yesNo(c.Active),
      'Sub-customer': yesNo(isSub(c)),
      'Parent Id': parentId(c),
      Balance: amount(c.Balance),
      'Balance With Jobs': amount(c.BalanceWithJobs),
      Created: since,
      'Parent Phone': parentPhones.map((p) => p.e164).join(', '),
      'Parent Email': parentEmails.join(', '),
      'QuickBooks Jobs': jobs.join('; '),
      'QuickBooks Job Count': jobs.length ? String(jobs.length) : '',
      'QuickBooks Last Job Date': last ? last.d : '',
      'QuickBooks Job Description': (last && last.x) || '',
      'QuickBooks Total Invoiced': traded ? money(invoiced) : '',
      'QuickBooks Total Paid': traded ? money(paid) : '',
      'QuickBooks Open Balance': amount(c.BalanceWithJobs === undefined ? c.Balance : c.BalanceWithJobs),
      'QuickBooks Customer Since': since.slice(0, 10),
      'QuickBooks Status': c.Active === false ? 'Inactive' : 'Active',
    } as Record<string, string>;
  });
  const header = Object.keys(cells[0] ?? {});
  const rows = cells.map((r) => header.map((h) => r[h]!));
  const records = buildRecords(
    sourceId,
    profileById(SYNC_PROFILE)!,
    header,
    rows,
    rows.map((_, i) => i + 2),
  );
  return {
    header: [...header, ...RECORD_COLUMNS],
    rows: sheetRows(records, header.length),
    phones: records.reduce((n, r) => n + r.phones.length, 0),
    summary: {
      customers: customers.length,
      withPhone: records.filter((r) => r.phones.length).length,
      subCustomers: customers.filter(isSub).length,
      inactive: customers.filter((c) => c.Active === false).length,
      invoices: staged.invoices.size,
      payments: staged.payments.size,
      problems,
      problemCount,
    },
  };
}
