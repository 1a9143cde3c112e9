/**
 * The export formats the add-on knows, each recognised from its header row (never from column
 * positions: users choose which columns PropertyRadar and QuickBooks export) and each saying
 * who the people of a record are. Formats and quirks: source formats reference §1–§4.
 */
import { headerKey } from '../csv';
import {
  isEntityName,
  nameFromColumns,
  orientByGivenName,
  parseOwnerNames,
  parsePersonName,
  titleCaseName,
  type PersonName,
} from '../names';
import { extractPhones, type Phone } from '../phones';
import type { ColumnMapping, RowView, SourcePerson, SourceProfile } from './types';

const EMAIL = /[^\s@,;:<>()"']+@[^\s@,;:<>()"']+\.[a-z]{2,}/gi;

export function emailsIn(...cells: string[]): string[] {
  const found: string[] = [];
  for (const cell of cells)
    for (const m of cell.match(EMAIL) ?? []) {
      const email = m.toLowerCase();
      if (!found.includes(email)) found.push(email);
    }
  return found;
}

export function phonesIn(...cells: string[]): Phone[] {
  const found: Phone[] = [];
  for (const cell of cells)
    for (const p of extractPhones(cell).phones) {
      if (!found.some((f) => f.e164 === p.e164)) found.push(p);
    }
  return found;
}

/** Phones typed into free-text cells (QuickBooks Desktop address lines). */
const PHONE_IN_TEXT = /(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d+)?/g;
function phonesInText(...cells: string[]): Phone[] {
  return phonesIn(...cells.flatMap((c) => c.match(PHONE_IN_TEXT) ?? []));
}

function joinAddress(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split(/\r?\n/))
    .map((p) => p.trim())
    .filter(Boolean)
    .join(', ');
}

/** `12 Example St, Quincy, MA 02169` from its parts, skipping the missing ones. */
function postalAddress(street: string, city: string, state: string, zip: string): string {
  return joinAddress([street, city, [state, zip].filter(Boolean).join(' ')].filter(Boolean).join(', '));
}

function has(keys: string[], ...wanted: string[]): number {
  return wanted.filter((w) => keys.includes(w)).length / wanted.length;
}

/** Columns whose name marks a phone: Phone, Mobile, Cell, Tel, Pager; never Fax or status columns. */
export function isPhoneHeader(key: string): boolean {
  return /phone|mobile|cell|tel(?!l)|pager/.test(key) && !/fax|status|dnc|type|label|hash|verified/.test(key);
}

export function isEmailHeader(key: string): boolean {
  return /e?mail/.test(key) && !/status|hash|type|label|displayname|verified|optout/.test(key);
}

function person(role: string, name: PersonName, rest: Partial<SourcePerson>): SourcePerson {
  return {
    role,
    displayName: name.original.trim(),
    firstName: name.firstName,
    lastName: name.lastName,
    company: name.company,
    ...(name.middleName ? { middleName: name.middleName } : {}),
    ...(name.nicknames?.length ? { nicknames: name.nicknames } : {}),
    ...(name.others?.length ? { others: name.others.map((o) => ({ firstName: o.firstName, lastName: o.lastName })) } : {}),
    ...(name.shape ? { nameShape: name.shape } : {}),
    emails: rest.emails ?? [],
    phones: rest.phones ?? [],
    address: rest.address ?? '',
    ...(rest.extras ? { extras: rest.extras } : {}),
  };
}

/** A record's Company column, unless the name columns themselves held the company. */
function withCompany(name: PersonName, company: string): PersonName {
  return { ...name, company: company || name.company };
}

function hasContact(p: SourcePerson): boolean {
  return p.displayName !== '' || p.phones.length > 0 || p.emails.length > 0;
}

// --- PropertyRadar -----------------------------------------------------------------------

