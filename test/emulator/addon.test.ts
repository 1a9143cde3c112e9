// The real built add-on (dist/Code.js, built by the global setup) running in the emulator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createEmulator, type Emulator } from '../../src/local/emulator/index';
import { projectRoot } from '../../src/local/paths';

let em: Emulator;
afterEach(() => em?.dispose());

test('onOpen adds the add-on menu — https://developers.google.com/apps-script/reference/base/ui#createAddonMenu()', () => {
  em = createEmulator();
  em.call('onOpen', { authMode: 'LIMITED' });
  expect(em.ui.menus).toHaveLength(1);
  expect(em.ui.menus[0]!.items).toEqual([
    { caption: 'Open sidebar', functionName: 'showSidebar' },
    { caption: 'Run match', functionName: 'runMatchFromMenu' },
    { caption: 'Push to OpenPhone', functionName: 'pushFromMenu' },
  ]);
});

test('the menu\'s Open sidebar item shows dist/Sidebar.html — https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)', () => {
  em = createEmulator();
  em.call('onOpen');
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
