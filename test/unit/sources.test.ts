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
  [
    'quickbooks-online-customer-contact-list.csv',
    'quickbooks-online-contact-list',
    2,
    1,
    [['+16175550121', '+16175550122'], [], ['+15085550123']],
  ],
  [
    'quickbooks-desktop-customers.csv',
    'quickbooks-desktop',
    0,
    0,
    [['+16175550131', '+16175550132'], ['+16175550133', '+16175550134', '+16175550135'], []],
  ],
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
    expect(first.persons.map((p) => [p.role, p.firstName, p.lastName, p.middleName ?? '', p.phones.map((x) => x.e164)])).toEqual([
      ['Primary', 'John', 'Sample', '', ['+16175550101', '+16175550102']],
      ['Secondary', 'Jane', 'Sample', '', ['+16175550103']],
      ['Owner', 'John', 'Sample', 'A', []],
      ['Owner', 'Jane', 'Sample', 'B', []],
    ]);
    expect(records[1]!.persons).toEqual([expect.objectContaining({ role: 'Owner', company: 'Example Holdings LLC' })]);
    expect(records[2]!.persons[2]).toMatchObject({ role: 'Owner', company: 'Doe Family Trust' });
    expect(first.key).toBe('S1:P1A2B3C4');
  });

  it('QuickBooks: `Last, First`, Parent:Job, (deleted), `;`-separated emails, phones in address lines', () => {
    const desktop = read('quickbooks-desktop-customers.csv').records;
    expect(desktop[0]!.persons[0]).toMatchObject({
      firstName: 'John',
      lastName: 'Sample',
      emails: ['john.sample@example.com', 'js@example.com'],
    });
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
    expect(t.rows).toEqual([
      ['Ann', '617-555-0101', 'note'],
      ['Bob', '', ''],
    ]);
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

// Layouts the reference describes beyond the samples: field sets differ between exports.
describe('other layouts of the same formats', () => {
  const records = (name: string, text: string) => {
    const t = readSourceFile(name, text);
    return { t, r: buildRecords('S1', t.profile, t.header, t.rows, t.rowNumbers) };
  };

  it('PropertyRadar without Radar ID and State (a field set seen in a CRM fixture)', () => {
    const header =
      'Type,Address,City,ZIP,Subdivision,Longitude,Latitude,APN,Yr Built,Purchase Date,Purchase Mos Since,Sq Ft,Beds,Baths,Est Value,Est Equity $,Owner,Mail Address,Mail City,Mail State,Mail ZIP,Owner Occ?,Listed for Sale?,Listing Status,Foreclosure?,Est Equity %,High Equity?,Primary Name,Primary Mobile Phone1,Primary Mobile 1 Status,Primary Email1,Primary Email 1 Status,Primary Email1 Hash,Secondary Name,Secondary Mobile Phone1,Secondary Mobile 1 Status,Secondary Email1,Secondary Email 1 Status,Secondary Email1 Hash';
    const row =
      'SFR,1 ELM ST,QUINCY,02169,,,,123-4,1950,1/2/2001,300,1500,3,2,"$500,000",,SMITH JOHN & MARY,1 ELM ST,QUINCY,MA,02169,1,0,,0,50,0,JOHN SMITH,6175550181,Active,js@example.com,Valid,abc,MARY SMITH,6175550182,Active,,,';
    const { t, r } = records('pr.csv', `${header}\n${row}\n`);
    expect(t.profile.id).toBe('propertyradar');
    expect(r[0]!.phones).toEqual(['+16175550181', '+16175550182']);
    expect(r[0]!.key).toBe('S1:123-4');
  });

  it("PropertyRadar: a primary contact with a phone and no name takes the owner's name", () => {
    const { r } = records(
      'pr.csv',
      'Radar ID,Owner,Primary Name,Primary Mobile Phone1\nP1,DOE MARY & ROBERT,,508-555-0104\nP2,ACME REALTY LLC,,508-555-0105\n',
    );
    expect(r[0]!.persons[0]).toMatchObject({ role: 'Primary', firstName: 'Mary', lastName: 'Doe' });
    expect(r[1]!.persons[0]).toMatchObject({ role: 'Primary', company: 'Acme Realty LLC' });
  });

  it('QuickBooks Online customers with Name / Company name / Mobile / Billing address columns', () => {
    const { t, r } = records(
      'qbo.csv',
      'Name,Company name,Email,Phone,Mobile,Billing address,Open balance\n"Sample, John",,john@example.com,(617) 555-0111,617-555-0119,"1 Elm St, Quincy MA",10.00\n',
    );
    expect(t.profile.id).toBe('quickbooks-online-customers');
    expect(r[0]!.phones).toEqual(['+16175550111', '+16175550119']);
    expect(r[0]!.persons[0]).toMatchObject({
      firstName: 'John',
      lastName: 'Sample',
      emails: ['john@example.com'],
      address: '1 Elm St, Quincy MA',
    });
  });

  it('QuickBooks Online Customer Contact List, older layout with "As of" and a Total row', () => {
    const text =
      'Example Co\nCustomer Contact List\nAs of March 5, 2026\n\nCustomer,Phone Numbers,Email,Full Name,Billing Address,Shipping Address\nAcme Corp,Phone:(617) 555-0121 Mobile:(617) 555-0122,billing@acme.example,Ann Acme,"1 Main St\nSpringfield IL 62701",\nTotal,,,,,\n';
    const { t, r } = records('list.csv', text);
    expect(t.profile.id).toBe('quickbooks-online-contact-list');
    expect(t.footerRows).toBe(1);
    expect(r).toHaveLength(1);
    expect(r[0]!.persons[0]).toMatchObject({ firstName: 'Ann', lastName: 'Acme', address: '1 Main St, Springfield IL 62701' });
  });

  it('OpenPhone export with numbered phone and email columns', () => {
    const { t, r } = records(
      'op.csv',
      'First Name,Last Name,Company,Role,Phone Number 1,Phone Number 2,Email 1\nMary,Doe,,,+15085550143,+15085550144,mary@example.com\n',
    );
    expect(t.profile.id).toBe('openphone');
    expect(r[0]!.phones).toEqual(['+15085550143', '+15085550144']);
    expect(r[0]!.persons[0]!.emails).toEqual(['mary@example.com']);
  });

  it('Google Contacts legacy layout', () => {
    const { t, r } = records(
      'g.csv',
      'Name,Given Name,Additional Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\nJohn Sample,John,,Sample,* Home,john@example.com,Mobile,+1 617-555-0151 ::: (617) 555-0152\n',
    );
    expect(t.profile.id).toBe('google-contacts');
    expect(r[0]!.phones).toEqual(['+16175550151', '+16175550152']);
    expect(r[0]!.persons[0]).toMatchObject({ firstName: 'John', lastName: 'Sample' });
  });

  it('Outlook.com layout', () => {
    const { t, r } = records(
      'o.csv',
      'First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone\nMary,,Doe,,,,,,mary@example.com,,,,,,,508.555.0165,,,\n',
    );
    expect(t.profile.id).toBe('outlook');
    expect(r[0]!.phones).toEqual(['+15085550165']);
  });

  it('a semicolon-separated CSV with a title row and a Total footer', () => {
    const { t, r } = records('x.csv', 'Client list 2026\nName;Mobile;Email\nAnn Lee;617-555-0101;ann@example.com\nTotal;;\n');
    expect(t.profile.id).toBe('csv');
    expect(t.titleRows).toBe(1);
    expect(t.footerRows).toBe(1);
    expect(r[0]!.persons[0]).toMatchObject({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@example.com'] });
  });
});
