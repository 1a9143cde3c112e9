// Review at the size of the real workspace: every pending conflict takes its recommendation,
// the verification figures follow, and re-running match keeps every decision.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, SheetDecisionsSummary } from '../../src/core/rpc';
import { createEmulator, newWorkbook } from '../../src/local/emulator';
import { serverOf } from '../../src/local/server-of';
import { buildDataset } from '../fixtures/population';
import { table, uploadSource } from './workbook';

let before: Report;
let accepted: SheetDecisionsSummary;
let after: Report;
let rematch: { conflicts: number; decisionsKept: number };
let logEntries: number;
let pendingInSheet: number;

beforeAll(() => {
  const data = buildDataset({ scale: 1, seed: 42 });
  const emulator = createEmulator({ workbook: newWorkbook('review at scale') });
  try {
    const server = serverOf(emulator);
    for (const [name, text] of Object.entries(data.files)) uploadSource(emulator, name, text);
    server.importConversationsCsv('conversations.csv', data.conversationsCsv);
    server.runMatch();
    before = server.getReport();
    accepted = server.acceptRecommended();
    after = server.getReport();
    rematch = server.runMatch();
    logEntries = table(emulator.workbook, 'Decision Log').length - 1;
    const [header = [], ...rows] = table(emulator.workbook, 'Conflicts');
    pendingInSheet = rows.filter((r) => r[header.indexOf('Status')] === 'pending').length;
  } finally {
    emulator.dispose();
  }
  console.log('review at scale', JSON.stringify({ before, accepted, after, rematch }));
}, 300_000);

describe('resolve --accept-recommended on the generated workspace', () => {
  it('decides every pending conflict, each logged', () => {
    expect(before.conflictsPending).toBeGreaterThan(50);
    expect(accepted.decided).toBe(before.conflictsPending);
    expect(logEntries).toBe(accepted.decided);
    expect(after.conflictsPending).toBe(0);
  });

  it('names the conversations the decisions name, and creates no duplicate', () => {
    expect(after.conversationsNamed).toBeGreaterThan(before.conversationsNamed);
    expect(after.duplicateContacts).toBe(0);
  });

  it('keeps every decision when match runs again: no conflict reopens', () => {
    expect(rematch.conflicts).toBe(0);
    expect(pendingInSheet).toBe(0);
    expect(rematch.decisionsKept).toBe(accepted.decided);
  });
});
