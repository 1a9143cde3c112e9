/**
 * A source file as the add-on sees it: the real header row found by scanning (title rows of
 * QuickBooks reports sit above it), footers (disclaimers, totals, print timestamps) set aside
 * and counted, the format recognised from the header, and each record with its people and
 * phones.
 */
import { headerKey, parseCsvRows } from '../csv';
import { UserError } from '../errors';
import { hash53 } from '../hash';
import { extractPhones, type PhoneProblem } from '../phones';
import { isPhoneHeader, profileById, rankProfiles } from './profiles';
import type { ColumnMapping, ProfileId, RowView, SourcePerson, SourceProfile } from './types';

/** How far down the header row may sit (QuickBooks reports put 2–4 title rows above it). */
const HEADER_SCAN_ROWS = 30;

export interface SourceTable {
  fileName: string;
  header: string[];
  rows: string[][];
  rowNumbers: number[];
  /** Rows above the header (report titles). */
  titleRows: number;
  /** Rows after or between the data that are not records (disclaimers, totals, timestamps). */
  footerRows: number;
  profile: SourceProfile;
  /** Every profile that could read this header, best first: the user may pick another. */
  candidates: Array<{ id: ProfileId; label: string; score: number }>;
  fileHash: string;
}

export interface SourceRecord {
  key: string;
  rowNumber: number;
  cells: string[];
  persons: SourcePerson[];
  /** E.164 of every phone in the record, in order. */
  phones: string[];
  phoneProblems: PhoneProblem[];
}

export function readSourceFile(fileName: string, text: string, profileId?: string): SourceTable {
  const parsed = parseCsvRows(fileName, text);
  const headerIndex = findHeaderRow(parsed.rows);
  if (headerIndex < 0) {
    throw new UserError(
      `${fileName}: no header row found in the first ${HEADER_SCAN_ROWS} rows (a header has at least two named columns).`,
    );
  }
  const header = uniqueHeader(parsed.rows[headerIndex]!.map((h) => h.trim()));
  const ranked = rankProfiles(header);
  let profile = ranked[0]?.profile;
  if (profileId) {
    profile = profileById(profileId);
    if (!profile) throw new UserError(`${fileName}: unknown source format "${profileId}".`);
  }
  if (!profile) throw new UserError(`${fileName}: no usable column in the header (${header.map((h) => `"${h}"`).join(', ')}).`);

  let width = header.length;
  for (let i = headerIndex + 1; i < parsed.rows.length; i++) width = Math.max(width, lastFilled(parsed.rows[i]!) + 1);
  // Rows longer than the header keep their extra cells under added column names: nothing is dropped.
  for (let i = header.length; i < width; i++) header.push(`Extra ${i - header.length + 1}`);
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let footerRows = 0;
  parsed.rows.slice(headerIndex + 1).forEach((raw, i) => {
    const cells = pad(raw, width);
    if (profile!.isFooter?.(rowView(header, cells))) {
      footerRows++;
      return;
    }
    rows.push(cells);
    rowNumbers.push(parsed.rowNumbers[headerIndex + 1 + i]!);
  });
  return {
    fileName,
    header,
    rows,
    rowNumbers,
    titleRows: headerIndex,
    footerRows,
    profile,
    candidates: ranked.map((r) => ({ id: r.profile.id, label: r.profile.label, score: Math.round(r.score * 100) / 100 })),
    fileHash: hash53(text),
  };
}

/** The records of a table (or of one chunk of its rows), with their keys, people and phones. */
export function buildRecords(
  sourceId: string,
  profile: SourceProfile,
  header: string[],
  rows: string[][],
  rowNumbers: number[],
  mapping?: ColumnMapping,
): SourceRecord[] {
  const phoneColumns = header
    .map(headerKey)
    .map((k, i) => (isPhoneHeader(k) ? i : -1))
    .filter((i) => i >= 0);
  return rows.map((cells, i) => {
    const view = rowView(header, cells);
    const persons = profile.persons(view, mapping);
    const phones: string[] = [];
    for (const p of persons) for (const ph of p.phones) if (!phones.includes(ph.e164)) phones.push(ph.e164);
    const phoneProblems = phoneColumns.flatMap((c) => extractPhones(cells[c] ?? '').problems);
    return { key: recordKey(sourceId, profile, view), rowNumber: rowNumbers[i]!, cells, persons, phones, phoneProblems };
  });
}

/**
 * Stable across re-imports of the same export: the record's own ID where the format has one,
 * otherwise a hash of its cells (decisions made on a record must find it again).
 */
export function recordKey(sourceId: string, profile: SourceProfile, row: RowView): string {
  const natural = profile.naturalKey?.(row).trim();
  // Keys are listed in cells joined with `, `, so a key never contains one (`smith, john` → `smith,john`).
  return `${sourceId}:${natural ? natural.replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ') : hash53(row.cells.join('\u001f'))}`;
}

export function rowView(header: string[], cells: string[]): RowView {
  const keys = header.map(headerKey);
  return {
    header,
    keys,
    cells,
    get(name: string) {
      const i = keys.indexOf(headerKey(name));
      return i < 0 ? '' : (cells[i] ?? '').trim();
    },
    cellsWhere(test) {
      const out: string[] = [];
      keys.forEach((k, i) => {
        if (test(k) && (cells[i] ?? '').trim() !== '') out.push(cells[i]!);
      });
      return out;
    },
  };
}

function findHeaderRow(rows: string[][]): number {
  let best = -1;
  let bestScore = 0;
  rows.slice(0, HEADER_SCAN_ROWS).forEach((row, i) => {
    const named = row.filter((c) => /[a-z]/i.test(c) && c.trim().length < 80);
    if (named.length < 2) return;
    const top = rankProfiles(row.map((c) => c.trim()))[0]?.score ?? 0;
    // A known format's header beats any other row; otherwise the first row naming several columns.
    const score = top + named.length / (row.length * 100);
    if (score > bestScore + 1e-9) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** Two columns of one name would make `get` ambiguous; the second becomes `Name (2)`. */
function uniqueHeader(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const name = h || (i === 0 ? '' : `Column ${i + 1}`);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function pad(row: string[], width: number): string[] {
  const out = row.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

function lastFilled(row: string[]): number {
  for (let i = row.length - 1; i >= 0; i--) if (row[i]!.trim() !== '') return i;
  return -1;
}
