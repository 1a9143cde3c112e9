/**
 * The mock company's data and the changes tests make to it between syncs (the `/__mock/mutate`
 * endpoint), kept as the API would: every changed entity gets a new SyncToken and
 * MetaData.LastUpdatedTime, names flow into the references that carry them, balances follow the
 * invoices. A customer whose balance moves because of an invoice or a payment keeps its own
 * SyncToken and LastUpdatedTime: only the transaction changed, so a client that re-reads only
 * the customers changed since its last sync must read the transactions too.
 */
import { USD, pacificDate, pacificTime, type QboCustomer, type QboInvoice, type QboPayment, type QuickBooksCompany } from './entities';
import { paymentLine, recomputeBalances, round } from './fixtures';

export type CompanyChange =
  /** Sparse update: the fields given replace the stored ones; `null` removes a field. */
  | { op: 'updateCustomer'; Id: string; fields: Record<string, unknown> }
  | { op: 'addCustomer'; fields: Record<string, unknown> }
  /** As the QuickBooks screen does it: inactive, renamed `… (deleted)`, and its jobs with it. */
  | { op: 'deactivateCustomer'; Id: string }
  | { op: 'addInvoice'; CustomerRef: string; TotalAmt: number; Description?: string; TxnDate?: string }
  /** Applied to the given invoices in order, or to the customer's oldest open invoices. */
  | { op: 'addPayment'; CustomerRef: string; TotalAmt: number; TxnDate?: string; invoices?: string[] };

export class ChangeRefused extends Error {}

const READ_ONLY = ['Id', 'SyncToken', 'MetaData', 'Balance', 'BalanceWithJobs', 'FullyQualifiedName', 'Level', 'Job', 'domain', 'sparse'];

export class CompanyStore {
  constructor(
    readonly data: QuickBooksCompany,
    private readonly now: () => number,
  ) {}

  customer(id: string): QboCustomer {
    const found = this.data.customers.find((c) => c.Id === id);
    if (!found) throw new ChangeRefused(`no customer with Id ${id}`);
    return found;
  }

  /** Applies the changes in order and answers the Id each one created or changed; one refused change refuses them all. */
  apply(changes: CompanyChange[]): string[] {
    const before = structuredClone(this.data);
    try {
      const ids = changes.map((change) => this.applyOne(change));
      recomputeBalances(this.data);
      return ids;
    } catch (e) {
      Object.assign(this.data, before);
      throw e;
    }
  }

  private applyOne(change: CompanyChange): string {
    switch (change.op) {
      case 'updateCustomer': {
        const customer = this.customer(change.Id);
        this.update(customer, change.fields);
        return customer.Id;
      }
      case 'addCustomer':
        return this.addCustomer(change.fields);
      case 'deactivateCustomer': {
        const customer = this.customer(change.Id);
        for (const c of [customer, ...this.descendants(customer)]) {
          if (!c.Active) continue;
          this.update(c, { Active: false, DisplayName: `${c.DisplayName} (deleted)` });
        }
        return customer.Id;
      }
      case 'addInvoice':
        return this.addInvoice(change);
      case 'addPayment':
        return this.addPayment(change);
      default:
        throw new ChangeRefused(`unknown change ${JSON.stringify((change as { op?: unknown }).op)}`);
    }
  }