const propertyRadar: SourceProfile = {
  id: 'propertyradar',
  label: 'PropertyRadar',
  sourceType: 'propertyradar',
  detect(keys) {
    const contact = keys.some((k) => /^(primary|secondary)(name|mobilephone\d|phone\d|email\d)$/.test(k));
    const property = has(keys, 'owner', 'apn') + (keys.includes('radarid') ? 1 : 0) + (keys.includes('estvalue') ? 0.5 : 0);
    return contact ? Math.min(1, 0.6 + property / 4) : keys.includes('radarid') ? 0.7 : 0;
  },
  isFooter(row) {
    const filled = row.cells.filter((c) => c.trim() !== '');
    if (filled.length !== 1) return false;
    const radarId = row.get('Radar ID');
    return (
      /propertyradar|information|licensed|disclaimer/i.test(filled[0]!) || (row.keys.includes('radarid') && !/^P[A-Z0-9]+$/.test(radarId))
    );
  },
  naturalKey: (row) => row.get('Radar ID') || row.get('APN'),
  persons(row) {
    const address = postalAddress(row.get('Address'), row.get('City'), row.get('State'), row.get('ZIP'));
    const people: SourcePerson[] = [];
    const owners = parseOwnerNames(row.get('Owner'));
    for (const role of ['Primary', 'Secondary']) {
      const prefix = role.toLowerCase();
      const phones = phonesIn(...row.cellsWhere((k) => k.startsWith(prefix) && /(mobilephone|phone)\d*$/.test(k)));
      const emails = emailsIn(...row.cellsWhere((k) => k.startsWith(prefix) && /email\d*$/.test(k)));
      const full = row.get(`${role} Name`);
      const first = row.get(`${role} First`);
      const last = row.get(`${role} Last`);
      // The export's own First column decides orientation: `BIANCHI MEGAN` with First `MEGAN`.
      const stated =
        full && first ? orientByGivenName(full, first) : full ? parsePersonName(full) : first || last ? nameFromColumns(first, last) : null;
      // A primary contact with phones but no name is the owner's line: fall back to the first owner.
      const name =
        stated && (stated.firstName || stated.lastName || stated.company)
          ? stated
          : role === 'Primary' && phones.length && owners[0]
            ? owners[0]
            : parsePersonName(full);
      const p = person(role, name, { phones, emails, address });
      if (hasContact(p)) people.push(p);
    }
    // The assessed owner has no phone of their own, but names who owns the property.
    for (const owner of owners) people.push(person('Owner', owner, { address }));
    return people;
  },
};

// --- QuickBooks ------------------------------------------------------------------------------

/** `Parent:Job (deleted)` → the customer's own name, and whether QuickBooks marked it deleted. */
export function quickBooksName(display: string): { name: string; parent: string; job: string; deleted: boolean } {
  let text = display.trim();
  const deleted = /\s*\(deleted\)\s*$/i.test(text);
  text = text.replace(/\s*\(deleted\)\s*$/i, '');
  const [parent = '', ...jobs] = text.split(':');
  return { name: text, parent: parent.trim(), job: jobs.join(':').trim(), deleted };
}

/** The customer's history columns, named so they read well on a contact. */
function quickBooksExtras(display: string, columns: Record<string, string>): Record<string, string> {
  const q = quickBooksName(display);
  const extras: Record<string, string> = { 'QuickBooks Customer': q.parent };
  if (q.job) extras['QuickBooks Jobs'] = q.job;
  if (q.deleted) extras['QuickBooks Status'] = 'Deleted';
  for (const [k, v] of Object.entries(columns)) if (v) extras[k] = v;
  return extras;
}

function quickBooksPerson(display: string, contactName: string, rest: Partial<SourcePerson>, company = ''): SourcePerson {
  const q = quickBooksName(display);
  // A job's own name is often an address or a code: the person is the parent customer.
  const base = contactName.trim() || q.parent;
  const name = parsePersonName(base);
  return quickBooksNamed(name, display, rest, company);
}

