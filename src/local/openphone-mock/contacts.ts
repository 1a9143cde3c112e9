/**
 * The mock's contacts: one store per workspace, with the API's validation (reference §4.2, §4.4,
 * §8 checklist) and PATCH's replace semantics for arrays. Nothing here knows about HTTP: the
 * server turns a `Refusal` into the documented error body.
 */
import { randomBytes } from 'node:crypto';

export interface Item {
  name: string;
  value: string | null;
  id: string;
}

export interface CustomFieldDefinition {
  name: string;
  key: string;
  type: 'address' | 'boolean' | 'date' | 'multi-select' | 'number' | 'string' | 'url';
}

export interface MockContact {
  id: string;
  externalId: string | null;
  source: string | null;
  sourceUrl: string | null;
  defaultFields: {
    company: string | null;
    emails: Item[];
    firstName: string | null;
    lastName: string | null;
    phoneNumbers: Item[];
    role: string | null;
  };
  customFields: Array<CustomFieldDefinition & { id: string; value: unknown }>;
  createdAt: string;
  updatedAt: string;
  createdByUserId: string;
}

/** Why a request is refused: status, the documented code's sub-code, title, message, errors[]. */
export interface Refusal {
  status: number;
  title: string;
  message: string;
  errors?: unknown[];
  /** 0801400 (custom fields) instead of the generic 0800400. */
  customFieldError?: boolean;
}

/** QuickBooks history fields a workspace may define (reference §4.7); the tests choose. */
export const DEFAULT_CUSTOM_FIELDS: CustomFieldDefinition[] = [
  { name: 'Last job', key: 'last-job', type: 'string' },
  { name: 'Balance', key: 'balance', type: 'number' },
  { name: 'Customer since', key: 'customer-since', type: 'date' },
];

