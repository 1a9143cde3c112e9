// openSheet, the sidebar's way to bring the add-on's result sheets to the front, in the built bundle.
import { afterEach, expect, test } from 'vitest';
import { createEmulator, type Emulator } from '../../src/local/emulator/index';

let em: Emulator;
afterEach(() => em?.dispose());

function matched(): Emulator {
  const emulator = createEmulator();
  emulator.call('importConversationsCsv', 'c.csv', 'Phone\n(617) 555-0101\n(617) 555-0102\n');
  emulator.call('runMatch');
  return emulator;
}

test('activates Conflicts, Unmapped and Contacts, whichever sheet was in front', () => {
  em = matched();
  for (const name of ['Conflicts', 'Contacts', 'Unmapped', 'Conflicts']) {
    em.call('openSheet', name);
    expect(em.activeSheetName()).toBe(name);
  }
});

test('refuses any other sheet, naming the ones it opens, and leaves the active sheet alone', () => {
  em = matched();
  em.call('openSheet', 'Contacts');
  for (const name of ['Sources', 'Conversations', 'Settings', 'conflicts', '', '<b>x</b>']) {
    expect(() => em.call('openSheet', name)).toThrow(`only open the Conflicts, Unmapped, Contacts sheets, not "${name}"`);
  }
  expect(em.activeSheetName()).toBe('Contacts');
});

test('says to run match when its sheets do not exist yet', () => {
  em = createEmulator();
  expect(() => em.call('openSheet', 'Conflicts')).toThrow('There is no Conflicts sheet yet: run match first');
});