function quickBooksNamed(name: PersonName, display: string, rest: Partial<SourcePerson>, company = ''): SourcePerson {
  if (company && !name.company && isEntityName(company)) name.company = titleCaseName(company);
  else if (company && !name.company && !name.firstName) name.company = company;
  return person('Customer', { ...name, original: display }, rest);
}

/** The customer's name column: exports have called it `Customer`, `Customer full name`, `Name`, `Display Name`. */
function customerName(row: RowView): string {
  return row.get('Customer') || row.get('Customer full name') || row.get('Display Name') || row.get('Name');
}

const quickBooksOnlineCustomers: SourceProfile = {
  id: 'quickbooks-online-customers',
  label: 'QuickBooks Online customers',
  sourceType: 'quickbooks',
  detect(keys) {
    // A plain `Name` column counts only beside QuickBooks' own `Open balance`.
    const named =
      ['customer', 'customerfullname', 'displayname'].some((k) => keys.includes(k)) ||
      (keys.includes('name') && keys.includes('openbalance'));
    // The synced sheet has these columns too, and a profile of its own.
    if (!named || keys.includes('phonenumbers') || keys.includes(SYNCED_MARK)) return 0;
    const money = ['openbalance', 'balance', 'attachments'].some((k) => keys.includes(k)) ? 0.5 : 0;
    return (
      0.4 * Math.max(has(keys, 'company', 'email'), has(keys, 'companyname', 'email')) + 0.1 * (keys.some(isPhoneHeader) ? 1 : 0) + money
    );
  },
  isFooter: (row) => /^total\b/i.test(row.cells[0] ?? ''),
  naturalKey: (row) => quickBooksName(customerName(row)).name.toLowerCase(),
  persons(row) {
    const address = postalAddress(
      row.get('Street Address') || row.get('Billing address') || row.get('Billing street') || row.get('Address'),
      row.get('City') || row.get('Billing city'),
      row.get('State') || row.get('Billing state'),
      row.get('Zip') || row.get('Billing zip') || row.get('Postal code'),
    );
    const extras = quickBooksExtras(customerName(row), {
      'QuickBooks Open Balance': row.get('Open Balance') || row.get('Balance'),
      'QuickBooks Notes': row.get('Notes'),
    });
    return [
      quickBooksPerson(
        customerName(row),
        row.get('Full name'),
        { phones: phonesIn(...row.cellsWhere(isPhoneHeader)), emails: emailsIn(...row.cellsWhere(isEmailHeader)), address, extras },
        row.get('Company') || row.get('Company name'),
      ),
    ];
  },
};

const quickBooksContactList: SourceProfile = {
  id: 'quickbooks-online-contact-list',
  label: 'QuickBooks Online Customer Contact List',
  sourceType: 'quickbooks',
  detect(keys) {
    if (!keys.includes('phonenumbers')) return 0;
    return keys.includes('customerfullname') || keys.includes('customer') ? 0.95 : 0;
  },
  isFooter(row) {
    const filled = row.cells.filter((c) => c.trim() !== '');
    if (/^total\b/i.test(row.cells[0] ?? '')) return true;
    // The print timestamp: ` Monday, January 05, 2026 09:15 AM GMT-05:00`.
    return filled.length === 1 && /\b(19|20)\d\d\b.*\d{1,2}:\d{2}/.test(filled[0]!);
  },
  naturalKey: (row) => quickBooksName(row.get('Customer full name') || row.get('Customer')).name.toLowerCase(),
  persons(row) {
    const display = row.get('Customer full name') || row.get('Customer');
    const address = joinAddress(row.get('Bill address') || row.get('Billing Address'));
    return [
      quickBooksPerson(
        display,
        row.get('Full name'),
        {
          phones: phonesIn(row.get('Phone numbers')),
          emails: emailsIn(row.get('Email')),
          address,
          extras: quickBooksExtras(display, {}),
        },
        row.get('Company'),
      ),
    ];
  },
};

