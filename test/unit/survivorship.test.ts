import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type MatchSettings } from '../../src/core/matching/settings';
import { chooseName, survive } from '../../src/core/matching/survivorship';
import { person } from './person';

describe('survivorship', () => {
  it('fills blanks and keeps every email with the primary first', () => {
    const f = survive(
      [
        person({ firstName: 'ROBERT', lastName: 'SMITH', sourceType: 'propertyradar', emails: ['rsmith@gmail.com'], address: '1 ELM ST' }),
        person({ firstName: 'Bob', lastName: 'Smith', sourceType: 'quickbooks', emails: ['bob@smith.example', 'office@smith.example'] }),
        person({ firstName: 'R.', lastName: 'Smyth', sourceType: 'csv' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(f.emails).toEqual(['bob@smith.example', 'rsmith@gmail.com', 'office@smith.example']);
    expect(f.address).toBe('1 ELM ST');
    expect(f.lastName).toBe('Smith');
  });

  it('takes the orientation of a record with its own First/Last columns over free text', () => {
    const lead = person({ firstName: 'Wells', lastName: 'Yolanda', sourceType: 'csv', nameShape: 'free' });
    const columns = person({ firstName: 'Yolanda', lastName: 'Wells', sourceType: 'propertyradar', nameShape: 'columns' });
    const name = chooseName([lead, columns], DEFAULT_SETTINGS);
    expect([name.firstName, name.lastName]).toEqual(['Yolanda', 'Wells']);
    expect(name.reasons[0]).toMatchObject({ field: 'name', level: 'reoriented' });
  });

  it('reads a record written the other way round in the order of the trusted record, nickname or not', () => {
    const name = chooseName(
      [
        person({ firstName: 'Smith', lastName: 'Bob', sourceType: 'csv' }),
        person({ firstName: 'SMITH', lastName: 'BOB', sourceType: 'csv' }),
        person({ firstName: 'Robert', lastName: 'Smith', sourceType: 'propertyradar', nameShape: 'columns' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect([name.firstName, name.lastName]).toEqual(['Bob', 'Smith']);
  });

  it('lets an email orient free text that nothing else orients', () => {
    const name = chooseName(
      [person({ firstName: 'Murphy', lastName: 'Charles', emails: ['charles.murphy@example.com'] })],
      DEFAULT_SETTINGS,
    );
    expect([name.firstName, name.lastName]).toEqual(['Charles', 'Murphy']);
    expect(name.reasons[0]).toMatchObject({ level: 'reoriented' });
    const kept = chooseName([person({ firstName: 'Charles', lastName: 'Murphy', emails: ['cmurphy@example.com'] })], DEFAULT_SETTINGS);
    expect([kept.firstName, kept.lastName]).toEqual(['Charles', 'Murphy']);
  });

  it('breaks a tie of spellings by the one an email agrees with', () => {
    const name = chooseName(
      [
        person({ firstName: 'Isaac', lastName: 'Trores', sourceType: 'openphone', nameShape: 'columns' }),
        person({
          firstName: 'Isaac',
          lastName: 'Torres',
          sourceType: 'propertyradar',
          nameShape: 'columns',
          emails: ['isaac.torres@example.com'],
        }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(name.lastName).toBe('Torres');
  });

  it('out-votes a one-off spelling and says so', () => {
    const name = chooseName(
      [
        person({ firstName: 'Maria', lastName: 'Ramirze', sourceType: 'quickbooks', nameShape: 'comma' }),
        person({ firstName: 'Maria', lastName: 'Ramirez', sourceType: 'propertyradar', nameShape: 'columns' }),
        person({ firstName: 'Maria', lastName: 'Ramirez', sourceType: 'csv' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(name.lastName).toBe('Ramirez');
    expect(name.reasons).toContainEqual({ field: 'name', level: 'out-voted', label: 'name: surname Ramirez (2 records) over Ramirze (1)' });
  });

  it('prefers a full given name over an initial, and never puts the middle initial in First', () => {
    const name = chooseName(
      [
        person({ firstName: 'T.', lastName: 'Mitchell', sourceType: 'quickbooks' }),
        person({ firstName: 'Travis', middleName: 'G', lastName: 'Mitchell', sourceType: 'csv' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect([name.firstName, name.lastName]).toEqual(['Travis', 'Mitchell']);
  });

  it('takes a lone word beside a full name as the surname: Howard beside Donna Howard', () => {
    const name = chooseName(
      [
        person({ firstName: 'Howard', sourceType: 'quickbooks' }),
        person({ firstName: 'Donna', lastName: 'Howard', sourceType: 'propertyradar' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect([name.firstName, name.lastName]).toEqual(['Donna', 'Howard']);
  });

  it('rejoins a stray space the other records do not have: Wa Shington beside Washington', () => {
    const name = chooseName(
      [
        person({ firstName: 'Steven', middleName: 'Wa', lastName: 'Shington', sourceType: 'csv' }),
        person({ firstName: 'Steven', lastName: 'Washington', sourceType: 'propertyradar', nameShape: 'columns' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(name.lastName).toBe('Washington');
  });

  it('names a couple record after the spouse the others agree on', () => {
    const name = chooseName(
      [
        person({ firstName: 'Jane', lastName: 'Smith', sourceType: 'propertyradar', nameShape: 'columns' }),
        person({ firstName: 'John', lastName: 'Smith', sourceType: 'quickbooks', others: [{ firstName: 'Jane', lastName: 'Smith' }] }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(name.firstName).toBe('Jane');
  });

  describe('given name form (a Settings choice)', () => {
    const members = () => [
      person({ firstName: 'Bob', lastName: 'Smith', sourceType: 'quickbooks' }),
      person({ firstName: 'Robert', lastName: 'Smith', sourceType: 'propertyradar' }),
      person({ firstName: 'Robert', lastName: 'Smith', sourceType: 'csv' }),
    ];
    const form = (givenNameForm: MatchSettings['givenNameForm']) => chooseName(members(), { ...DEFAULT_SETTINGS, givenNameForm }).firstName;
    it('takes the form most records use by default', () => expect(form('most-used')).toBe('Robert'));
    it('takes the formal name when asked', () => expect(form('formal')).toBe('Robert'));
    it('takes the nickname people use when asked', () => expect(form('nickname')).toBe('Bob'));
    it('breaks a tie by the name source priority', () => {
      const tie = chooseName(
        [
          person({ firstName: 'Bob', lastName: 'Smith', sourceType: 'quickbooks' }),
          person({ firstName: 'Robert', lastName: 'Smith', sourceType: 'propertyradar' }),
        ],
        DEFAULT_SETTINGS,
      );
      expect(tie.firstName).toBe('Bob');
    });
  });
});

describe('the QuickBooks history of several records', () => {
  it('lists each entry once, whatever order the records list them in, and loses none', () => {
    const f = survive(
      [
        person({
          firstName: 'Thomas',
          lastName: 'Jones',
          sourceType: 'quickbooks',
          extras: { 'QuickBooks Jobs': '396 Washington St; 220 Larkspur Way', 'QuickBooks Open Balance': '920.00' },
        }),
        person({
          firstName: 'Thomas',
          lastName: 'Jones',
          sourceType: 'quickbooks',
          extras: { 'QuickBooks Jobs': '220 Larkspur Way; 396 Washington St', 'QuickBooks Open Balance': '1,196.00' },
        }),
        person({
          firstName: 'Thomas',
          lastName: 'Jones',
          sourceType: 'quickbooks',
          extras: { 'QuickBooks Jobs': '396 Washington St', 'QuickBooks Open Balance': '0.00' },
        }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(f.extras['QuickBooks Jobs']).toBe('396 Washington St; 220 Larkspur Way');
    expect(f.extras['QuickBooks Open Balance']).toBe('920.00; 1,196.00; 0.00');
  });
});

describe('a long history', () => {
  it('is kept inside a cell, its first entries whole, saying how many more there are', async () => {
    const { capHistory, HISTORY_CHARS } = await import('../../src/core/matching/survivorship');
    const jobs = Array.from({ length: 1200 }, (_, i) => `Job ${i + 1} (basement waterproofing, north wall)`).join('; ');
    const capped = capHistory(jobs);
    expect(capped.length).toBeLessThanOrEqual(HISTORY_CHARS);
    expect(capped.startsWith('Job 1 (basement waterproofing, north wall); Job 2 ')).toBe(true);
    expect(capped).toMatch(/; … and \d+ more$/);
    expect(capHistory('Job 1; Job 2')).toBe('Job 1; Job 2');
  });
});
