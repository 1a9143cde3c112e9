import { describe, expect, it } from 'vitest';
import { conversationsFromApi, conversationsFromCsv, conversationSheetRows } from '../../src/core/conversations';
import type { ApiConversation } from '../../src/core/openphone/types';

describe('conversationsFromCsv', () => {
  it('reads loose formats and collapses duplicates to one row per phone', () => {
    const csv = [
      'Conversation ID,Phone Number,Last Message',
      'CN1,(617) 555-0123,hi',
      'CN2,617.555.0123,again',
      'CN3,+1 508 555 0144,"hello, there"',
      'CN4,6175550199.0,x',
      'CN5,,empty',
    ].join('\r\n');
    const { rows, summary } = conversationsFromCsv('conversations.csv', csv);
    expect(conversationSheetRows(rows)).toEqual([
      ['+16175550123', 'CN1, CN2'],
      ['+15085550144', 'CN3'],
      ['+16175550199', 'CN4'],
    ]);
    expect(summary).toMatchObject({ rows: 5, distinctPhones: 3, duplicatesCollapsed: 1, rowsWithoutPhone: 1, problemCount: 0 });
  });

  it('finds an unnamed phone column by its content and accepts ; delimiters and a BOM', () => {
    const csv = '\uFEFFName;Tel\nAnn;617-555-0101\nBob;617-555-0102\n';
    const { rows } = conversationsFromCsv('x.csv', csv);
    expect(rows.map((r) => r.phone)).toEqual(['+16175550101', '+16175550102']);
  });

  it('accepts a one-column file', () => {
    const { rows } = conversationsFromCsv('phones.csv', 'phone\n+16175550101\n+16175550102\n');
    expect(rows).toHaveLength(2);
  });

  it('lists unreadable numbers with their row and never guesses them', () => {
    const { rows, summary } = conversationsFromCsv('c.csv', 'phone\n617-555-0101\n6.17555E+09\n555-1234\n');
    expect(rows).toHaveLength(1);
    expect(summary.problemCount).toBe(2);
    expect(summary.problems[0]).toMatchObject({ row: 3, value: '6.17555E+09' });
    expect(summary.problems[0]!.reason).toMatch(/scientific notation/);
    expect(summary.problems[1]).toMatchObject({ row: 4, value: '555-1234' });
  });

  it.each([
    ['', 'empty.csv: the file is empty.'],
    ['   \n\n', 'empty.csv: the file is empty.'],
    ['PK\u0003\u0004\u0014\u0000binary', 'empty.csv: this is not a CSV text file'],
    ['name,email\nAnn,a@example.com\n', 'empty.csv: no phone column found. The header has "name", "email"'],
    ['phone\nn/a\nunknown\n', 'empty.csv: no valid phone number in column "phone"'],
    ['phone\n555-1234\n', 'empty.csv: no valid phone number in column "phone"'],
  ])('rejects bad input with a message naming the file (%#)', (text, message) => {
    expect(() => conversationsFromCsv('empty.csv', text)).toThrow(message);
  });
});

describe('conversationsFromApi', () => {
  const conv = (id: string, participants: string[]): ApiConversation => ({
    id,
    participants,
    phoneNumberId: 'PN1',
    name: null,
    assignedTo: null,
    createdAt: null,
    updatedAt: null,
    lastActivityAt: null,
    lastActivityId: null,
    deletedAt: null,
    mutedUntil: null,
    snoozedUntil: null,
  });

  it('gives each participant of each conversation one row per distinct phone', () => {
    const { rows, summary } = conversationsFromApi([
      conv('CN1', ['+16175550101']),
      conv('CN2', ['+16175550101']),
      conv('CN3', ['+16175550102', '+16175550103']),
    ]);
    expect(conversationSheetRows(rows)).toEqual([
      ['+16175550101', 'CN1, CN2'],
      ['+16175550102', 'CN3'],
      ['+16175550103', 'CN3'],
    ]);
    expect(summary.duplicatesCollapsed).toBe(1);
  });

  it("leaves the workspace's own numbers out, should the API list them", () => {
    const { rows } = conversationsFromApi([conv('CN1', ['+16175550100', '+16175550101'])], ['+16175550100']);
    expect(rows.map((r) => r.phone)).toEqual(['+16175550101']);
  });
});
