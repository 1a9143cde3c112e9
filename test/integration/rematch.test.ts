// Re-running match after new data: only what the new data touches changes, and every
// decision already made (a resolved conflict, a name typed in Unmapped, a contact's IDs) stays.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, newWorkbook, type Emulator, type WorkbookModel } from '../../src/local/emulator';
import { sheet, table, uploadSource } from './workbook';
import { serverOf } from '../../src/local/server-of';

let emulator: Emulator;
afterEach(() => emulator?.dispose());

/** A reviewer typing into a sheet: find the row by its first cell and set a column. */
function type(workbook: WorkbookModel, sheetName: string, key: string, column: string, value: string): void {
  const s = sheet(workbook, sheetName);
  const header = s.cells[0]!.map((c) => String(c.value));
  const row = s.cells.find((r) => String(r[0]?.value) === key || String(r[1]?.value).includes(key));
  if (!row) throw new Error(`no row ${key} in ${sheetName}`);
  row[header.indexOf(column)] = { value, numberFormat: '@' };
}

const rows = (name: string) => {
  const [header, ...rest] = table(emulator.workbook, name);
  return rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
};

describe('re-running match', () => {
  it('keeps decisions, typed names and contact IDs, and changes only what new data touches', () => {
    emulator = createEmulator({ workbook: newWorkbook('rematch') });
    uploadSource(emulator, 'a.csv', 'Name,Phone\nJohn Smith,617-555-0101\nJane Smith,617-555-0101\nAnn Lee,617-555-0102\n');
    serverOf(emulator).importConversationsCsv('c.csv', 'Phone\n617-555-0101\n617-555-0102\n617-555-0103\n617-555-0104\n');
    const first = serverOf(emulator).runMatch();
    expect(first).toMatchObject({ autoMatched: 1, conflicts: 1, unmapped: 2 });
    const ann = rows('Contacts').find((c) => c['First Name'] === 'Ann')!;
    // Reviewers pick a conflict's Status from a dropdown of exactly the values match reads.
    expect(sheet(emulator.workbook, 'Conflicts').cells[1]![1]!.validation).toMatchObject({ values: ['pending', 'resolved', 'skipped'] });

    type(emulator.workbook, 'Conflicts', '+16175550101', 'Status', 'resolved');
    type(emulator.workbook, 'Conflicts', '+16175550101', 'Decision', '1');
    type(emulator.workbook, 'Unmapped', '+16175550103', 'Name', 'Walk-in customer');
    type(emulator.workbook, 'Contacts', ann['Contact ID']!, 'OpenPhone ID', 'op-123');

    uploadSource(emulator, 'b.csv', 'Name,Phone,Email\nAnn Lee,617-555-0102,ann@example.com\nBob Diaz,617-555-0104,\n');
    const second = serverOf(emulator).runMatch();
    expect(second).toMatchObject({ autoMatched: 2, conflicts: 0, unmapped: 1, decisionsKept: 1 });

    const conflict = rows('Conflicts').find((c) => c.Phone === '+16175550101')!;
    expect(conflict).toMatchObject({ Status: 'resolved', Decision: '1' });
    const annAfter = rows('Contacts').find((c) => c['First Name'] === 'Ann')!;
    expect(annAfter).toMatchObject({
      'Contact ID': ann['Contact ID'],
      'OpenPhone ID': 'op-123',
      Emails: 'ann@example.com',
      Sources: 'a.csv, b.csv',
    });
    expect(rows('Unmapped')).toEqual([expect.objectContaining({ Phone: '+16175550103', Name: 'Walk-in customer' })]);
    expect(
      rows('Contacts')
        .map((c) => c['First Name'])
        .sort(),
    ).toEqual(['Ann', 'Bob']);
  });

  it('reopens a decision whose candidates changed, keeping what was decided for the reviewer to confirm', () => {
    emulator = createEmulator({ workbook: newWorkbook('rematch') });
    uploadSource(emulator, 'a.csv', 'Name,Phone\nJohn Smith,617-555-0101\nJane Smith,617-555-0101\n');
    serverOf(emulator).importConversationsCsv('c.csv', 'Phone\n617-555-0101\n');
    serverOf(emulator).runMatch();
    type(emulator.workbook, 'Conflicts', '+16175550101', 'Status', 'resolved');
    type(emulator.workbook, 'Conflicts', '+16175550101', 'Decision', '2');
    uploadSource(emulator, 'c.csv', 'Name,Phone\nMary Major,617-555-0101\n');
    const again = serverOf(emulator).runMatch();
    expect(again.decisionsKept).toBe(0);
    const conflict = rows('Conflicts')[0]!;
    // The pick follows Jane Smith to wherever she now stands among the candidates.
    const jane = ['1', '2', '3'].find((n) => conflict[`${n} Name`] === 'Jane Smith');
    expect(conflict).toMatchObject({ Status: 'pending', Decision: jane });
    expect(conflict.Why).toMatch(/^new data since the decision \(a candidate changed or added: Mary Major from c\.csv\); 3 identities/);
  });

  it('reads the thresholds from the Settings sheet and refuses an unreadable one', () => {
    emulator = createEmulator({ workbook: newWorkbook('settings') });
    uploadSource(emulator, 'a.csv', 'Name,Phone\nAnn Lee,617-555-0102\n');
    serverOf(emulator).importConversationsCsv('c.csv', 'Phone\n617-555-0102\n');
    expect(serverOf(emulator).runMatch().autoMatched).toBe(1);
    type(emulator.workbook, 'Settings', 'Auto threshold', 'Value', '0.95');
    expect(serverOf(emulator).runMatch()).toMatchObject({ autoMatched: 0, conflicts: 1 });
    type(emulator.workbook, 'Settings', 'Auto threshold', 'Value', 'high');
    expect(() => serverOf(emulator).runMatch()).toThrow('"Auto threshold" must be a number from 0 to 1');
  });
});