  private update(customer: QboCustomer, fields: Record<string, unknown>): void {
    const readOnly = Object.keys(fields).filter((k) => READ_ONLY.includes(k) || k === 'ParentRef');
    if (readOnly.length > 0) throw new ChangeRefused(`read-only field(s): ${readOnly.join(', ')}`);
    if ('DisplayName' in fields) this.checkName(String(fields.DisplayName), customer.Id);
    const record = customer as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) {
      if (value === null) delete record[key];
      else record[key] = value;
    }
    this.touch(customer);
    if ('DisplayName' in fields) this.rename(customer);
  }

  private addCustomer(fields: Record<string, unknown>): string {
    const readOnly = Object.keys(fields).filter((k) => READ_ONLY.includes(k));
    if (readOnly.length > 0) throw new ChangeRefused(`read-only field(s): ${readOnly.join(', ')}`);
    const parentId = (fields.ParentRef as { value?: string } | undefined)?.value;
    const parent = parentId === undefined ? undefined : this.customer(parentId);
    const displayName = String(
      fields.DisplayName ?? [fields.Title, fields.GivenName, fields.MiddleName, fields.FamilyName, fields.Suffix].filter(Boolean).join(' '),
    );
    if (!displayName) throw new ChangeRefused('a customer needs a DisplayName or a name');
    this.checkName(displayName, '');
    const id = String(Math.max(0, ...this.data.customers.map((c) => Number(c.Id))) + 1);
    const at = pacificTime(this.now());
    const customer = {
      Id: id,
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: at, LastUpdatedTime: at },
      ...fields,
      DisplayName: displayName,
      FullyQualifiedName: parent ? `${parent.FullyQualifiedName}:${displayName}` : displayName,
      Active: fields.Active ?? true,
      Job: parent !== undefined,
      ...(parent ? { ParentRef: { value: parent.Id, name: parent.FullyQualifiedName }, Level: (parent.Level ?? 0) + 1 } : {}),
      BillWithParent: fields.BillWithParent ?? false,
      IsProject: false,
      Taxable: fields.Taxable ?? false,
      Balance: 0,
      BalanceWithJobs: 0,
      CurrencyRef: { ...USD },
      PreferredDeliveryMethod: fields.PreferredDeliveryMethod ?? 'Print',
      V4IDPseudonym: `0020${id.padStart(34, '0')}`,
    } as QboCustomer;
    this.data.customers.push(customer);
    return id;
  }

  private addInvoice(change: Extract<CompanyChange, { op: 'addInvoice' }>): string {
    const customer = this.customer(change.CustomerRef);
    const amount = round(change.TotalAmt);
    if (!(amount > 0)) throw new ChangeRefused('an invoice needs a positive TotalAmt');
    const at = this.now();
    const txnDate = change.TxnDate ?? pacificDate(at);
    const invoice: QboInvoice = {
      Id: this.nextTxnId(),
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: pacificTime(at), LastUpdatedTime: pacificTime(at) },
      DocNumber: String(Math.max(1000, ...this.data.invoices.map((i) => Number(i.DocNumber) || 0)) + 1),
      TxnDate: txnDate,
      DueDate: pacificDate(Date.parse(`${txnDate}T12:00:00Z`) + 30 * 86_400_000),
      CurrencyRef: { ...USD },
      LinkedTxn: [],
      Line: [
        {
          Id: '1',
          LineNum: 1,
          Description: change.Description ?? 'Service call, annual sump maintenance',
          Amount: amount,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: '14', name: 'Service Call' }, Qty: 1, UnitPrice: amount, TaxCodeRef: { value: 'NON' } },
        },
        { Amount: amount, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
      ],
      TxnTaxDetail: { TotalTax: 0 },
      CustomerRef: { value: customer.Id, name: customer.FullyQualifiedName },
      SalesTermRef: { value: '3' },
      TotalAmt: amount,
      ApplyTaxAfterDiscount: false,
      PrintStatus: 'NotSet',
      EmailStatus: 'NotSet',
      ...(customer.PrimaryEmailAddr ? { BillEmail: { Address: customer.PrimaryEmailAddr.Address } } : {}),
      Balance: amount,
    };
    this.data.invoices.push(invoice);
    return invoice.Id;
  }

  private addPayment(change: Extract<CompanyChange, { op: 'addPayment' }>): string {
    const customer = this.customer(change.CustomerRef);
    const open = change.invoices
      ? change.invoices.map((id) => {
          const invoice = this.data.invoices.find((i) => i.Id === id && i.CustomerRef.value === customer.Id);
          if (!invoice) throw new ChangeRefused(`customer ${customer.Id} has no invoice ${id}`);
          return invoice;
        })
      : this.data.invoices
          .filter((i) => i.CustomerRef.value === customer.Id && i.Balance > 0)
          .sort((a, b) => a.TxnDate.localeCompare(b.TxnDate));
    let left = round(change.TotalAmt);
    if (!(left > 0)) throw new ChangeRefused('a payment needs a positive TotalAmt');
    // Balance is what the invoices owe, so a payment may not leave money unapplied.
    if (left > round(open.reduce((s, i) => s + i.Balance, 0))) throw new ChangeRefused('the payment is more than those invoices owe');
    const id = this.nextTxnId();
    const at = this.now();
    const lines = [];
    for (const invoice of open) {
      if (left <= 0) break;
      const amount = Math.min(left, invoice.Balance);
      const before = invoice.Balance;
      invoice.Balance = round(invoice.Balance - amount);
      invoice.LinkedTxn.push({ TxnId: id, TxnType: 'Payment' });
      this.touch(invoice);
      lines.push(paymentLine(invoice, amount, before));
      left = round(left - amount);
    }
    const payment: QboPayment = {
      Id: id,
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: pacificTime(at), LastUpdatedTime: pacificTime(at) },
      TxnDate: change.TxnDate ?? pacificDate(at),
      CurrencyRef: { ...USD },
      Line: lines,
      CustomerRef: { value: customer.Id, name: customer.FullyQualifiedName },
      DepositToAccountRef: { value: '4' },
      PaymentMethodRef: { value: '2', name: 'Check' },
      TotalAmt: round(change.TotalAmt),
      UnappliedAmt: 0,
      ProcessPayment: false,
    };
    this.data.payments.push(payment);
    return id;
  }

  /** Display names are unique per company, case-insensitively, and may not hold a colon (§2c, §2f). */
  private checkName(name: string, ownId: string): void {
    if (name.includes(':')) throw new ChangeRefused('a DisplayName may not contain a colon');
    const taken = this.data.customers.find((c) => c.Id !== ownId && c.DisplayName.toLowerCase() === name.toLowerCase());
    if (taken) throw new ChangeRefused(`the name ${name} is already used by customer ${taken.Id}`);
  }

  /** A new display name reaches the fully qualified names below it and the references that name it. */
  private rename(customer: QboCustomer): void {
    const parent = customer.ParentRef ? this.customer(customer.ParentRef.value) : undefined;
    customer.FullyQualifiedName = parent ? `${parent.FullyQualifiedName}:${customer.DisplayName}` : customer.DisplayName;
    for (const txn of [...this.data.invoices, ...this.data.payments]) {
      if (txn.CustomerRef.value === customer.Id) txn.CustomerRef.name = customer.FullyQualifiedName;
    }
    for (const child of this.data.customers.filter((c) => c.ParentRef?.value === customer.Id)) {
      child.ParentRef = { value: customer.Id, name: customer.FullyQualifiedName };
      this.rename(child);
    }
  }

  private descendants(customer: QboCustomer): QboCustomer[] {
    const children = this.data.customers.filter((c) => c.ParentRef?.value === customer.Id);
    return children.flatMap((c) => [c, ...this.descendants(c)]);
  }

  private touch(entity: { SyncToken: string; MetaData: { LastUpdatedTime: string } }): void {
    entity.SyncToken = String(Number(entity.SyncToken) + 1);
    entity.MetaData.LastUpdatedTime = pacificTime(this.now());
  }

  private nextTxnId(): string {
    const ids = [...this.data.invoices, ...this.data.payments].map((t) => Number(t.Id));
    return String(Math.max(100, ...ids) + 1);
  }
}