const quickBooksDesktop: SourceProfile = {
  id: 'quickbooks-desktop',
  label: 'QuickBooks Desktop customers',
  sourceType: 'quickbooks',
  detect(keys) {
    if (!keys.includes('customer')) return 0;
    return (
      0.4 * has(keys, 'mainphone', 'mainemail') + 0.3 * has(keys, 'activestatus', 'billto1') + 0.3 * has(keys, 'firstname', 'lastname')
    );
  },
  isFooter: (row) => /^total\b/i.test(row.cells[0] ?? '') || /^total\b/i.test(row.cells[1] ?? ''),
  naturalKey: (row) => quickBooksName(row.get('Customer')).name.toLowerCase(),
  persons(row) {
    const billTo = [1, 2, 3, 4, 5].map((n) => row.get(`Bill to ${n}`));
    const shipTo = [1, 2, 3, 4, 5].map((n) => row.get(`Ship to ${n}`));
    const named = [row.get('First Name'), row.get('M.I.'), row.get('Last Name')].filter(Boolean).join(' ');
    const contact = named || row.get('Primary Contact');
    const columns =
      row.get('First Name') || row.get('Last Name') ? nameFromColumns(row.get('First Name'), row.get('Last Name'), row.get('M.I.')) : null;
    const phones = phonesIn(...row.cellsWhere(isPhoneHeader));
    for (const p of phonesInText(...billTo, ...shipTo)) if (!phones.some((q) => q.e164 === p.e164)) phones.push(p);
    // Line 1 of the address block usually repeats the name.
    const lines = billTo.filter(Boolean);
    if (lines[0] && [contact, row.get('Company'), quickBooksName(row.get('Customer')).parent].includes(lines[0])) lines.shift();
    const emails = emailsIn(...row.cellsWhere(isEmailHeader));
    const extras = quickBooksExtras(row.get('Customer'), {
      'QuickBooks Balance': row.get('Balance Total') || row.get('Balance'),
      'QuickBooks Status': row.get('Active Status'),
      'QuickBooks Job Description': row.get('Job Description'),
      'QuickBooks Job Status': row.get('Job Status'),
    });
    const rest = { phones, emails, address: joinAddress(...lines), extras };
    return [
      columns && (columns.firstName || columns.lastName)
        ? quickBooksNamed(columns, row.get('Customer'), rest, row.get('Company'))
        : quickBooksPerson(row.get('Customer'), contact, rest, row.get('Company')),
    ];
  },
};

/** The QuickBooks sheet a sync writes (src/core/quickbooks/sync.ts): the API's customers with their history. */
const SYNCED_MARK = 'quickbookscustomersince';
const quickBooksOnlineApi: SourceProfile = {
  id: 'quickbooks-online-api',
  label: 'QuickBooks Online (synced)',
  sourceType: 'quickbooks',
  detect: (keys) => (keys.includes('customerid') && keys.includes(SYNCED_MARK) ? 1 : 0),
  naturalKey: (row) => row.get('Customer Id'),
  persons(row) {
    const display = row.get('Customer') || row.get('Display Name');
    const history: Record<string, string> = { 'QuickBooks Notes': row.get('Notes') };
    for (const h of row.header) if (h.startsWith('QuickBooks ')) history[h] = row.get(h);
    const rest = {
      phones: phonesIn(...row.cellsWhere(isPhoneHeader)),
      emails: emailsIn(...row.cellsWhere(isEmailHeader)),
      address:
        postalAddress(row.get('Billing Address'), row.get('Billing City'), row.get('Billing State'), row.get('Billing Zip')) ||
        joinAddress(row.get('Shipping Address')),
      extras: quickBooksExtras(display, history),
    };
    const first = row.get('First Name');
    const last = row.get('Last Name');
    return [
      first || last
        ? quickBooksNamed(nameFromColumns(first, last, row.get('Middle Name')), display, rest, row.get('Company'))
        : quickBooksPerson(display, '', rest, row.get('Company')),
    ];
  },
};

