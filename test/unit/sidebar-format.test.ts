import { describe, expect, it } from 'vitest';
import {
  countOf,
  errorMessage,
  formatBytes,
  formatCount,
  headerLine,
  importResultLine,
  matchSummaryLines,
  namedProgress,
  problemLines,
  progressLine,
} from '../../sidebar/format';
import type { ConversationImportSummary, DashboardView, MatchSummary } from '../../src/core/rpc';
import { dashboardView } from '../fixtures/dashboard';

function summary(over: Partial<ConversationImportSummary> = {}): ConversationImportSummary {
  return {
    source: 'conversations.csv',
    rows: 7003,
    distinctPhones: 6842,
    duplicatesCollapsed: 158,
    rowsWithoutPhone: 0,
    problems: [],
    problemCount: 3,
    ...over,
  };
}

function view(conversations: number, unmapped: number): DashboardView {
  return dashboardView({ conversations, unmapped });
}

function matchSummary(over: Partial<MatchSummary> = {}): MatchSummary {
  return { phones: 7000, autoMatched: 5120, conflicts: 310, unmapped: 1570, contacts: 5034, decisionsKept: 0, ...over };
}

describe('sidebar wording', () => {
  it('groups thousands the same way in every locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(6842)).toBe('6,842');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1200)).toBe('-1,200');
    expect(formatCount(Number.NaN)).toBe('0');
  });

  it('says one and many', () => {
    expect(countOf(1, 'phone number')).toBe('1 phone number');
    expect(countOf(2, 'phone number')).toBe('2 phone numbers');
  });

  it('writes the import result line of the design', () => {
    expect(importResultLine(summary())).toBe('✓ 6,842 phone numbers from conversations.csv (158 duplicates collapsed, 3 unreadable)');
    expect(importResultLine(summary({ duplicatesCollapsed: 0, problemCount: 0 }))).toBe('✓ 6,842 phone numbers from conversations.csv');
    expect(
      importResultLine(summary({ source: 'OpenPhone', distinctPhones: 1, duplicatesCollapsed: 1, problemCount: 0, rowsWithoutPhone: 2 })),
    ).toBe('✓ 1 phone number from OpenPhone (1 duplicate collapsed, 2 rows without a phone)');
  });

  it('lists the unreadable values and counts the ones the server left out', () => {
    const lines = problemLines(
      summary({ problems: [{ row: 12, value: '555-0199', reason: 'number without an area code; not guessed' }], problemCount: 3 }),
    );
    expect(lines).toEqual(['Row 12: 555-0199 (number without an area code; not guessed)', '…and 2 more']);
    expect(problemLines(summary({ problems: [], problemCount: 0 }))).toEqual([]);
  });

  it('shows unmapped of conversations and the named share', () => {
    expect(headerLine(view(6842, 1368))).toBe('Unmapped Contacts: 1,368 of 6,842');
    expect(namedProgress(view(200, 50))).toEqual({ named: 150, total: 200, percent: 75 });
    // Rounded down: 99.9% named is not yet "100%".
    expect(namedProgress(view(1000, 1)).percent).toBe(99);
    expect(namedProgress(view(0, 0))).toEqual({ named: 0, total: 0, percent: 0 });
    expect(namedProgress(view(10, 12)).named).toBe(0);
    expect(progressLine(namedProgress(view(0, 0)))).toBe('No conversations imported yet');
    expect(progressLine(namedProgress(view(200, 50)))).toBe('150 named (75%)');
  });

  it('makes any failure readable', () => {
    expect(errorMessage(new Error('file.csv: no phone column found.'))).toBe('file.csv: no phone column found.');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({ message: 'like an Error' })).toBe('like an Error');
    expect(errorMessage(undefined)).toMatch(/went wrong/);
    expect(errorMessage(new Error(''))).toMatch(/went wrong/);
    expect(errorMessage(new Error('Exception: a.csv: the file is empty.'))).toBe('a.csv: the file is empty.');
    expect(errorMessage(new Error('UserError: a.csv: the file is empty.'))).toBe('a.csv: the file is empty.');
  });

  it('prints file sizes', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(52.4 * 1024 * 1024)).toBe('52.4 MB');
  });

  it('words the counts of a match run, earlier decisions only when some were kept', () => {
    expect(matchSummaryLines(matchSummary()).map((l) => [l.kind, l.text])).toEqual([
      ['auto', '✓ 5,120 confident matches applied'],
      ['conflicts', '310 conflicts need review'],
      ['unmapped', '1,570 with no match'],
      ['contacts', '5,034 contacts'],
    ]);
    const one = matchSummaryLines(matchSummary({ autoMatched: 1, conflicts: 1, unmapped: 0, contacts: 1, decisionsKept: 1 })).map(
      (l) => l.text,
    );
    expect(one).toEqual([
      '✓ 1 confident match applied',
      '1 conflict needs review',
      '0 with no match',
      '1 contact',
      '1 earlier decision kept',
    ]);
    expect(matchSummaryLines(matchSummary({ decisionsKept: 42 })).at(-1)).toEqual({ kind: 'kept', text: '42 earlier decisions kept' });
  });
});
