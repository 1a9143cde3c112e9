/**
 * The conversation list: one row per distinct other-party phone, with the IDs of every
 * conversation that phone takes part in. Read from a CSV the user has or from the OpenPhone API.
 */
import { parseCsv, headerKey } from './csv';
import { UserError } from './errors';
import { describePhoneProblem, extractPhones, normalizePhone } from './phones';
import { MAX_LISTED_PROBLEMS, type ConversationImportSummary, type ImportProblem } from './rpc';
import { MULTI_VALUE_SEPARATOR } from './workbook-schema';
import type { ApiConversation } from './openphone/types';

export interface ConversationRow {
  phone: string;
  conversationIds: string[];
}

/** Header names, reduced by headerKey, that hold the other party's number; first found wins. */
const PHONE_HEADERS = [
  'phone',
  'phonenumber',
  'participant',
  'participants',
  'participantphone',
  'contactphone',
  'contactnumber',
  'otherparty',
  'number',
  'mobile',
  'mobilephone',
  'cell',
];
const ID_HEADERS = ['conversationid', 'conversation', 'id'];
/** Below this share of parseable phones a column is not a phone column. */
const PHONE_COLUMN_MIN_SHARE = 0.5;

export function conversationsFromCsv(fileName: string, text: string): { rows: ConversationRow[]; summary: ConversationImportSummary } {
  const table = parseCsv(fileName, text);
  const keys = table.header.map(headerKey);
  const phoneCol = findPhoneColumn(keys, table.rows);
  if (phoneCol < 0) {
    throw new UserError(
      `${fileName}: no phone column found. The header has ${table.header.map((h) => `"${h}"`).join(', ')}; name the column with the other party's number "Phone".`,
    );
  }
  const idCol = ID_HEADERS.map((k) => keys.indexOf(k)).find((i) => i >= 0 && i !== phoneCol) ?? -1;
  const collector = new ConversationCollector();
  table.rows.forEach((row, i) => {
    const rowNumber = table.rowNumbers[i]!;
    const cell = row[phoneCol] ?? '';
    const id = idCol >= 0 ? (row[idCol] ?? '').trim() : '';
    if (!cell.trim()) {
      collector.rowsWithoutPhone++;
      return;
    }
    const found = extractPhones(cell);
    for (const p of found.problems) collector.problem(rowNumber, p.raw, describePhoneProblem(p.reason));
    if (found.phones.length === 0) return;
    for (const phone of found.phones) collector.add(phone.e164, id);
  });
  const summary = collector.summary(fileName, table.rows.length);
  if (summary.distinctPhones === 0) {
    throw new UserError(`${fileName}: no valid phone number in column "${table.header[phoneCol]}" (${summary.problemCount} unreadable).`);
  }
  return { rows: collector.rows(), summary };
}

/**
 * Conversations as the API lists them. `participants` should exclude the workspace's own
 * numbers, but that is not documented: they are dropped here all the same, since the business
 * is never its own contact.
 */
export function conversationsFromApi(
  items: ApiConversation[],
  ownNumbers: string[] = [],
): { rows: ConversationRow[]; summary: ConversationImportSummary } {
  const collector = new ConversationCollector();
  const own = new Set(ownNumbers);
  items.forEach((item, i) => {
    const participants = (item.participants ?? []).filter((p) => !own.has(p));
    if (participants.length === 0) collector.rowsWithoutPhone++;
    for (const raw of participants) {
      const parsed = normalizePhone(raw);
      if (!parsed.ok) {
        collector.problem(i + 1, `${item.id}: ${raw}`, describePhoneProblem(parsed.problem.reason));
        continue;
      }
      collector.add(parsed.phone.e164, item.id);
    }
  });
  return { rows: collector.rows(), summary: collector.summary('OpenPhone', items.length) };
}

/** Rows for the Conversations sheet, in the contract's column order. */
export function conversationSheetRows(rows: ConversationRow[]): string[][] {
  return rows.map((r) => [r.phone, r.conversationIds.join(MULTI_VALUE_SEPARATOR)]);
}

function findPhoneColumn(keys: string[], rows: string[][]): number {
  for (const name of PHONE_HEADERS) {
    const i = keys.indexOf(name);
    if (i >= 0) return i;
  }
  // Unnamed or oddly named: the column whose cells are mostly phones.
  let best = -1;
  let bestShare = 0;
  const sample = rows.slice(0, 200);
  keys.forEach((_, col) => {
    const filled = sample.filter((r) => (r[col] ?? '').trim() !== '');
    if (filled.length === 0) return;
    const phones = filled.filter((r) => extractPhones(r[col]).phones.length > 0).length;
    const share = phones / filled.length;
    if (share > bestShare) {
      best = col;
      bestShare = share;
    }
  });
  return bestShare >= PHONE_COLUMN_MIN_SHARE ? best : -1;
}

class ConversationCollector {
  private byPhone = new Map<string, string[]>();
  private added = 0;
  private problems: ImportProblem[] = [];
  private problemCount = 0;
  rowsWithoutPhone = 0;

  add(phone: string, id: string): void {
    this.added++;
    const ids = this.byPhone.get(phone);
    if (!ids) {
      this.byPhone.set(phone, id ? [id] : []);
      return;
    }
    if (id && !ids.includes(id)) ids.push(id);
  }

  problem(row: number, value: string, reason: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ row, value, reason });
  }

  rows(): ConversationRow[] {
    return [...this.byPhone].map(([phone, conversationIds]) => ({ phone, conversationIds }));
  }

  summary(source: string, rowCount: number): ConversationImportSummary {
    return {
      source,
      rows: rowCount,
      distinctPhones: this.byPhone.size,
      duplicatesCollapsed: this.added - this.byPhone.size,
      rowsWithoutPhone: this.rowsWithoutPhone,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }
}
