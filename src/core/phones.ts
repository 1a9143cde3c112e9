/**
 * Every phone the add-on touches passes through here: one place decides what a phone is.
 * Parsing and validation are libphonenumber-js's (default region US); this module only
 * handles what real export cells do around the number: several numbers in one cell, labels,
 * extensions, spreadsheet damage.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export const DEFAULT_REGION = 'US';

export interface Phone {
  /** E.164, e.g. +16175550123. */
  e164: string;
  /** Digits of an extension (`x12`, `ext. 12`), kept aside and never part of the key. */
  extension?: string;
  /** The label in front of the number (`Mobile`, `Phone`), when the cell had one. */
  label?: string;
  /** The text the number was read from. */
  raw: string;
}

export type PhoneProblemReason =
  | 'scientific-notation' // Excel turned the number into 6.17555E+09: digits are lost
  | 'no-area-code' // 7 digits: could be any area code, never guessed
  | 'invalid'; // not a dialable number for its region

export interface PhoneProblem {
  raw: string;
  reason: PhoneProblemReason;
}

export type PhoneResult = { ok: true; phone: Phone } | { ok: false; problem: PhoneProblem };

export interface ExtractedPhones {
  phones: Phone[];
  problems: PhoneProblem[];
}

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;
// Excel and pandas write digit-only columns as floats: 6175550123.0
const FLOAT_TAIL = /^(\+?\d+)\.0+$/;
// Labels seen in QuickBooks reports and free-text cells: `Phone:(617) 555-0123 Mobile:…`.
const LABEL = /(phone|mobile|cell|home|work|office|main|alt\.?|other|fax|tel)\s*:\s*/gi;
// Numbers that are not a person's line: kept out of matching.
const IGNORED_LABELS = new Set(['fax']);
// Separators between numbers in one cell: Google's ` ::: `, QBD's `/`, `;`, `,`, new lines.
const SEPARATORS = /\s*:::\s*|[/;,\n\r|]+/;

/** A phone problem as the person who typed the number reads it. */
export function describePhoneProblem(reason: PhoneProblemReason): string {
  switch (reason) {
    case 'scientific-notation':
      return 'number in scientific notation (digits lost by a spreadsheet); re-export with the column as text';
    case 'no-area-code':
      return 'number without an area code; not guessed';
    default:
      return 'not a valid phone number';
  }
}

/** One number, as typed in a cell. */
export function normalizePhone(raw: string, region = DEFAULT_REGION): PhoneResult {
  const text = String(raw).trim();
  if (SCIENTIFIC.test(text)) return fail(raw, 'scientific-notation');
  const repaired = text.replace(FLOAT_TAIL, '$1');
  const digits = repaired.replace(/(?:x|ext\.?|extension|#).*$/i, '').replace(/\D/g, '');
  if (digits.length === 7 && !repaired.startsWith('+')) return fail(raw, 'no-area-code');
  if (digits.length < 7) return fail(raw, 'invalid');
  const parsed = parsePhoneNumberFromString(repaired, region as 'US');
  if (!parsed || !parsed.isValid()) return fail(raw, 'invalid');
  const phone: Phone = { e164: parsed.number, raw };
  if (parsed.ext) phone.extension = parsed.ext;
  return { ok: true, phone };
}

/** Every number in one cell, in order, without repeats. */
export function extractPhones(cell: unknown, region = DEFAULT_REGION): ExtractedPhones {
  const result: ExtractedPhones = { phones: [], problems: [] };
  const text = cell == null ? '' : String(cell).trim();
  if (!text) return result;
  const seen = new Set<string>();
  for (const { label, value } of splitLabelled(text)) {
    if (label && IGNORED_LABELS.has(label.toLowerCase())) continue;
    for (const part of splitNumbers(value)) {
      if (!/\d/.test(part)) continue;
      const parsed = normalizePhone(part, region);
      if (!parsed.ok) {
        result.problems.push(parsed.problem);
        continue;
      }
      if (seen.has(parsed.phone.e164)) continue;
      seen.add(parsed.phone.e164);
      if (label) parsed.phone.label = label;
      result.phones.push(parsed.phone);
    }
  }
  return result;
}

/**
 * The numbers in one piece of a cell. A separator only separates when each side holds a whole
 * number: `617/555-0123` is one number written the old way, `617.555.0134/617.555.0135` two.
 */
function splitNumbers(value: string): string[] {
  const parts = value.split(SEPARATORS).filter((p) => /\d/.test(p));
  const digits = (t: string) => t.replace(/\D/g, '').length;
  if (parts.length > 1 && parts.some((p) => digits(p) < 7) && digits(value) >= 10 && digits(value) <= 11) return [value];
  return parts;
}

function splitLabelled(text: string): Array<{ label?: string; value: string }> {
  const parts: Array<{ label?: string; value: string }> = [];
  const matches = [...text.matchAll(LABEL)];
  if (matches.length === 0) return [{ value: text }];
  const first = matches[0]!;
  if (first.index! > 0) parts.push({ value: text.slice(0, first.index) });
  matches.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < matches.length ? matches[i + 1]!.index! : text.length;
    parts.push({ label: capitalize(m[1]!), value: text.slice(start, end) });
  });
  return parts;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function fail(raw: string, reason: PhoneProblemReason): PhoneResult {
  return { ok: false, problem: { raw, reason } };
}
