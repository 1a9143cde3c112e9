// The real built add-on (dist/Code.js, built by the global setup) running in the emulator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createEmulator, type Emulator } from '../../src/local/emulator/index';
import { projectRoot } from '../../src/local/paths';
import { table, uploadSource } from '../integration/workbook';

let em: Emulator;
afterEach(() => em?.dispose());

const MENU = [
  { caption: 'Open sidebar', functionName: 'showSidebar' },
  { caption: 'Run match', functionName: 'runMatchFromMenu' },
  { caption: 'Apply decisions', functionName: 'applyDecisionsFromMenu' },
  { caption: 'Push to OpenPhone', functionName: 'pushFromMenu' },
];

test('onOpen, fired as the simple trigger it is (LIMITED, or NONE before first use), only builds the menu — https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#authorization_modes', () => {
  for (const mode of ['LIMITED', 'NONE'] as const) {
    em = createEmulator();
    em.trigger('onOpen', mode);
    expect(em.ui.menus).toHaveLength(1);
    expect(em.ui.menus[0]!.items).toEqual(MENU);
    expect(em.stats.sheetsByMethod).toEqual({ 'SpreadsheetApp.getUi': 1 });
    expect(em.stats.urlFetch).toBe(0);
    em.dispose();
  }
});

test('onInstall runs with FULL authorization and builds the same menu — https://developers.google.com/workspace/add-ons/concepts/editor-triggers#oninstall', () => {
  em = createEmulator();
  em.trigger('onInstall');
  expect(em.ui.menus.map((m) => m.items)).toEqual([MENU]);
});

test("the menu's Open sidebar item shows dist/Sidebar.html — https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)", () => {
  em = createEmulator();
  em.trigger('onOpen');
  em.call(em.ui.menus[0]!.items[0]!.functionName);
  const html = readFileSync(path.join(projectRoot(), 'dist', 'Sidebar.html'), 'utf8');
  expect(em.ui.sidebars).toEqual([{ title: 'Contact Enrichment', html }]);
});

test('the add-on writes phones as text: Sheets never turns them into numbers — https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String)', () => {
  em = createEmulator();
  em.call('importConversationsCsv', 'conversations.csv', 'Phone,Conversation ID\n+16175550123,C1\n');
  const sheet = em.workbook.sheets.find((s) => s.name === 'Conversations')!;
  expect(sheet.cells[1]![0]).toMatchObject({ value: '+16175550123', numberFormat: '@' });
  expect(sheet.frozenRows).toBe(1);
});

describe('who applied a match, when Session has no address — https://developers.google.com/apps-script/reference/base/session#getActiveUser()', () => {
  function appliedBy(options: Parameters<typeof createEmulator>[0]): string[] {
    em = createEmulator(options);
    uploadSource(em, 'people.csv', 'Name,Phone\nAnn Lee,617-555-0102\n');
    em.call('importConversationsCsv', 'c.csv', 'Phone\n617-555-0102\n');
    em.call('runMatch');
    const [header, ...rows] = table(em.workbook, 'Matches');
    const status = header!.indexOf('Status');
    const by = header!.indexOf('Applied By');
    return rows.filter((r) => r[status] === 'applied').map((r) => r[by]!);
  }

  test('the address when there is one', () => {
    expect(appliedBy({ userEmail: 'ann@example.com' })).toEqual(['ann@example.com']);
  });

  test("a name the user gave the add-on, when the address is ''", () => {
    expect(appliedBy({ userEmail: '', userProperties: { ACTING_USER_NAME: 'Dana (front desk)' } })).toEqual(['Dana (front desk)']);
  });

  test('otherwise a pseudonym that tells users apart, from the temporary user key — #getTemporaryActiveUserKey()', () => {
    const first = appliedBy({ userEmail: '', temporaryActiveUserKey: 'k1abcdefghijklmnop' });
    em.dispose();
    const second = appliedBy({ userEmail: '', temporaryActiveUserKey: 'k2zyxwvutsrqponmlk' });
    expect(first).toEqual(['user k1abcdef']);
    expect(second).toEqual(['user k2zyxwvu']);
  });
});

test("the add-on makes room before it writes past a new sheet's 1000 × 26 grid — https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertRowsAfter(Integer,Integer)", () => {
  em = createEmulator();
  const phones = Array.from({ length: 1500 }, (_, i) => `+1617555${String(i).padStart(4, '0')},C${i}`);
  em.call('importConversationsCsv', 'c.csv', `Phone,Conversation ID\n${phones.join('\n')}\n`);
  expect(table(em.workbook, 'Conversations')).toHaveLength(1501);
  const header = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'Phone' : i === 1 ? 'Name' : `Extra ${i}`));
  const rows = Array.from({ length: 2500 }, (_, i) =>
    [`617-556-${String(i).padStart(4, '0')}`, `Person ${i}`, ...Array.from({ length: 28 }, () => 'x')].join(','),
  );
  uploadSource(em, 'wide.csv', `${header.join(',')}\n${rows.join('\n')}\n`, { profileId: 'csv' });
  const source = table(em.workbook, 'wide');
  expect(source).toHaveLength(2501);
  expect(source[0]!.slice(0, 2)).toEqual(['Phone', 'Name']);
  expect(source[0]!.length).toBeGreaterThan(30);
  expect(source[2500]![1]).toBe('Person 2499');
});
