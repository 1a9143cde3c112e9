import { describe, expect, it } from 'vitest';
import { runMatch, type SourceSheet, type Table } from '../../src/core/matching/engine';
import { DEFAULT_SETTINGS } from '../../src/core/matching/settings';
import { buildRecords, readSourceFile } from '../../src/core/sources/read';
import { RECORD_COLUMNS, sheetRows } from '../../src/core/sources/import-plan';

/** A source sheet exactly as an import writes it. */
function source(id: string, fileName: string, csv: string): SourceSheet {
  const t = readSourceFile(fileName, csv);
  const records = buildRecords(id, t.profile, t.header, t.rows, t.rowNumbers);
  return {
    sourceId: id,
    sourceType: t.profile.sourceType,
    fileName,
    profileId: t.profile.id,
    table: { header: [...t.header, ...RECORD_COLUMNS], rows: sheetRows(records, t.header.length) },
  };
}

function match(conversations: string[], sources: SourceSheet[]) {
  const table: Table = { header: ['Phone', 'Conversation ID'], rows: conversations.map((p, i) => [p, `CN${i}`]) };
  return runMatch({
    conversations: table,
    sources,
    previous: { conflicts: null, contacts: null, unmapped: null, matches: null },
    settings: DEFAULT_SETTINGS,
    now: '2026-11-25T00:00:00Z',
    user: 'test@example.com',
  });
}

const col = (t: Table, name: string) => t.header.indexOf(name);

describe('one contact per person', () => {
  it('puts the mobile and the landline of one source person in one Contacts row', () => {
    const pr = source(
      'S1',
      'pr.csv',
      'Radar ID,Owner,Primary Name,Primary Mobile Phone1,Primary Phone1\nP1,LEE ANN,ANN LEE,617-555-0101,617-555-0102\n',
    );
    const out = match(['+16175550101', '+16175550102'], [pr]);
    expect(out.contacts.rows).toHaveLength(1);
    expect(out.contacts.rows[0]![col(out.contacts, 'Phones')]).toBe('+16175550101, +16175550102');
  });

  it('never glues different people through an office line they share', () => {
    const csv = source(
      'S2',
      'staff.csv',
      'Name,Phone,Mobile\nAnn Lee,617-555-0100,617-555-0101\nBo Diaz,617-555-0100,617-555-0102\nCy Young,617-555-0100,617-555-0103\n',
    );
    const out = match(['+16175550100', '+16175550101', '+16175550102', '+16175550103'], [csv]);
    const names = out.contacts.rows.map((r) => `${r[col(out.contacts, 'First Name')]} ${r[col(out.contacts, 'Phones')]}`).sort();
    expect(names).toEqual(['Ann +16175550101', 'Bo +16175550102', 'Cy +16175550103']);
    expect(out.conflicts.rows.map((r) => r[0])).toEqual(['+16175550100']);
    const row = out.conflicts.rows[0]!;
    expect(row[col(out.conflicts, '3 Name')]).not.toBe('');
    expect(row[col(out.conflicts, 'Why')]).toMatch(/^3 identities: /);
  });

  it('writes Matches rows per (phone, record) with their status, and counts per source', () => {
    const a = source('S1', 'a.csv', 'Name,Phone\nAnn Lee,617-555-0101\nJohn Smith,617-555-0102\nJane Smith,617-555-0102\n');
    const out = match(['+16175550101', '+16175550102'], [a]);
    const statuses = out.matches.rows.map((r) => [r[1], r[6]]);
    expect(statuses).toEqual([
      ['+16175550101', 'applied'],
      ['+16175550102', 'pending'],
      ['+16175550102', 'pending'],
    ]);
    expect(JSON.parse(out.matches.rows[0]![4]!)).toMatchObject({ source: 'a.csv', fields: { Name: 'Ann Lee', Phone: '617-555-0101' } });
    expect(out.matches.rows[0]!.slice(7, 9)).toEqual(['2026-11-25T00:00:00Z', 'test@example.com']);
    expect(out.sourceCounts).toEqual({ S1: { matched: 1, conflict: 2 } });
  });
});

describe('one contact per person across sources', () => {
  it('joins one person known on two phones by two sources through their personal email', () => {
    const qb = source(
      'S1',
      'qb.csv',
      'Customer,Company,Phone,Email,Open Balance\n"Sample, John",,617-555-0111,john.sample@example.com,0.00\n',
    );
    const pr = source(
      'S2',
      'pr.csv',
      'Radar ID,Owner,Primary Name,Primary Mobile Phone1,Primary Email1\nP1,SAMPLE JOHN,JOHN SAMPLE,617-555-0101,john.sample@example.com\n',
    );
    const out = match(['+16175550101', '+16175550111'], [qb, pr]);
    expect(out.contacts.rows).toHaveLength(1);
    expect(out.contacts.rows[0]![col(out.contacts, 'Phones')]).toBe('+16175550101, +16175550111');
  });

  it('keeps a household email from merging two different people', () => {
    const csv = source(
      'S1',
      'a.csv',
      'Name,Phone,Email\nJohn Smith,617-555-0101,smiths@example.com\nJane Smith,617-555-0102,smiths@example.com\n',
    );
    const out = match(['+16175550101', '+16175550102'], [csv]);
    expect(out.contacts.rows).toHaveLength(2);
  });
});
