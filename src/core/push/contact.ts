/**
 * What one Contacts row becomes in OpenPhone: the create body, the hash of what was pushed (a
 * row edited since its push has another hash), and the merge that sync back PATCHes. The API
 * replaces every array it is sent and clears the ones it is not, so a PATCH always carries the
 * complete contact: the sheet's names, phones and emails, and every field we do not own as
 * OpenPhone had it.
 */
import { hash53 } from '../hash';
import { extractPhones } from '../phones';
import type { Row } from '../records';

/** Our `source` on every contact we create: the verification lists them back by it. */
export const PUSH_SOURCE = 'contact-enrichment';
export const MAX_EXTERNAL_ID = 75;

export interface CustomValue {
  key: string;
  value: string | number;
}

export interface ContactDraft {
  contactId: string;
  firstName: string;
  lastName: string;
  company: string;
  emails: string[];
  phones: string[];
  /** Per phone: mobile, home or work as the source's column says; '' when it does not say. */
  phoneLabels: string[];
  custom: CustomValue[];
}

export interface ApiItem {
  name: string;
  value: string | null;
  id?: string;
}

export interface ApiContact {
  id: string;
  externalId: string | null;
  source: string | null;
  defaultFields: {
    firstName: string | null;
    lastName: string | null;
    company: string | null;
    role?: string | null;
    emails: ApiItem[];
    phoneNumbers: ApiItem[];
  };
  customFields?: Array<{ key?: string; id?: string; name?: string; value: unknown }>;
}

/** A custom field definition of the workspace, as GET /v1/contact-custom-fields lists it. */
export interface CustomFieldDefinition {
  name: string;
  key: string;
  type: string;
}

/** Which Contacts columns feed which QuickBooks history field. */
export const HISTORY_FIELDS = [
  {
    id: 'lastJob',
    setting: 'OpenPhone field for QuickBooks last job',
    defaultName: 'Last job',
    columns: ['QuickBooks Jobs', 'QuickBooks Job Description'],
  },
  {
    id: 'balance',
    setting: 'OpenPhone field for QuickBooks balance',
    defaultName: 'Balance',
    columns: ['QuickBooks Open Balance', 'QuickBooks Balance'],
  },
  {
    id: 'customerSince',
    setting: 'OpenPhone field for QuickBooks customer since',
    defaultName: 'Customer since',
    columns: ['QuickBooks Customer Since'],
  },
] as const;

/** Our history fields mapped to the workspace's definitions (only those it defines). */
export type FieldMap = Array<{ columns: readonly string[]; definition: CustomFieldDefinition }>;

