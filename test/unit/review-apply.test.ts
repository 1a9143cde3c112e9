// What a decision does to Contacts, and what undoing it gives back (src/core/review/apply.ts).
import { describe, expect, it } from 'vitest';
import { ContactBook, restoreContacts } from '../../src/core/review/apply';

const john = {
  'Contact ID': 'C1',
  Phones: '+16175550111',
  'First Name': 'John',
  'Person Keys': 'Q:smith,john/Customer',
  'OpenPhone ID': '',
};

describe('undoing a decision', () => {
  it('puts a contact still as the decision left it back as it was', () => {
    const book = new ContactBook([{ ...john, Phones: '+16175550111, +16175550101' }]);
    restoreContacts(book, '+16175550101', [john], [{ ...john, Phones: '+16175550111, +16175550101' }]);
    expect(book.rows()).toEqual([john]);
  });

  it('removes a contact the decision made, when nothing changed it since', () => {
    const made = { 'Contact ID': 'C2', Phones: '+16175550101', 'First Name': 'Mary' };
    const book = new ContactBook([john, made]);
    restoreContacts(book, '+16175550101', [], [made]);
    expect(book.rows()).toEqual([john]);
  });

  it('keeps what happened to a contact since, and only takes back the phone the decision gave it', () => {
    // The decision added 0101 to John; later another decision added 0122 and a push linked him.
    const later = { ...john, Phones: '+16175550111, +16175550101, +16175550122', 'OpenPhone ID': 'op-1' };
    const book = new ContactBook([later]);
    restoreContacts(book, '+16175550101', [john], [{ ...john, Phones: '+16175550111, +16175550101' }]);
    expect(book.rows()).toEqual([{ ...later, Phones: '+16175550111, +16175550122' }]);
  });

  it('never drops a contact that is in OpenPhone, and brings back a contact the decision emptied', () => {
    const emptied = { 'Contact ID': 'C3', Phones: '+16175550101', 'First Name': 'Old' };
    const made = { 'Contact ID': 'C4', Phones: '+16175550101', 'First Name': 'New' };
    const book = new ContactBook([{ ...made, 'OpenPhone ID': 'op-9' }]);
    restoreContacts(book, '+16175550101', [emptied], [made]);
    expect(book.rows().map((r) => [r['Contact ID'], r.Phones, r['OpenPhone ID'] ?? ''])).toEqual([
      ['C4', '', 'op-9'],
      ['C3', '+16175550101', ''],
    ]);
  });
});
