/**
 * A deterministic US small-business company (a basement and foundation contractor around
 * Boston): the same seed and size give the same customers, invoices and payments, so tests can
 * load the expected data with `quickBooksCompany()` without starting the server.
 *
 * What it has on purpose, because real companies do (reference source-formats.md §2c, §2f, §5):
 * people filed as `Last, First` or `First Last`, some with a title or suffix; companies with
 * LLC/Inc/Trust names; phones as free text in many formats, now and then malformed (Intuit's own
 * sample has `555-5555-6666`) or seven digits; several emails in one field; about 8% jobs
 * (`Parent:Job`, often without phone or email of their own); inactive customers renamed
 * `… (deleted)`; customers with no phone at all; gaps in the Id sequence. Balances agree with the
 * invoices: a customer's Balance is what its invoices still owe.
 */
import { random } from '../openphone-mock/fixtures';
import {
  USD,
  pacificDate,
  pacificTime,
  type LinkedTxn,
  type PaymentLine,
  type PhysicalAddress,
  type QboCustomer,
  type QboInvoice,
  type QboPayment,
  type QuickBooksCompany,
  type SalesLine,
} from './entities';

export interface CompanyOptions {
  /** E.164 numbers given, in varied formats, to the first customers that have a phone (to line up with other sources). */
  phones?: string[];
}

export const DEFAULT_CUSTOMERS = 1234;
const DAY = 86_400_000;
/** The fixture's "today": data never depends on the wall clock. */
export const FIXTURE_END = Date.UTC(2026, 10, 20, 17);
const FIRST_CUSTOMER = Date.UTC(2019, 2, 1);

const GIVEN = words(
  'James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan',
  'Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Margaret Mark Sandra',
  'Steven Ashley Paul Kimberly Andrew Emily Joshua Donna Kevin Michelle Brian Carol George Amanda',
  'Timothy Melissa Ronald Deborah Edward Stephanie Jason Rebecca Ryan Laura Sean Kathleen Patrick',
  'Maureen Kelly Bernice Francis Colleen Dennis Eileen Raymond Theresa Peter Joan Ana Luis Minh Priya',
  'Wei Fatima',
);
const FAMILY = words(
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson',
  'Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall Young',
  "Allen King Wright Scott Green Baker Adams Nelson Murphy Sullivan O'Brien McCarthy Kelly Walsh",
  'Fitzgerald Doherty Gallagher Flaherty Kennedy Ryan Byrne Connolly Driscoll Sousa Medeiros Pereira',
  'Costa Russo DiMarco Ferrara Nguyen Tran Patel Chen Wong Kowalski Novak Acors Lucchini St._Pierre',
  'LeBlanc Cote Van_Buren',
);
const COMPANY_WORDS = words(
  'Harborview Beacon_Hill North_Shore South_Shore Bay_State Cape_Cod Merrimack Charles_River Granite',
  'Minuteman Patriot Old_Colony Pilgrim Commonwealth Back_Bay Blue_Hills Quincy_Point Neponset Mystic',
  'Fenway',
);
const COMPANY_KINDS = words(
  'Property_Management Realty Builders Dental_Group Landscaping Construction Plumbing_&_Heating',
  'Home_Inspections Holdings Condominium_Trust Development Insurance_Agency',
);
const COMPANY_FORMS = ['LLC', 'LLC', 'Inc', 'Inc.', 'Corp', 'Trust', 'Co.', 'Group LLC'] as const;
const STREETS = words(
  'Main_St Elm_St Maple_Ave Oak_St Washington_St Pleasant_St Highland_Ave School_St Centre_St Union_St',
  'Prospect_St Summer_St Winter_St Chestnut_St Walnut_St Park_Ave Adams_St Hancock_St Beacon_St',
  'Boylston_St Larkspur_Way Testing_Rd Quarry_St Granite_Ave',
);
/** City, ZIP, area code. */
const CITIES = words(
  'Quincy:02169:617 Braintree:02184:781 Weymouth:02188:781 Milton:02186:617 Dorchester:02124:617',
  'Brookline:02445:617 Newton:02458:617 Needham:02492:781 Dedham:02026:781 Norwood:02062:781',
  'Framingham:01701:508 Natick:01760:508 Worcester:01608:508 Brockton:02301:508 Plymouth:02360:508',
  'Lowell:01852:978 Andover:01810:978 Salem:01970:978 Medford:02155:781 Somerville:02143:617',
  'Cambridge:02139:617 Providence:02903:401 Nashua:03060:603',
).map((c) => c.split(':') as [string, string, string]);
const EMAIL_HOSTS = ['gmail.com', 'gmail.com', 'yahoo.com', 'comcast.net', 'verizon.net', 'outlook.com', 'aol.com', 'icloud.com'];
const TITLES = ['Mr.', 'Mrs.', 'Ms.', 'Dr.'] as const;
const SUFFIXES = ['Jr.', 'Sr.', 'III'] as const;
const JOB_NAMES = ['Basement waterproofing', 'Foundation repair', 'Crawl space', 'Sump pump', 'Unit 2', 'Unit 3B', 'Garage slab'];
const NOTES = [
  'Basement crack, north wall. Warranty 2023.',
  'Call before arriving; dog in yard.',
  'Prefers text messages.',
  'Tenant occupied, coordinate with property manager.',
  'Referred by neighbor.',
  'Lifetime transferable warranty on file.',
];
const ITEMS = [
  { id: '3', name: 'Crack Repair', what: 'Foundation crack injection', unit: [450, 950] },
  { id: '5', name: 'Waterproofing', what: 'Interior perimeter drain and vapor barrier', unit: [3800, 9800] },
  { id: '7', name: 'Sump Pump', what: 'Sump pump installation with battery backup', unit: [1200, 2400] },
  { id: '8', name: 'Inspection', what: 'Foundation inspection and written report', unit: [150, 350] },
  { id: '11', name: 'Wall Anchors', what: 'Bowing wall stabilization, wall anchors', unit: [650, 900] },
  { id: '12', name: 'Crawl Space', what: 'Crawl space encapsulation', unit: [2500, 7500] },
  { id: '14', name: 'Service Call', what: 'Service call, annual sump maintenance', unit: [125, 225] },
] as const;
const WHERE = ['north wall', 'south wall', 'east wall', 'west wall', 'front corner', 'under the stairs', 'garage side'];
const METHODS = [
  { value: '2', name: 'Check' },
  { value: '2', name: 'Check' },
  { value: '3', name: 'Credit Card' },
  { value: '1', name: 'Cash' },
] as const;

