import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRecords, readSourceFile } from '../../src/core/sources/read';
import { decodeText } from '../../src/local/text-file';

const sample = (name: string) => decodeText(readFileSync(`src/local/demo/samples/${name}`));
function read(name: string) {
  const table = readSourceFile(name, sample(name));
  return { table, records: buildRecords('S1', table.profile, table.header, table.rows, table.rowNumbers) };
}

// Every sample format: the right profile, the right number of records, every phone found.
describe.each([
  ['propertyradar.csv', 'propertyradar', 0, 1, [['+16175550101', '+16175550102', '+16175550103'], [], ['+15085550104', '+15085550105']]],
  ['quickbooks-online-customers.csv', 'quickbooks-online-customers', 0, 0, [['+16175550111'], ['+16175550112'], []]],
  ['quickbooks-online-customer-contact-list.csv', 'quickbooks-online-contact-list', 2, 1, [['+16175550121', '+16175550122'], [], ['+15085550123']]],
  ['quickbooks-desktop-customers.csv', 'quickbooks-desktop', 0, 0, [['+16175550131', '+16175550132'], ['+16175550133', '+16175550134', '+16175550135'], []]],
  ['openphone-contacts.csv', 'openphone', 0, 0, [['+16175550141'], ['+16175550142'], ['+15085550143']]],
  ['google-contacts.csv', 'google-contacts', 0, 0, [['+16175550151', '+16175550152'], ['+16175550153'], ['+15085550154', '+15085550155']]],
  ['outlook-contacts.csv', 'outlook', 0, 0, [['+16175550162', '+16175550161'], ['+16175550163'], ['+15085550165']]],
] as const)('%s', (file, profile, titleRows, footerRows, phones) => {
  it(`is read as ${profile} with ${phones.length} records and every phone`, () => {
    const { table, records } = read(file);
    expect(table.profile.id).toBe(profile);
    expect(table.titleRows).toBe(titleRows);
    expect(table.footerRows).toBe(footerRows);
    expect(records.map((r) => r.phones)).toEqual(phones);
  });
});

describe('people of a record', () => {
  it('PropertyRadar: Primary and Secondary are separate people, owners parsed assessor-style', () => {
    const { records } = read('propertyradar.csv');
    const first = records[0]!;
    expect(first.persons.map((p) => [p.role, p.firstName, p.lastName, p.phones.map((x) => x.e164)])).toEqual([
      ['Primary', 'John', 'Sample', ['+16175550101', '+16175550102']],
      ['Secondary', 'Jane', 'Sample', ['+16175550103']],
      ['Owner', 'John A', 'Sample', []],
      ['Owner', 'Jane B', 'Sample', []],
    ]);
    expect(records[1]!.persons).toEqual([expect.objectContaining({ role: 'Owner', company: 'Example Holdings LLC' })]);
    expect(records[2]!.persons[2]).toMatchObject({ role: 'Owner', company: 'Doe Family Trust' });
    expect(first.key).toBe('S1:P1A2B3C4');
  });

  it('QuickBooks: `Last, First`, Parent:Job, (deleted), `;`-separated emails, phones in address lines', () => {
    const desktop = read('quickbooks-desktop-customers.csv').records;
    expect(desktop[0]!.persons[0]).toMatchObject({ firstName: 'John', lastName: 'Sample', emails: ['john.sample@example.com', 'js@example.com'] });
    expect(desktop[2]!.persons[0]).toMatchObject({ company: 'Example Holdings LLC', address: '40 Testing Rd, Newton, MA 02458' });
    const list = read('quickbooks-online-customer-contact-list.csv').records;
    expect(list[2]!.persons[0]).toMatchObject({ firstName: 'Mary', lastName: 'Doe', emails: ['mary.doe@example.com'] });
    expect(list[2]!.key).toBe('S1:mary doe');
    expect(list[0]!.key).toBe('S1:sample,john');
    expect(list[0]!.persons[0]!.address).toBe('12 Example St, Quincy, MA 02169');
  });

  it('keeps the QuickBooks Desktop empty first header cell and the extension aside', () => {
    const { table, records } = read('quickbooks-desktop-customers.csv');
    expect(table.header[0]).toBe('');
    expect(records[0]!.persons[0]!.phones[1]).toMatchObject({ e164: '+16175550132', extension: '4' });
  });
});

describe('reading files', () => {
  it('keeps extra cells of ragged rows under added columns', () => {
    const t = readSourceFile('r.csv', 'Name,Phone\nAnn,617-555-0101,note\nBob\n');
    expect(t.header).toEqual(['Name', 'Phone', 'Extra 1']);
    expect(t.rows).toEqual([['Ann', '617-555-0101', 'note'], ['Bob', '', '']]);
  });

  it('names the file when no header can be found', () => {
    expect(() => readSourceFile('one.csv', 'just one value\n')).toThrow('one.csv: no header row found');
  });

  it('reports the same hash for the same file and another for a changed one', () => {
    const a = readSourceFile('a.csv', 'Name,Phone\nAnn,617-555-0101\n');
    const b = readSourceFile('b.csv', 'Name,Phone\nAnn,617-555-0101\n');
    const c = readSourceFile('c.csv', 'Name,Phone\nAnn,617-555-0102\n');
    expect(a.fileHash).toBe(b.fileHash);
    expect(a.fileHash).not.toBe(c.fileHash);
  });

  it('lets the user override the detected format, and rejects unknown ones', () => {
    expect(readSourceFile('x.csv', sample('openphone-contacts.csv'), 'csv').profile.id).toBe('csv');
    expect(() => readSourceFile('x.csv', sample('openphone-contacts.csv'), 'nope')).toThrow('x.csv: unknown source format "nope"');
  });

  it('reads a Windows-1252 file as its accents', () => {
    const bytes = Buffer.from('Customer,Main Phone\r\nA\xf1asco Corp,787.686.6464\r\n', 'latin1');
    const t = readSourceFile('qbd.csv', decodeText(bytes));
    expect(t.rows[0]![0]).toBe('Añasco Corp');
  });
});