// --- OpenPhone, Google, Outlook -------------------------------------------------------------

const openPhone: SourceProfile = {
  id: 'openphone',
  label: 'OpenPhone contacts',
  sourceType: 'openphone',
  detect(keys) {
    // `Phone number`, numbered `phone_number_1`, or several numbers in one `Phone numbers` cell.
    const phone = keys.some((k) => /^phonenumbers?\d*$/.test(k));
    if (!phone || keys.some((k) => k.startsWith('customer'))) return 0;
    const numbered = keys.some((k) => /^(phonenumber|email)\d+$/.test(k));
    return 0.5 * has(keys, 'firstname', 'lastname') + 0.3 * has(keys, 'role', 'company') + (numbered ? 0.2 : 0.1);
  },
  persons(row) {
    const phones = phonesIn(...row.cellsWhere(isPhoneHeader));
    const emails = emailsIn(...row.cellsWhere(isEmailHeader));
    const first = row.get('First name');
    const last = row.get('Last name');
    const company = row.get('Company');
    const name =
      first || last ? withCompany(nameFromColumns(first, last), company) : { firstName: '', lastName: '', company, original: company };
    return [person('Contact', name, { phones, emails, address: joinAddress(row.cellsWhere((k) => k.startsWith('address')).join(', ')) })];
  },
};

const googleContacts: SourceProfile = {
  id: 'google-contacts',
  label: 'Google Contacts',
  sourceType: 'csv',
  detect(keys) {
    const groups = keys.some((k) => /^phone\dvalue$/.test(k)) || keys.some((k) => /^email\dvalue$/.test(k));
    return groups ? 0.9 : 0;
  },
  persons(row) {
    const phones = phonesIn(...row.cellsWhere((k) => /^phone\d+value$/.test(k)));
    const emails = emailsIn(...row.cellsWhere((k) => /^email\d+value$/.test(k)));
    const first = row.get('First Name') || row.get('Given Name');
    const middle = row.get('Middle Name') || row.get('Additional Name');
    const last = row.get('Last Name') || row.get('Family Name');
    const org = row.get('Organization Name') || row.get('Organization 1 - Name');
    const full = [first, middle, last].filter(Boolean).join(' ') || row.get('Name');
    const parsed = first || last ? nameFromColumns(first, last, middle) : parsePersonName(full);
    const name =
      full && !(isEntityName(full) && full === org) && (parsed.firstName || parsed.lastName)
        ? { ...parsed, company: org || parsed.company, original: full }
        : { firstName: '', lastName: '', company: org || full, original: org || full };
    return [person('Contact', name, { phones, emails, address: joinAddress(row.get('Address 1 - Formatted')) })];
  },
};

const outlook: SourceProfile = {
  id: 'outlook',
  label: 'Outlook contacts',
  sourceType: 'csv',
  detect(keys) {
    if (!keys.includes('emailaddress')) return 0;
    return 0.4 + 0.5 * has(keys, 'businessphone', 'homephone', 'mobilephone') + (keys.includes('email2address') ? 0.05 : 0);
  },
  persons(row) {
    const phones = phonesIn(...row.cellsWhere(isPhoneHeader));
    const emails = emailsIn(row.get('E-mail Address'), row.get('E-mail 2 Address'), row.get('E-mail 3 Address'));
    const first = row.get('First Name');
    const last = [row.get('Last Name'), row.get('Suffix')].filter(Boolean).join(' ');
    const company = row.get('Company');
    const name =
      first || last
        ? withCompany(nameFromColumns(first, last, row.get('Middle Name')), company)
        : { firstName: '', lastName: '', company, original: company };
    const home = postalAddress(row.get('Home Street'), row.get('Home City'), row.get('Home State'), row.get('Home Postal Code'));
    const business = postalAddress(
      row.get('Business Street'),
      row.get('Business City'),
      row.get('Business State'),
      row.get('Business Postal Code'),
    );
    return [person('Contact', name, { phones, emails, address: home || business })];
  },
};