const RESERVED_SOURCES = ['openphone', 'device', 'csv', 'zapier', 'google-people', 'other'];
const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class ContactStore {
  readonly contacts = new Map<string, MockContact>();

  constructor(readonly customFields: CustomFieldDefinition[]) {}

  create(body: unknown): MockContact | Refusal {
    if (!isObject(body)) return invalid([{ path: '', message: 'Expected object' }]);
    const problems: unknown[] = [];
    const fields = body.defaultFields;
    if (!isObject(fields)) return invalid([{ path: '/defaultFields', message: 'Required' }]);
    if (!('firstName' in fields)) problems.push({ path: '/defaultFields/firstName', message: 'Required' });
    checkCommon(body, fields, problems, true);
    if (problems.length) return invalid(problems);
    const custom = this.customValues(body.customFields, []);
    if ('status' in custom) return custom;
    const now = stamp();
    const contact: MockContact = {
      id: randomBytes(12).toString('hex'),
      externalId: (body.externalId as string | null | undefined) ?? null,
      source: (body.source as string | undefined) ?? 'public-api',
      sourceUrl: (body.sourceUrl as string | undefined) ?? null,
      defaultFields: {
        company: (fields.company as string | null | undefined) ?? null,
        emails: items(fields.emails, []),
        firstName: (fields.firstName as string | null) ?? null,
        lastName: (fields.lastName as string | null | undefined) ?? null,
        phoneNumbers: items(fields.phoneNumbers, []),
        role: (fields.role as string | null | undefined) ?? null,
      },
      customFields: custom,
      createdAt: now,
      updatedAt: now,
      createdByUserId: 'US123abc',
    };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  /**
   * Replace semantics (reference §4.4): arrays not sent are cleared, an item sent with a known
   * id is updated in place, `value: null` removes it, an item without id is new; scalars not
   * sent stay as they were.
   */
  update(id: string, body: unknown): MockContact | Refusal {
    const contact = this.contacts.get(id);
    if (!contact) return { status: 404, title: 'Not Found', message: 'Contact not found' };
    if (!isObject(body)) return invalid([{ path: '', message: 'Expected object' }]);
    const fields = isObject(body.defaultFields) ? body.defaultFields : {};
    const problems: unknown[] = [];
    checkCommon(body, fields, problems, false);
    if (problems.length) return invalid(problems);
    const custom = this.customValues(body.customFields, contact.customFields);
    if ('status' in custom) return custom;
    const d = contact.defaultFields;
    for (const k of ['company', 'firstName', 'lastName', 'role'] as const) {
      if (k in fields) d[k] = (fields[k] as string | null) ?? null;
    }
    d.emails = items(fields.emails, d.emails);
    d.phoneNumbers = items(fields.phoneNumbers, d.phoneNumbers);
    contact.customFields = custom;
    for (const k of ['externalId', 'source', 'sourceUrl'] as const) {
      if (k in body) contact[k] = (body[k] as string | null) ?? null;
    }
    contact.updatedAt = stamp();
    return contact;
  }

  remove(id: string): boolean {
    return this.contacts.delete(id);
  }

  list(externalIds: string[], sources: string[]): MockContact[] {
    return [...this.contacts.values()].filter(
      (c) =>
        (externalIds.length === 0 || (c.externalId !== null && externalIds.includes(c.externalId))) &&
        (sources.length === 0 || (c.source !== null && sources.includes(c.source))),
    );
  }

  private customValues(sent: unknown, before: MockContact['customFields']): MockContact['customFields'] | Refusal {
    if (sent === undefined) return [];
    if (!Array.isArray(sent)) return invalid([{ path: '/customFields', message: 'Expected array' }]);
    const out: MockContact['customFields'] = [];
    const unknown: unknown[] = [];
    for (const item of sent) {
      const key = isObject(item) ? (item.key ?? item.id) : undefined;
      const def = this.customFields.find((f) => f.key === key || `cf-${f.key}` === key);
      if (!def || !isObject(item)) {
        unknown.push({ key: String(key), reason: 'Did not match any known contact custom field' });
        continue;
      }
      if (!typeOk(def.type, item.value)) {
        unknown.push({ key: def.key, reason: `Expected a value of type ${def.type}` });
        continue;
      }
      if (item.value === null) continue;
      const prior = before.find((f) => f.key === def.key);
      out.push({ ...def, id: prior?.id ?? `cf-${def.key}`, value: item.value });
    }
    if (unknown.length) {
      return {
        status: 400,
        title: 'Invalid Custom Field Item',
        message: 'Request contained invalid custom field item(s)',
        errors: unknown,
        customFieldError: true,
      };
    }
    return out;
  }
}

function checkCommon(body: Record<string, unknown>, fields: Record<string, unknown>, problems: unknown[], creating: boolean): void {
  for (const k of ['firstName', 'lastName', 'company', 'role'] as const) {
    if (k in fields && fields[k] !== null && typeof fields[k] !== 'string')
      problems.push({ path: `/defaultFields/${k}`, message: 'Expected string or null', value: fields[k] });
  }
  if ('externalId' in body && body.externalId !== null) {
    const e = body.externalId;
    if (typeof e !== 'string' || e.length < 1 || e.length > 75)
      problems.push({ path: '/externalId', message: 'Expected string of length 1 to 75', value: e });
  }
  if ('source' in body && body.source !== null) {
    const s = body.source;
    const max = creating ? 72 : 75;
    if (typeof s !== 'string' || s.length < 1 || s.length > max)
      problems.push({ path: '/source', message: `Expected string of length 1 to ${max}`, value: s });
    else if (RESERVED_SOURCES.includes(s) || s.startsWith('openphone') || s.startsWith('csv'))
      problems.push({ path: '/source', message: 'Reserved source', value: s });
  }
  itemProblems(fields.emails, '/defaultFields/emails', (v) => EMAIL.test(v), 'Invalid email address', problems);
  itemProblems(fields.phoneNumbers, '/defaultFields/phoneNumbers', (v) => E164.test(v), 'Expected an E.164 phone number', problems);
}

function itemProblems(list: unknown, path: string, valid: (v: string) => boolean, reason: string, problems: unknown[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    problems.push({ path, message: 'Expected array' });
    return;
  }
  list.forEach((item, i) => {
    if (!isObject(item) || typeof item.name !== 'string') problems.push({ path: `${path}/${i}/name`, message: 'Required' });
    else if (!('value' in item)) problems.push({ path: `${path}/${i}/value`, message: 'Required' });
    else if (item.value !== null && (typeof item.value !== 'string' || !valid(item.value)))
      problems.push({ path: `${path}/${i}/value`, message: reason, value: item.value });
  });
}

/** An array sent replaces the old one; ids sent keep their item, unknown ids are new items. */
function items(sent: unknown, before: Item[]): Item[] {
  if (!Array.isArray(sent)) return [];
  const out: Item[] = [];
  for (const raw of sent as Array<{ name: string; value: string | null; id?: string }>) {
    if (raw.value === null) continue;
    const kept = raw.id ? before.find((b) => b.id === raw.id) : undefined;
    out.push({ name: raw.name, value: raw.value, id: kept?.id ?? randomBytes(4).toString('hex') });
  }
  return out;
}

function typeOk(type: CustomFieldDefinition['type'], value: unknown): boolean {
  if (value === null) return true;
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'multi-select') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (type === 'date') return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  return typeof value === 'string';
}

function invalid(errors: unknown[]): Refusal {
  return { status: 400, title: 'Bad Request', message: 'The input was invalid.', errors };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
