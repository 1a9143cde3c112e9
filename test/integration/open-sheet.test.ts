// openSheet, the sidebar's way to bring the add-on's result sheets to the front, in the built bundle.
import { afterEach, expect, test } from 'vitest';
import { createEmulator, type Emulator } from '../../src/local/emulator/index';
import { serverOf } from '../../src/local/server-of';

let em: Emulator;
afterEach(() => em?.dispose());

function matched(): Emulator {
  const emulator = createEmulator();
  serverOf(emulator).importConversationsCsv('c.csv', 'Phone\n(617) 555-0101\n(617) 555-0102\n');
  serverOf(emulator).runMatch();
  return emulator;
}

test('activates Conflicts, Unmapped and Contacts, whichever sheet was in front', () => {
  em = matched();
  for (const name of ['Conflicts', 'Contacts', 'Unmapped', 'Conflicts']) {
    serverOf(em).openSheet(name);
    expect(em.activeSheetName()).toBe(name);
  }
});

test('refuses any other sheet, naming the ones it opens, and leaves the active sheet alone', () => {
  em = matched();
  serverOf(em).openSheet('Contacts');
  for (const name of ['Sources', 'Conversations', 'Settings', 'conflicts', '', '<b>x</b>']) {
    expect(() => serverOf(em).openSheet(name)).toThrow(`only open the Conflicts, Unmapped, Contacts sheets, not "${name}"`);
  }
  expect(em.activeSheetName()).toBe('Contacts');
});

test('says to run match when its sheets do not exist yet', () => {
  em = createEmulator();
  expect(() => serverOf(em).openSheet('Conflicts')).toThrow('There is no Conflicts sheet yet: run match first');
});
