/** Wording and numbers of the sidebar, kept apart from the DOM so they can be tested alone. */
import type { ConversationImportSummary, DashboardView, ImportProblem } from '../src/core/rpc';

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
  if (summary.duplicatesCollapsed > 0) notes.push(`${formatCount(summary.duplicatesCollapsed)} ${summary.duplicatesCollapsed === 1 ? 'duplicate' : 'duplicates'} collapsed`);
  if (summary.problemCount > 0) notes.push(`${formatCount(summary.problemCount)} unreadable`);
  if (summary.rowsWithoutPhone > 0) notes.push(`${countOf(summary.rowsWithoutPhone, 'row')} without a phone`);
  const tail = notes.length ? ` (${notes.join(', ')})` : '';
  return `✓ ${countOf(summary.distinctPhones, 'phone number')} from ${summary.source}${tail}`;
}

/** The unreadable values the server listed, one line each, and how many more it only counted. */
export function problemLines(summary: ConversationImportSummary): string[] {
  const lines = summary.problems.map(problemLine);
  const unlisted = summary.problemCount - summary.problems.length;
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