// --- Any other CSV ----------------------------------------------------------------------------

const NAME_KEYS = ['name', 'fullname', 'contactname', 'customername', 'displayname', 'contact', 'customer', 'client', 'clientname'];
const FIRST_KEYS = ['first', 'firstname', 'givenname', 'fname', 'forename'];
const LAST_KEYS = ['last', 'lastname', 'surname', 'familyname', 'lname'];
const COMPANY_KEYS = ['company', 'companyname', 'organization', 'organisation', 'business', 'businessname', 'organizationname'];
const ADDRESS_KEYS = [
  'address',
  'streetaddress',
  'street',
  'address1',
  'address2',
  'mailingaddress',
  'city',
  'state',
  'zip',
  'zipcode',
  'postalcode',
];

/** The generic profile's best guess of what each column means. */
export function guessColumnMapping(header: string[]): ColumnMapping {
  const keys = header.map(headerKey);
  const find = (names: string[]) => {
    for (const n of names) {
      const i = keys.indexOf(n);
      if (i >= 0) return i;
    }
    return undefined;
  };
  return {
    name: find(NAME_KEYS),
    firstName: find(FIRST_KEYS),
    lastName: find(LAST_KEYS),
    company: find(COMPANY_KEYS),
    phones: keys.map((k, i) => (isPhoneHeader(k) || k === 'number' ? i : -1)).filter((i) => i >= 0),
    emails: keys.map((k, i) => (isEmailHeader(k) ? i : -1)).filter((i) => i >= 0),
    address: keys.map((k, i) => (ADDRESS_KEYS.includes(k) ? i : -1)).filter((i) => i >= 0),
  };
}

const genericCsv: SourceProfile = {
  id: 'csv',
  label: 'Other CSV',
  sourceType: 'csv',
  detect: (keys) => (guessColumnMapping(keys).phones.length > 0 ? 0.3 : 0.05),
  isFooter: (row) => /^(total|grand total)\b/i.test(row.cells[0] ?? ''),
  persons(row, mapping = guessColumnMapping(row.header)) {
    const at = (i: number | undefined) => (i === undefined ? '' : (row.cells[i] ?? ''));
    const first = at(mapping.firstName);
    const last = at(mapping.lastName);
    const full = at(mapping.name);
    const company = at(mapping.company);
    const name =
      first || last
        ? withCompany(nameFromColumns(first, last), company)
        : full
          ? { ...parsePersonName(full), company: company || parsePersonName(full).company }
          : { firstName: '', lastName: '', company, original: company };
    return [
      person('Contact', name, {
        phones: phonesIn(...mapping.phones.map(at)),
        emails: emailsIn(...mapping.emails.map(at)),
        address: joinAddress(mapping.address.map(at).filter(Boolean).join(', ')),
      }),
    ];
  },
};

export const PROFILES: readonly SourceProfile[] = [
  propertyRadar,
  quickBooksOnlineCustomers,
  quickBooksContactList,
  quickBooksDesktop,
  quickBooksOnlineApi,
  openPhone,
  googleContacts,
  outlook,
  genericCsv,
];

export function profileById(id: string): SourceProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** Profiles for a header row, best first, with their scores. */
export function rankProfiles(header: string[]): Array<{ profile: SourceProfile; score: number }> {
  const keys = header.map(headerKey);
  return PROFILES.map((profile) => ({ profile, score: profile.detect(keys) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score);
}

/** The profile for a `--type` given on the command line: the best of that source type for this header. */
export function profileForType(type: string, header: string[]): SourceProfile | undefined {
  const ranked = rankProfiles(header).filter((r) => r.profile.sourceType === type);
  if (ranked[0]) return ranked[0].profile;
  return type === 'csv' ? profileById('csv') : PROFILES.find((p) => p.sourceType === type);
}