interface Draft {
  customer: QboCustomer;
  created: number;
}

export function quickBooksCompany(seed = 1, customers = DEFAULT_CUSTOMERS, options: CompanyOptions = {}): QuickBooksCompany {
  const rand = random(seed * 7919 + 13);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const money = (lo: number, hi: number) => Math.round((lo + rand() * (hi - lo)) / 5) * 5;
  const givenPhones = [...(options.phones ?? [])];
  const usedNumbers = new Set(givenPhones.map((p) => p.replace(/\D/g, '').slice(-10)));
  const names = new Set<string>();
  let addressId = 1;
  let customerId = 0;

  const nanp = (area: string): string => {
    for (;;) {
      const exchange = between(201, 989);
      const digits = `${area}${exchange}${String(between(0, 9999)).padStart(4, '0')}`;
      if (exchange !== 555 && exchange % 100 !== 11 && !usedNumbers.has(digits)) {
        usedNumbers.add(digits);
        return digits;
      }
    }
  };
  const address = (city: [string, string, string]): PhysicalAddress => ({
    Id: String(addressId++),
    Line1: `${between(2, 480)} ${pick(STREETS)}`,
    City: city[0],
    CountrySubDivisionCode: city[0] === 'Providence' ? 'RI' : city[0] === 'Nashua' ? 'NH' : 'MA',
    PostalCode: city[1],
    ...(rand() < 0.6 ? { Country: 'USA' } : {}),
    ...(rand() < 0.5 ? { Lat: (42 + rand() * 0.6).toFixed(7), Long: (-71.5 + rand() * 0.6).toFixed(7) } : {}),
  });
  const unique = (name: string, city: string): string => {
    let candidate = name;
    for (let n = 2; names.has(candidate.toLowerCase()); n++) candidate = n === 2 ? `${name} - ${city}` : `${name} (${n})`;
    names.add(candidate.toLowerCase());
    return candidate;
  };

  const drafts: Draft[] = [];
  const topLevel: Draft[] = [];
  for (let i = 0; i < customers; i++) {
    customerId += rand() < 0.15 ? between(2, 4) : 1;
    const created = FIRST_CUSTOMER + Math.floor(rand() * (FIXTURE_END - 45 * DAY - FIRST_CUSTOMER));
    const city = pick(CITIES);
    const id = String(customerId);
    const base = {
      Id: id,
      SyncToken: String(rand() < 0.5 ? 0 : between(1, 6)),
      domain: 'QBO' as const,
      sparse: false as const,
      MetaData: { CreateTime: '', LastUpdatedTime: '' },
      Balance: 0,
      BalanceWithJobs: 0,
      CurrencyRef: { ...USD },
      Taxable: false,
      IsProject: false,
      V4IDPseudonym: `0020${Math.floor(rand() * 2 ** 52)
        .toString(16)
        .padStart(13, '0')}${Math.floor(rand() * 2 ** 52)
        .toString(16)
        .padStart(13, '0')}${id.padStart(8, '0')}`,
    };
    const parent = topLevel.length > 0 && rand() < 0.08 ? pick(topLevel) : null;
    let customer: QboCustomer;
    if (parent) {
      // A job: named after the site or the work, billed to the parent, contact data on the parent.
      const site = address(city);
      const jobName = rand() < 0.6 ? site.Line1! : `${pick(JOB_NAMES)} ${between(1, 9)}`;
      const displayName = unique(jobName, city[0]);
      // Making a parent inactive makes its jobs inactive too.
      const active = parent.customer.Active && rand() > 0.03;
      const shown = active ? displayName : `${displayName} (deleted)`;
      const own = rand() < 0.3;
      customer = {
        ...base,
        ...(parent.customer.CompanyName ? { CompanyName: parent.customer.CompanyName } : {}),
        DisplayName: shown,
        FullyQualifiedName: `${parent.customer.FullyQualifiedName}:${shown}`,
        Active: active,
        Job: true,
        ParentRef: { value: parent.customer.Id, name: parent.customer.FullyQualifiedName },
        Level: 1,
        BillWithParent: rand() < 0.5,
        ShipAddr: site,
        PreferredDeliveryMethod: parent.customer.PreferredDeliveryMethod,
        ...(own ? phonesAndEmail(false) : {}),
      };
    } else {
      const isCompany = rand() < 0.25;
      const given = pick(GIVEN);
      const family = pick(FAMILY);
      let displayName: string;
      let person: Partial<QboCustomer>;
      if (isCompany) {
        const companyName = `${pick(COMPANY_WORDS)} ${pick(COMPANY_KINDS)} ${pick(COMPANY_FORMS)}`;
        displayName = unique(companyName, city[0]);
        person = { CompanyName: companyName, ...(rand() < 0.4 ? { GivenName: given, FamilyName: family } : {}) };
      } else {
        const title = rand() < 0.05 ? pick(TITLES) : undefined;
        const suffix = rand() < 0.03 ? pick(SUFFIXES) : undefined;
        const middle = rand() < 0.1 ? pick(GIVEN) : undefined;
        const lastFirst = rand() < 0.55;
        displayName = unique(
          lastFirst ? `${family}${suffix ? ` ${suffix}` : ''}, ${given}` : `${given} ${family}${suffix ? ` ${suffix}` : ''}`,
          city[0],
        );
        person = {
          ...(title ? { Title: title } : {}),
          GivenName: given,
          ...(middle ? { MiddleName: middle } : {}),
          FamilyName: family,
          ...(suffix ? { Suffix: suffix } : {}),
        };
      }
      const active = rand() > 0.05;
      const bill = address(city);
      const hasContact = rand() > 0.07;
      customer = {
        ...base,
        ...person,
        DisplayName: active ? displayName : `${displayName} (deleted)`,
        FullyQualifiedName: active ? displayName : `${displayName} (deleted)`,
        PrintOnCheckName: isCompany ? person.CompanyName! : `${person.GivenName} ${person.FamilyName}`,
        Active: active,
        Job: false,
        BillWithParent: false,
        BillAddr: bill,
        ...(rand() < 0.35 ? { ShipAddr: { ...bill, Id: String(addressId++) } } : {}),
        PreferredDeliveryMethod: rand() < 0.55 ? 'Email' : rand() < 0.8 ? 'Print' : 'None',
        ...(hasContact ? phonesAndEmail(isCompany, given, family, person.CompanyName) : {}),
        ...(isCompany && rand() < 0.3 ? { WebAddr: { URI: `http://www.${slug(person.CompanyName!)}.com` } } : {}),
        ...(rand() < 0.12 ? { Notes: pick(NOTES) } : {}),
      };
    }
    const draft = { customer, created };
    drafts.push(draft);
    if (!parent) topLevel.push(draft);
  }

  function phonesAndEmail(isCompany: boolean, given?: string, family?: string, company?: string): Partial<QboCustomer> {
    const out: Partial<QboCustomer> = {};
    const area = pick(CITIES)[2];
    const given10 = givenPhones.shift()?.replace(/\D/g, '').slice(-10);
    const primary = given10 ?? nanp(area);
    const roll = rand();
    if (given10 === undefined && roll < 0.01) out.PrimaryPhone = { FreeFormNumber: '555-5555-6666' };
    else if (given10 === undefined && roll < 0.02) out.PrimaryPhone = { FreeFormNumber: `${primary.slice(3, 6)}-${primary.slice(6)}` };
    else if (given10 === undefined && roll < 0.025)
      out.PrimaryPhone = { FreeFormNumber: `+44 20 7946 ${String(between(0, 9999)).padStart(4, '0')}` };
    else if (given10 !== undefined || roll < 0.92) out.PrimaryPhone = { FreeFormNumber: formatPhone(primary, rand) };
    if (!isCompany && rand() < 0.45) {
      // Phone and mobile are often the same number, typed twice in different ways.
      out.Mobile = { FreeFormNumber: formatPhone(rand() < 0.3 ? primary : nanp(area), rand) };
    }
    if (rand() < 0.1) out.AlternatePhone = { FreeFormNumber: formatPhone(nanp(area), rand) };
    if (isCompany && rand() < 0.3) out.Fax = { FreeFormNumber: formatPhone(nanp(area), rand) };
    if (rand() < 0.75) {
      const first = isCompany && company ? `${pick(['office', 'billing', 'ap', 'info'])}@${slug(company)}.com` : emailOf(given, family);
      out.PrimaryEmailAddr = { Address: rand() < 0.1 ? `${first}, ${emailOf(pick(GIVEN), family)}` : first };
    }
    return out;
  }

  function emailOf(given: string = pick(GIVEN), family: string = pick(FAMILY)): string {
    const g = given.toLowerCase().replace(/[^a-z]/g, '');
    const f = family.toLowerCase().replace(/[^a-z]/g, '');
    const local = pick([`${g}.${f}`, `${g[0]}${f}`, `${g}${f}${between(1, 99)}`, `${f}.${g}`, `${g}_${f}`]);
    return `${local}@${pick(EMAIL_HOSTS)}`;
  }

  // Transactions: each customer's invoices, then the payments that settle them, numbered in
  // the order they were entered (invoices and payments share one Id sequence, with gaps).
  interface Event {
    at: number;
    make: (id: string) => void;
  }
  const events: Event[] = [];
  const invoices: QboInvoice[] = [];
  const payments: QboPayment[] = [];
  const invoicesOf = new Map<string, QboInvoice[]>();
  let docNumber = 1001;
  for (const draft of drafts) {
    const c = draft.customer;
    const count = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * rand() * 11);
    for (let k = 0; k < count; k++) {
      const txn = draft.created + Math.floor(rand() * (FIXTURE_END - DAY - draft.created));
      const lines: SalesLine[] = [];
      for (let n = 0, lineCount = rand() < 0.7 ? 1 : between(2, 3); n < lineCount; n++) {
        const item = pick(ITEMS);
        const qty = item.id === '3' || item.id === '11' ? between(1, 4) : 1;
        const unit = money(item.unit[0], item.unit[1]);
        lines.push({
          Id: String(n + 1),
          LineNum: n + 1,
          Description: item.id === '3' || item.id === '11' ? `${item.what}, ${pick(WHERE)} (${qty})` : item.what,
          Amount: qty * unit,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item.id, name: item.name }, Qty: qty, UnitPrice: unit, TaxCodeRef: { value: 'NON' } },
        });
      }
      const total = lines.reduce((s, l) => s + l.Amount, 0);
      const contact = c.Job ? drafts.find((d) => d.customer.Id === c.ParentRef!.value)!.customer : c;
      const invoice: QboInvoice = {
        Id: '',
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        MetaData: { CreateTime: pacificTime(txn), LastUpdatedTime: pacificTime(txn) },
        DocNumber: '',
        TxnDate: pacificDate(txn),
        DueDate: pacificDate(txn + 30 * DAY),
        CurrencyRef: { ...USD },
        LinkedTxn: [],
        Line: [...lines, { Amount: total, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }],
        TxnTaxDetail: { TotalTax: 0 },
        CustomerRef: { value: c.Id, name: c.FullyQualifiedName },
        ...(rand() < 0.2 ? { CustomerMemo: { value: 'Thank you for your business and have a great day!' } } : {}),
        ...(contact.BillAddr ? { BillAddr: { ...contact.BillAddr, Id: String(addressId++) } } : {}),
        ...(c.ShipAddr ? { ShipAddr: { ...c.ShipAddr, Id: String(addressId++) } } : {}),
        SalesTermRef: { value: '3' },
        TotalAmt: total,
        ApplyTaxAfterDiscount: false,
        PrintStatus: contact.PreferredDeliveryMethod === 'Print' ? 'NeedToPrint' : 'NotSet',
        EmailStatus: contact.PreferredDeliveryMethod === 'Email' && contact.PrimaryEmailAddr ? 'EmailSent' : 'NotSet',
        ...(contact.PrimaryEmailAddr ? { BillEmail: { Address: contact.PrimaryEmailAddr.Address } } : {}),
        Balance: total,
      };
      events.push({
        at: txn,
        make: (id) => {
          invoice.Id = id;
          invoice.DocNumber = String(docNumber++);
          invoices.push(invoice);
          invoicesOf.set(c.Id, [...(invoicesOf.get(c.Id) ?? []), invoice]);
        },
      });
      const age = FIXTURE_END - txn;
      const settle = rand();
      const paid = age > 60 * DAY ? settle < 0.85 : settle < 0.5;
      const partial = !paid && settle < (age > 60 * DAY ? 0.92 : 0.6);
      if (!paid && !partial) continue;
      const at = Math.min(txn + between(0, 45) * DAY + between(1, 8) * 3_600_000, FIXTURE_END - 3_600_000);
      const amount = paid ? total : Math.round(total * (0.3 + rand() * 0.4));
      const method = pick(METHODS);
      const refNum = method.name === 'Check' ? String(between(1001, 9999)) : undefined;
      events.push({ at, make: (id) => pay(id, at, c, [{ invoice, amount }], method, refNum) });
    }
  }

  function pay(
    id: string,
    at: number,
    c: QboCustomer,
    applied: Array<{ invoice: QboInvoice; amount: number }>,
    method: (typeof METHODS)[number],
    refNum?: string,
  ) {
    const lines: PaymentLine[] = applied.map(({ invoice, amount }) => {
      const open = invoice.Balance;
      invoice.Balance = Math.round((invoice.Balance - amount) * 100) / 100;
      invoice.LinkedTxn.push({ TxnId: id, TxnType: 'Payment' });
      invoice.SyncToken = String(Number(invoice.SyncToken) + 1);
      invoice.MetaData.LastUpdatedTime = pacificTime(at);
      return paymentLine(invoice, amount, open);
    });
    payments.push({
      Id: id,
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: pacificTime(at), LastUpdatedTime: pacificTime(at) },
      TxnDate: pacificDate(at),
      CurrencyRef: { ...USD },
      Line: lines,
      CustomerRef: { value: c.Id, name: c.FullyQualifiedName },
      DepositToAccountRef: { value: '4' },
      PaymentMethodRef: { ...method },
      ...(refNum ? { PaymentRefNum: refNum } : {}),
      TotalAmt: lines.reduce((s, l) => s + l.Amount, 0),
      UnappliedAmt: 0,
      ProcessPayment: false,
    });
  }

  events.sort((a, b) => a.at - b.at);
  let txnId = 100;
  for (const event of events) {
    txnId += rand() < 0.2 ? between(2, 5) : 1;
    event.make(String(txnId));
  }

  for (const draft of drafts) {
    const c = draft.customer;
    const own = invoicesOf.get(c.Id) ?? [];
    const last = Math.max(draft.created, ...own.map((i) => Date.parse(i.MetaData.CreateTime)));
    c.MetaData = {
      CreateTime: pacificTime(draft.created),
      LastUpdatedTime: pacificTime(draft.created + Math.floor(rand() * (last - draft.created))),
    };
  }
  const company = { customers: drafts.map((d) => d.customer), invoices, payments };
  recomputeBalances(company);
  return company;
}

