import { describe, expect, it } from 'vitest';
import { COMPARISON_LEVELS, comparePersons, compareNames, editDistance, emailSpellsName } from '../../src/core/matching/compare';
import type { MatchPerson } from '../../src/core/matching/types';
import { person } from './person';

describe('name comparison levels', () => {
  it.each([
    [{ firstName: 'John', lastName: 'Smith' }, { firstName: 'JOHN', lastName: 'SMITH' }, 'exact'],
    [{ firstName: 'J.', lastName: 'Smith' }, { firstName: 'John', lastName: 'Smith' }, 'initial'],
    [{ firstName: 'Bob', lastName: 'Smith' }, { firstName: 'Robert', lastName: 'Smith' }, 'nickname'],
    [{ firstName: 'Smith', lastName: 'John' }, { firstName: 'John', lastName: 'Smith' }, 'swapped'],
    [{ firstName: 'Jhon', lastName: 'Smith' }, { firstName: 'John', lastName: 'Smith' }, 'typo'],
    [{ firstName: 'Jon', lastName: 'Smith' }, { firstName: 'John', lastName: 'Smith' }, 'nickname'],
    [{ firstName: 'John', lastName: 'Smtih' }, { firstName: 'John', lastName: 'Smith' }, 'typo'],
    [{ firstName: 'Katherine', lastName: 'Smith' }, { firstName: 'Catherine', lastName: 'Smith' }, 'typo'],
    [{ firstName: 'Stephen', lastName: 'Smith' }, { firstName: 'Steven', lastName: 'Smith' }, 'typo'],
    [{ firstName: 'John', lastName: 'Smith' }, { firstName: 'Jane', lastName: 'Smith' }, 'different'],
    [{ firstName: 'Robert', lastName: 'Smith' }, { firstName: 'Linda', lastName: 'Smith' }, 'different'],
    [{ firstName: 'Paul', lastName: 'Smith' }, { firstName: 'Paula', lastName: 'Smith' }, 'different'],
    [{ firstName: 'John', lastName: 'Smith Jr' }, { firstName: 'John', lastName: 'Smith Sr' }, 'different'],
    [{ firstName: 'John', middleName: 'A', lastName: 'Smith' }, { firstName: 'John', middleName: 'B', lastName: 'Smith' }, 'different'],
    [{ firstName: 'Mary', lastName: 'Smith-Jones' }, { firstName: 'Mary', lastName: 'Smith' }, 'partial'],
    [{ company: 'Example Holdings LLC' }, { company: 'EXAMPLE HOLDINGS, L.L.C.' }, 'exact'],
    [{ company: 'Acme Realty LLC' }, { firstName: 'John', lastName: 'Smith' }, 'person-company'],
    [{ company: 'Smith Realty LLC' }, { firstName: 'John', lastName: 'Smith' }, 'company-surname'],
    [{ company: 'Van der Velt Construction' }, { firstName: 'Ronald', lastName: 'Van der Velt' }, 'company-surname'],
    [{ emails: ['a@x.com'] }, { firstName: 'John', lastName: 'Smith' }, 'no-name'],
    [
      { firstName: 'John', lastName: 'Smith', others: [{ firstName: 'Jane', lastName: 'Smith' }] },
      { firstName: 'Jane', lastName: 'Smith' },
      'household',
    ],
    [{ firstName: 'Benjamin', lastName: 'Franklin', nicknames: ['Ben'] }, { firstName: 'Ben', lastName: 'Franklin' }, 'nickname'],
  ] as Array<[Partial<MatchPerson>, Partial<MatchPerson>, string]>)('%j vs %j → %s', (a, b, level) =>
    expect(compareNames(person(a), person(b)).level).toBe(level),
  );

  // The typing noise of a public record-linkage benchmark's corrupted duplicates (issue 9).
  it.each([
    // Within one field the letters are compared without spaces: an exact match.
    [['Deakyn', 'Blake'], ['Deakyn', 'Bl Ake'], 'exact'],
    [['Deakyn', 'Blake'], ['Deakyn Bl', 'Ake'], 'spacing'],
    [['Lydia', 'Smith'], ['Ly', 'Dia Smith'], 'spacing'],
    [['Archie', 'White'], ['White', 'Arc Hie'], 'swapped'],
    [['Archie', 'White'], ['White Arc', 'Hie'], 'spacing'],
    [['Brody', 'Lowe'], ['Bfody', 'Lowe'], 'typo'],
    [['Brody', 'Lowe'], ['Brody', 'Lwoe'], 'typo'],
    [['Mitchell', 'Les'], ['Mitchell', 'Lex'], 'typo'],
    [['Jade', 'Harris'], ['Jare', 'Harris'], 'typo'],
    [['Max', 'Nevin'], ['', 'Nevin'], 'partial'],
    [['Max', 'Nevin'], ['Nevin', ''], 'partial'],
    [['Max', 'Nevin'], ['Max', ''], 'partial'],
  ] as const)('%j ~ %j (%s)', ([f1, l1], [f2, l2], level) => {
    const c = compareNames(person({ firstName: f1, lastName: l1 }), person({ firstName: f2, lastName: l2 }));
    expect(c.level).toBe(level);
    expect(c.same).toBe(true);
  });

  it('never lets a stray space glue two initials into a name', () => {
    expect(
      compareNames(
        person({ firstName: 'John', middleName: 'A', lastName: 'Smith' }),
        person({ firstName: 'John', middleName: 'B', lastName: 'Smith' }),
      ).same,
    ).toBe(false);
    expect(compareNames(person({ firstName: 'Jane', lastName: 'Smith' }), person({ firstName: 'John', lastName: 'Smith' })).same).toBe(
      false,
    );
  });

  it('explains itself in words and as a structured reason', () => {
    const c = compareNames(person({ firstName: 'J.', lastName: 'Smith' }), person({ firstName: 'John', lastName: 'Smith' }));
    expect(c.text).toBe('J. Smith ~ John Smith (initial)');
    expect(c.reason).toEqual({ field: 'name', level: 'initial', label: 'name: J. Smith ~ John Smith (initial)' });
  });

  it('keeps the levels as one table: each with a label and a weight, the last of each field always holding', () => {
    for (const levels of Object.values(COMPARISON_LEVELS)) {
      for (const l of levels) {
        expect(l.label).not.toBe('');
        expect(l.weight).toBeGreaterThanOrEqual(0);
      }
      expect((levels[levels.length - 1]!.test as (c: unknown) => boolean)({})).toBe(true);
    }
    expect(COMPARISON_LEVELS.name.filter((l) => l.same === false).every((l) => l.weight === 0)).toBe(true);
  });
});

