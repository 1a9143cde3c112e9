/**
 * The QuickBooks Online entities the mock serves, as the v3 API's JSON spells them. Every
 * property the API may leave out is optional: it returns only properties that have values
 * (reference source-formats.md §2f), so a client has to guard every path.
 *
 * Shapes follow Intuit's own samples: the Customer sample objects of the API reference (a copy is
 * kept at github.com/abossenbroek/qbo-mcp, qbo-api-docs/entities/customer.md: "Bill's Windsurf
 * Shop", "Amy's Bird Sanctuary"), the Payment sample with its `LineEx` name/value list ("Red Rock
 * Diner", quoted in many public clients), and customer lists captured from live companies
 * (`V4IDPseudonym`, `domain`, `sparse`).
 */

export interface Ref {
  value: string;
  name?: string;
}

export interface PhysicalAddress {
  Id: string;
  Line1?: string;
  Line2?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country?: string;
  Lat?: string;
  Long?: string;
}

export interface MetaData {
  CreateTime: string;
  LastUpdatedTime: string;
}

export interface QboCustomer {
  Id: string;
  SyncToken: string;
  domain: 'QBO';
  sparse: false;
  MetaData: MetaData;
  Title?: string;
  GivenName?: string;
  MiddleName?: string;
  FamilyName?: string;
  Suffix?: string;
  CompanyName?: string;
  DisplayName: string;
  FullyQualifiedName: string;
  PrintOnCheckName?: string;
  Active: boolean;
  PrimaryPhone?: { FreeFormNumber: string };
  Mobile?: { FreeFormNumber: string };
  AlternatePhone?: { FreeFormNumber: string };
  Fax?: { FreeFormNumber: string };
  PrimaryEmailAddr?: { Address: string };
  WebAddr?: { URI: string };
  BillAddr?: PhysicalAddress;
  ShipAddr?: PhysicalAddress;
  Notes?: string;
  Job: boolean;
  ParentRef?: Ref;
  Level?: number;
  BillWithParent: boolean;
  IsProject: boolean;
  Taxable: boolean;
  Balance: number;
  BalanceWithJobs: number;
  CurrencyRef: Ref;
  PreferredDeliveryMethod: 'Print' | 'Email' | 'None';
  V4IDPseudonym: string;
}

export interface SalesLine {
  Id: string;
  LineNum: number;
  Description: string;
  Amount: number;
  DetailType: 'SalesItemLineDetail';
  SalesItemLineDetail: { ItemRef: Ref; Qty: number; UnitPrice: number; TaxCodeRef: Ref };
}

export interface SubTotalLine {
  Amount: number;
  DetailType: 'SubTotalLineDetail';
  SubTotalLineDetail: Record<string, never>;
}

export interface LinkedTxn {
  TxnId: string;
  TxnType: 'Invoice' | 'Payment';
}

export interface QboInvoice {
  Id: string;
  SyncToken: string;
  domain: 'QBO';
  sparse: false;
  MetaData: MetaData;
  DocNumber: string;
  TxnDate: string;
  DueDate: string;
  CurrencyRef: Ref;
  // The API sends an empty list for an invoice nothing is applied to (Intuit's invoice sample).
  LinkedTxn: LinkedTxn[];
  Line: Array<SalesLine | SubTotalLine>;
  TxnTaxDetail: { TotalTax: number };
  CustomerRef: Ref;
  CustomerMemo?: { value: string };
  BillAddr?: PhysicalAddress;
  ShipAddr?: PhysicalAddress;
  SalesTermRef: Ref;
  TotalAmt: number;
  ApplyTaxAfterDiscount: boolean;
  PrintStatus: 'NeedToPrint' | 'NotSet';
  EmailStatus: 'NotSet' | 'EmailSent';
  BillEmail?: { Address: string };
  Balance: number;
}

/** One entry of a payment line's `LineEx.any`, the JAXB name/value list the API really sends. */
export interface LineExEntry {
  name: '{http://schema.intuit.com/finance/v3}NameValue';
  nil: false;
  value: { Name: 'txnId' | 'txnOpenBalance' | 'txnReferenceNumber'; Value: string };
  declaredType: 'com.intuit.schema.finance.v3.NameValue';
  scope: 'javax.xml.bind.JAXBElement$GlobalScope';
  globalScope: true;
  typeSubstituted: false;
}

export interface PaymentLine {
  Amount: number;
  LinkedTxn: LinkedTxn[];
  LineEx: { any: LineExEntry[] };
}

export interface QboPayment {
  Id: string;
  SyncToken: string;
  domain: 'QBO';
  sparse: false;
  MetaData: MetaData;
  TxnDate: string;
  CurrencyRef: Ref;
  Line: PaymentLine[];
  CustomerRef: Ref;
  DepositToAccountRef: Ref;
  PaymentMethodRef?: Ref;
  PaymentRefNum?: string;
  TotalAmt: number;
  UnappliedAmt: number;
  ProcessPayment: boolean;
}

export interface QuickBooksCompany {
  customers: QboCustomer[];
  invoices: QboInvoice[];
  payments: QboPayment[];
}

export const USD: Ref = { value: 'USD', name: 'United States Dollar' };

/**
 * Intuit stamps entity times in the Pacific zone of its servers, whatever the company's zone
 * (`2014-09-11T16:49:28-07:00` in every sample); the response `time` also carries milliseconds.
 */
export function pacificTime(ms: number, withMillis = false): string {
  const parts = Object.fromEntries(PACIFIC.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const offset = /GMT([+-])(\d+)(?::(\d+))?/.exec(parts.timeZoneName ?? '');
  const zone = offset ? `${offset[1]}${offset[2]!.padStart(2, '0')}:${(offset[3] ?? '00').padStart(2, '0')}` : '+00:00';
  const millis = withMillis ? `.${String(ms % 1000).padStart(3, '0')}` : '';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${millis}${zone}`;
}

/** A transaction date (`TxnDate`, `DueDate`): the Pacific calendar day. */
export function pacificDate(ms: number): string {
  return pacificTime(ms).slice(0, 10);
}

const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'shortOffset',
});