const split = (cell: string | undefined) =>
  (cell ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The label a source column's name gives its phones. */
function labelOf(column: string): string {
  if (/fax/i.test(column)) return '';
  if (/mobile|cell/i.test(column)) return 'mobile';
  if (/home|residen/i.test(column)) return 'home';
  if (/work|business|office|company/i.test(column)) return 'work';
  return '';
}

/**
 * Phone → label from the source records matches applied (the Matches sheet's Source Data):
 * the Contacts sheet keeps the numbers but not which column each came from.
 */
export function phoneLabels(matches: Row[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const m of matches) {
    if (m['Status'] !== 'applied') continue;
    let data: { fields?: Record<string, unknown> };
    try {
      data = JSON.parse(m['Source Data'] ?? '{}') as { fields?: Record<string, unknown> };
    } catch {
      continue;
    }
    const fields = data.fields ?? {};
    for (const [column, value] of Object.entries(fields)) {
      // Google Contacts keeps the label beside the number: `Phone 1 - Label` = `Mobile`.
      const sibling = /^(.*) - Value$/.exec(column);
      const label = labelOf(sibling ? String(fields[`${sibling[1]} - Label`] ?? '') : column);
      if (!label || typeof value !== 'string' || !/\d{3}/.test(value)) continue;
      for (const p of extractPhones(value).phones) if (!labels.has(p.e164)) labels.set(p.e164, label);
    }
  }
  return labels;
}

export function draftOf(row: Row, fields: FieldMap, labels: Map<string, string> = new Map()): ContactDraft {
  const custom: CustomValue[] = [];
  for (const { columns, definition } of fields) {
    const raw = columns.map((c) => (row[c] ?? '').trim()).find(Boolean);
    const value = raw ? typedValue(raw, definition.type) : null;
    if (value !== null) custom.push({ key: definition.key, value });
  }
  const phones = [...new Set(split(row['Phones']))];
  return {
    contactId: (row['Contact ID'] ?? '').trim(),
    firstName: (row['First Name'] ?? '').trim(),
    lastName: (row['Last Name'] ?? '').trim(),
    company: (row['Company'] ?? '').trim(),
    emails: [...new Set(split(row['Emails']))],
    phones,
    phoneLabels: phones.map((p) => labels.get(p) ?? ''),
    custom,
  };
}

/** A QuickBooks cell as the field's type wants it; null when it cannot be read as that type. */
function typedValue(raw: string, type: string): string | number | null {
  // Several jobs are joined with '; ', the latest last.
  const last = raw.split('; ').pop()!.trim();
  if (type === 'number') {
    const n = Number(last.replace(/[$,\s]/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'date') {
    const t = Date.parse(last);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return type === 'string' || type === 'address' || type === 'url' ? last : null;
}

export function draftHash(d: ContactDraft): string {
  return hash53(JSON.stringify([d.contactId, d.firstName, d.lastName, d.company, d.emails, d.phones, d.phoneLabels, d.custom]));
}

const nullable = (s: string) => (s === '' ? null : s);

/** Labelled as the source says; otherwise by place: the first is the number the person is reached on. */
function items(values: string[], first: string, rest: string, labels: string[] = []): ApiItem[] {
  return values.map((value, i) => ({ name: labels[i] || (i === 0 ? first : rest), value }));
}

export function createBody(d: ContactDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {
    defaultFields: {
      firstName: nullable(d.firstName),
      lastName: nullable(d.lastName),
      company: nullable(d.company),
      emails: items(d.emails, 'primary', 'other'),
      phoneNumbers: items(d.phones, 'primary', 'other', d.phoneLabels),
    },
    externalId: d.contactId,
    source: PUSH_SOURCE,
  };
  if (d.custom.length) body.customFields = d.custom;
  return body;
}

/**
 * The complete contact to PATCH: the sheet decides names, company, phones, emails and our
 * custom fields; items keep their OpenPhone id and label when their value is unchanged; every
 * other field (role, custom fields we do not own) is sent back as OpenPhone had it.
 */
export function mergedBody(d: ContactDraft, current: ApiContact, ownKeys: string[]): Record<string, unknown> {
  const keep = (values: string[], before: ApiItem[], first: string, rest: string, labels: string[] = []): ApiItem[] =>
    values.map((value, i) => {
      const old = before.find((b) => (b.value ?? '').toLowerCase() === value.toLowerCase());
      return old?.id ? { name: labels[i] || old.name, value, id: old.id } : { name: labels[i] || (i === 0 ? first : rest), value };
    });
  const f = current.defaultFields;
  // A field of ours the row leaves empty keeps what OpenPhone has: an empty cell is no reason to erase.
  const others = (current.customFields ?? [])
    .filter(
      (c) => c.key && c.value !== null && c.value !== undefined && !(ownKeys.includes(c.key) && d.custom.some((o) => o.key === c.key)),
    )
    .map((c) => ({ key: c.key!, value: c.value }));
  return {
    defaultFields: {
      firstName: nullable(d.firstName),
      lastName: nullable(d.lastName),
      company: nullable(d.company),
      role: f.role ?? null,
      emails: keep(d.emails, f.emails ?? [], 'primary', 'other'),
      phoneNumbers: keep(d.phones, f.phoneNumbers ?? [], 'primary', 'other', d.phoneLabels),
    },
    customFields: [...others, ...d.custom],
    externalId: d.contactId,
  };
}

/** Whether OpenPhone's contact already says what the row says (then a link needs no update). */
export function sameAs(d: ContactDraft, c: ApiContact): boolean {
  const f = c.defaultFields;
  const values = (list: ApiItem[] | undefined) =>
    (list ?? [])
      .map((i) => (i.value ?? '').toLowerCase())
      .sort()
      .join('\n');
  const custom = (c.customFields ?? [])
    .filter((x) => d.custom.some((o) => o.key === x.key))
    .map((x) => `${x.key}=${String(x.value)}`)
    .sort()
    .join('\n');
  return (
    (f.firstName ?? '') === d.firstName &&
    (f.lastName ?? '') === d.lastName &&
    (f.company ?? '') === d.company &&
    values(f.emails) ===
      [...d.emails]
        .map((e) => e.toLowerCase())
        .sort()
        .join('\n') &&
    values(f.phoneNumbers) ===
      [...d.phones]
        .map((e) => e.toLowerCase())
        .sort()
        .join('\n') &&
    custom ===
      d.custom
        .map((x) => `${x.key}=${String(x.value)}`)
        .sort()
        .join('\n')
  );
}

/** The first thing wrong with a row that keeps it from being pushed, or ''. */
export function rowProblem(d: ContactDraft): string {
  if (!d.contactId) return 'The row has no Contact ID: run match again to give it one.';
  if (d.contactId.length > MAX_EXTERNAL_ID) {
    return `Contact ID is ${d.contactId.length} characters; OpenPhone keeps at most ${MAX_EXTERNAL_ID} as a contact's external ID. Shorten it.`;
  }
  if (d.phones.length === 0) return 'The row has no phone number: OpenPhone links a contact to conversations by its phone.';
  return '';
}