/** A payment line as the API writes it: the applied invoice in `LinkedTxn` and again in `LineEx`. */
export function paymentLine(invoice: QboInvoice, amount: number, openBefore: number): PaymentLine {
  const nameValue = (Name: 'txnId' | 'txnOpenBalance' | 'txnReferenceNumber', Value: string) => ({
    name: '{http://schema.intuit.com/finance/v3}NameValue' as const,
    nil: false as const,
    value: { Name, Value },
    declaredType: 'com.intuit.schema.finance.v3.NameValue' as const,
    scope: 'javax.xml.bind.JAXBElement$GlobalScope' as const,
    globalScope: true as const,
    typeSubstituted: false as const,
  });
  const linked: LinkedTxn[] = [{ TxnId: invoice.Id, TxnType: 'Invoice' }];
  return {
    Amount: amount,
    LinkedTxn: linked,
    LineEx: {
      any: [
        nameValue('txnId', invoice.Id),
        nameValue('txnOpenBalance', openBefore.toFixed(2)),
        nameValue('txnReferenceNumber', invoice.DocNumber),
      ],
    },
  };
}

/** Balance is what a customer's own invoices still owe; BalanceWithJobs adds its jobs'. */
export function recomputeBalances(company: QuickBooksCompany): void {
  const owed = new Map<string, number>();
  for (const invoice of company.invoices) owed.set(invoice.CustomerRef.value, (owed.get(invoice.CustomerRef.value) ?? 0) + invoice.Balance);
  const byId = new Map(company.customers.map((c) => [c.Id, c]));
  for (const c of company.customers) c.Balance = c.BalanceWithJobs = round(owed.get(c.Id) ?? 0);
  // Deepest first, so a job's total reaches its parent before the parent reaches its own.
  for (const c of [...company.customers].sort((a, b) => (b.Level ?? 0) - (a.Level ?? 0))) {
    const parent = c.ParentRef ? byId.get(c.ParentRef.value) : undefined;
    if (parent) parent.BalanceWithJobs = round(parent.BalanceWithJobs + c.BalanceWithJobs);
  }
}

