/** Wording and numbers of the sidebar, kept apart from the DOM so they can be tested alone. */
import type { ConversationImportSummary, DashboardView, ImportProblem, MatchSummary, SourceListItem } from '../src/core/rpc';
import type { FinishedImport, UploadProgress } from './state';

/** 6842 → "6,842": fixed so the wording does not depend on the viewer's locale. */
export function formatCount(n: number): string {
  const whole = Math.round(Number.isFinite(n) ? n : 0);
  const sign = whole < 0 ? '-' : '';
  return sign + String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** "✓ 6,842 phone numbers from conversations.csv (158 duplicates collapsed, 3 unreadable)" */
export function importResultLine(summary: ConversationImportSummary): string {
  const notes: string[] = [];
  if (summary.duplicatesCollapsed > 0)
    notes.push(`${formatCount(summary.duplicatesCollapsed)} ${summary.duplicatesCollapsed === 1 ? 'duplicate' : 'duplicates'} collapsed`);
  if (summary.problemCount > 0) notes.push(`${formatCount(summary.problemCount)} unreadable`);
  if (summary.rowsWithoutPhone > 0) notes.push(`${countOf(summary.rowsWithoutPhone, 'row')} without a phone`);
  const tail = notes.length ? ` (${notes.join(', ')})` : '';
  return `✓ ${countOf(summary.distinctPhones, 'phone number')} from ${summary.source}${tail}`;
}

/** The unreadable values the server listed, one line each, and how many more it only counted. */
export function problemLines(summary: ConversationImportSummary): string[] {
  return listedProblems(summary.problems, summary.problemCount);
}

function listedProblems(problems: ImportProblem[], count: number): string[] {
  const lines = problems.map(problemLine);
  const unlisted = count - problems.length;
  if (unlisted > 0) lines.push(`…and ${formatCount(unlisted)} more`);
  return lines;
}

function problemLine(p: ImportProblem): string {
  return `Row ${formatCount(p.row)}: ${p.value} (${p.reason})`;
}

export interface Progress {
  named: number;
  total: number;
  /** 0–100, whole numbers; 0 when there is nothing to name yet. */
  percent: number;
}

export function namedProgress(view: DashboardView): Progress {
  const total = Math.max(0, view.conversations);
  const named = Math.min(total, Math.max(0, total - view.unmapped));
  const percent = total === 0 ? 0 : Math.floor((named / total) * 100);
  return { named, total, percent };
}

export function headerLine(view: DashboardView): string {
  return `Unmapped Contacts: ${formatCount(view.unmapped)} of ${formatCount(view.conversations)}`;
}

export function progressLine(p: Progress): string {
  if (p.total === 0) return 'No conversations imported yet';
  return `${formatCount(p.named)} named (${p.percent}%)`;
}

/** google.script.run hands failures over as Error objects; anything else is made readable. */
export function errorMessage(error: unknown): string {
  let message = '';
  if (typeof error === 'string') message = error;
  else if (error && typeof error === 'object' && 'message' in error) {
    const m = (error as { message: unknown }).message;
    if (typeof m === 'string') message = m;
  }
  // The server may hand the message over with its error type in front ("Exception: …",
  // "UserError: …"); staff need only the sentence, which already names the file or row.
  message = message.replace(/^(?:[A-Za-z]*Error|Exception):\s+/, '').trim();
  return message || 'Something went wrong. Please try again.';
}

/** File size for messages: "52.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The seed design's groups, in its words; a type it does not name counts as another CSV. */
const SOURCE_GROUPS: ReadonlyArray<{ type: string; label: string }> = [
  { type: 'propertyradar', label: 'PropertyRadar CSVs' },
  { type: 'quickbooks', label: 'QuickBooks' },
  { type: 'openphone', label: 'OpenPhone contacts' },
  { type: 'csv', label: 'Other CSVs' },
];

export interface SourceGroup {
  type: string;
  label: string;
  items: SourceListItem[];
}

export function groupSources(items: SourceListItem[]): SourceGroup[] {
  const known = new Set(SOURCE_GROUPS.map((g) => g.type));
  return SOURCE_GROUPS.map((g) => ({
    ...g,
    items: items.filter((i) => i.sourceType === g.type || (g.type === 'csv' && !known.has(i.sourceType))),
  })).filter((g) => g.items.length > 0);
}

/** "PropertyRadar CSVs: ✓ 3 files loaded"; a QuickBooks sync is no file and is said apart. */
export function sourceGroupLine(group: SourceGroup): string {
  const files = group.items.filter((i) => !i.synced).length;
  const parts = files ? [`${countOf(files, 'file')} loaded`] : [];
  if (files < group.items.length) parts.push('customers synced');
  return `${group.label}: ✓ ${parts.join(', ')}`;
}

/** "2,500 records, 1,875 with a phone" */
export function recordsLine(total: number, withPhone: number): string {
  return `${countOf(total, 'record')}, ${formatCount(withPhone)} with a phone`;
}

/** "✓ pr.csv: 2,500 records, 1,875 with a phone, 2,610 phones found → sheet pr" */
export function sourceResultLine(r: FinishedImport): string {
  const phones = r.phonesFound !== undefined ? `, ${countOf(r.phonesFound, 'phone')} found` : '';
  return `✓ ${r.fileName}${r.replaced ? ' (replaced)' : ''}: ${recordsLine(r.totalRecords, r.recordsWithPhone)}${phones} → sheet ${r.sheet}`;
}

/** Rows set aside and unreadable phones, each problem on its own line. */
export function sourceResultDetails(r: FinishedImport): string[] {
  const lines: string[] = [];
  if (r.skippedRows) lines.push(`${countOf(r.skippedRows, 'title or footer row')} skipped`);
  if (r.unreadablePhones) {
    lines.push(`${countOf(r.unreadablePhones, 'unreadable phone')}:`);
    lines.push(...listedProblems(r.problems ?? [], r.unreadablePhones));
  }
  return lines;
}

/** "Sending file 2 of 3: 1,200 of 5,300 records" */
export function uploadProgressLine(p: UploadProgress): string {
  const file = p.files > 1 ? `file ${p.fileNumber} of ${p.files}` : 'file';
  return `Sending ${file}: ${formatCount(p.rowsSent)} of ${countOf(p.rowsTotal, 'record')}`;
}

export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.floor((part / whole) * 100)) : 0;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 5, 2025", in the viewer's time zone; text that is not a date is shown as it is. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
}