describe('edit distance', () => {
  it.each([
    ['brody', 'bfody', 1],
    ['lowe', 'lwoe', 1],
    ['ramirez', 'ramirze', 1],
    ['john', 'jane', 3],
    ['', 'abc', 3],
  ])('%s / %s = %d', (a, b, d) => expect(editDistance(a, b)).toBe(d));
});

describe('emails', () => {
  it.each(['john.smith@x.com', 'jsmith@x.com', 'smithj@x.com', 'bob.smith@x.com', 'johnsmith@x.com'])('%s spells a name', (email) => {
    const p = person({ firstName: email.startsWith('bob') ? 'Robert' : 'John', lastName: 'Smith' });
    expect(emailSpellsName(email, p)).toBe(true);
  });
  it('does not take a role address as evidence', () => {
    const a = person({ firstName: 'John', lastName: 'Smith', emails: ['info@acme.com'] });
    const b = person({ firstName: 'John', lastName: 'Smith', emails: ['office@acme.com'] });
    expect(comparePersons(a, b).reasons.map((r) => r.field)).not.toContain('email');
  });
  it('joins a nameless record to a named one only through the email', () => {
    const named = person({ firstName: 'John', lastName: 'Smith', emails: ['john.smith@x.com'] });
    expect(comparePersons(named, person({ emails: ['john.smith@x.com'] })).same).toBe(true);
    expect(comparePersons(named, person({ emails: ['other@x.com'] })).same).toBe(false);
  });
  it('says which field and level each reason is', () => {
    const r = comparePersons(
      person({ firstName: 'John', lastName: 'Smith', emails: ['j@x.com'] }),
      person({ firstName: 'John', lastName: 'Smith', emails: ['k@x.com'] }),
    ).reasons;
    expect(r.map((x) => [x.field, x.level])).toEqual([
      ['name', 'exact'],
      ['email', 'differs'],
    ]);
  });
});