/** `(617) 555-0123`, `617.555.0123`, `+1 617-555-0123`, `617-555-0123 x12`, …: how people type them. */
export function formatPhone(digits: string, rand: () => number): string {
  const [a, e, l] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  const r = rand();
  if (r < 0.3) return `(${a}) ${e}-${l}`;
  if (r < 0.45) return `${a}-${e}-${l}`;
  if (r < 0.57) return `${a}.${e}.${l}`;
  if (r < 0.67) return `+1 ${a}-${e}-${l}`;
  if (r < 0.75) return `${a}${e}${l}`;
  if (r < 0.82) return `${a} ${e} ${l}`;
  if (r < 0.88) return `1-${a}-${e}-${l}`;
  if (r < 0.94) return `${a}-${e}-${l} x${Math.floor(rand() * 90) + 10}`;
  if (r < 0.97) return `(${a}) ${e}-${l} ext. ${Math.floor(rand() * 900) + 100}`;
  return `+1 (${a}) ${e} ${l}`;
}

/** Word lists written compactly: words are separated by spaces, and `_` stands for a space inside one. */
function words(...lines: string[]): string[] {
  return lines.flatMap((line) => line.split(' ').map((w) => w.replace(/_/g, ' ')));
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(llc|inc|corp|co|trust|group)\b\.?/g, '')
    .replace(/[^a-z0-9]+/g, '');
}

export function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}