/** `Dec 1, 2026, 10:14 PM` in the reader's own time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  const h = d.getHours() % 12 || 12;
  return `${formatDate(iso)}, ${h}:${String(d.getMinutes()).padStart(2, '0')} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

export type MatchCountKind = 'auto' | 'conflicts' | 'unmapped' | 'contacts' | 'kept';

export interface MatchCountLine {
  kind: MatchCountKind;
  text: string;
}

/**
 * The Match card's counts after a run, in the order staff act on them: what was applied, what
 * needs a person, what found nothing. Earlier decisions are only mentioned when there were some.
 */
export function matchSummaryLines(s: MatchSummary): MatchCountLine[] {
  const lines: MatchCountLine[] = [
    { kind: 'auto', text: `✓ ${countOf(s.autoMatched, 'confident match', 'confident matches')} applied` },
    { kind: 'conflicts', text: `${countOf(s.conflicts, 'conflict')} ${s.conflicts === 1 ? 'needs' : 'need'} review` },
    { kind: 'unmapped', text: `${formatCount(s.unmapped)} with no match` },
    { kind: 'contacts', text: countOf(s.contacts, 'contact') },
  ];
  if (s.decisionsKept > 0) lines.push({ kind: 'kept', text: `${countOf(s.decisionsKept, 'earlier decision')} kept` });
  return lines;
}

/** `+16175550123` as people read it: `(617) 555-0123`; other countries keep their E.164. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}
