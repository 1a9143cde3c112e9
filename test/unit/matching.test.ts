import { describe, expect, it } from 'vitest';
import { comparePersons, compareNames, emailSpellsName } from '../../src/core/matching/compare';
import { identitiesFor, recommend } from '../../src/core/matching/identities';
import { jaroWinkler } from '../../src/core/matching/jaro-winkler';
import { nicknameEquivalent } from '../../src/core/matching/nicknames';
import { DEFAULT_SETTINGS, readSettings } from '../../src/core/matching/settings';
import { survive } from '../../src/core/matching/survivorship';
import type { MatchPerson } from '../../src/core/matching/types';

let n = 0;
function person(p: Partial<MatchPerson>): MatchPerson {
  n++;
  return {
    key: `S${n}:r${n}/Contact`, recordKey: `S${n}:r${n}`, sourceId: `S${n}`, sourceType: 'csv', sourceName: `file${n}.csv`, role: 'Contact',
    displayName: '', firstName: '', lastName: '', company: '', emails: [], address: '', phones: ['+16175550101'], extras: {}, ...p,
  };
}

describe('Jaro-Winkler', () => {
  // The classic Winkler values (matching reference §2.2).
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['jon', 'john', 0.933],
    ['katherine', 'catherine', 0.926],
    ['bob', 'robert', 0.5],
  ])('%s / %s = %d', (a, b, expected) => expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3));
});

describe('nicknames', () => {
  it.each([['Bob', 'Robert'], ['bill', 'william'], ['Peggy', 'Margaret'], ['chris', 'christine'], ['chris', 'christopher']])('%s ~ %s', (a, b) =>
    expect(nicknameEquivalent(a, b)).toBe(true),
  );
  it.each([['christine', 'christopher'], ['john', 'jonathan'], ['bob', 'william']])('%s ≁ %s', (a, b) => expect(nicknameEquivalent(a, b)).toBe(false));
});

describe('name comparison levels', () => {
  it.each([
    [{ firstName: 'John', lastName: 'Smith' }, { firstName: 'JOHN', lastName: 'SMITH' }, 'exact'],
    [{ firstName: 'J.', lastName: 'Smith' }, { firstName: 'John', lastName: 'Smith' }, 'initial'],
    [{ firstName: 'Bob', lastName: 'Smith' }, { firstName: 'Robert', lastName: 'Smith' }, 'nickname'],
    [{ firstName: 'Smith', lastName: 'John' }, { firstName: 'John', lastName: 'Smith' }, 'swapped'],
    [{ firstName: 'Jhon', lastName: 'Smith' }, { firstName: 'John', lastName: 'Smith' }, 'typo'],
    [{ firstName: 'Jon', lastName: 'Smith' }, { firstName: 'John', lastName: 'Smith' }, 'nickname'],
    [{ firstName: 'John', lastName: 'Smtih' }, { firstName: 'John', lastName: 'Smith' }, 'typo'],
    [{ firstName: 'John', lastName: 'Smith' }, { firstName: 'Jane', lastName: 'Smith' }, 'different'],
    [{ firstName: 'John', lastName: 'Smith Jr' }, { firstName: 'John', lastName: 'Smith Sr' }, 'different'],
    [{ firstName: 'John A', lastName: 'Smith' }, { firstName: 'John B', lastName: 'Smith' }, 'different'],
    [{ company: 'Example Holdings LLC' }, { company: 'EXAMPLE HOLDINGS, L.L.C.' }, 'exact'],
    [{ company: 'Acme Realty LLC' }, { firstName: 'John', lastName: 'Smith' }, 'person-company'],
    [{ company: 'Smith Realty LLC' }, { firstName: 'John', lastName: 'Smith' }, 'company-surname'],
  ] as const)('%j vs %j → %s', (a, b, level) => expect(compareNames(person(a), person(b)).level).toBe(level));

  it('explains itself in words', () => {
    expect(compareNames(person({ firstName: 'J.', lastName: 'Smith' }), person({ firstName: 'John', lastName: 'Smith' })).text).toBe('J. Smith ~ John Smith (initial)');
  });
});

describe('emails', () => {
  it.each(['john.smith@x.com', 'jsmith@x.com', 'smithj@x.com', 'bob.smith@x.com', 'johnsmith@x.com'])('%s spells a name', (email) => {
    const p = person({ firstName: email.startsWith('bob') ? 'Robert' : 'John', lastName: 'Smith' });
    expect(emailSpellsName(email, p)).toBe(true);
  });
  it('does not take a role address as evidence', () => {
    const a = person({ firstName: 'John', lastName: 'Smith', emails: ['info@acme.com'] });
    const b = person({ firstName: 'John', lastName: 'Smith', emails: ['office@acme.com'] });
    expect(comparePersons(a, b).reasons).not.toContain('email differs');
  });
  it('joins a nameless record to a named one only through the email', () => {
    const named = person({ firstName: 'John', lastName: 'Smith', emails: ['john.smith@x.com'] });
    expect(comparePersons(named, person({ emails: ['john.smith@x.com'] })).same).toBe(true);
    expect(comparePersons(named, person({ emails: ['other@x.com'] })).same).toBe(false);
  });
});

describe('identities', () => {
  it('never lets an initial glue two different people together', () => {
    const john = person({ firstName: 'John', lastName: 'Smith' });
    const jane = person({ firstName: 'Jane', lastName: 'Smith' });
    const j = person({ firstName: 'J.', lastName: 'Smith' });
    const ids = identitiesFor([j, john, jane], DEFAULT_SETTINGS);
    expect(ids).toHaveLength(3);
    expect(ids.find((i) => i.members[0] === j)!.ambiguous).toBe(true);
  });

  it('joins one person across sources and grows surer with each source', () => {
    const one = identitiesFor([person({ firstName: 'Robert', lastName: 'Smith' })], DEFAULT_SETTINGS);
    const three = identitiesFor(
      [person({ firstName: 'Robert', lastName: 'Smith' }), person({ firstName: 'Bob', lastName: 'Smith', sourceType: 'quickbooks' }), person({ firstName: 'SMITH', lastName: 'ROBERT' })],
      DEFAULT_SETTINGS,
    );
    expect(three).toHaveLength(1);
    expect(three[0]!.confidence).toBeGreaterThan(one[0]!.confidence);
    expect(one[0]!.confidence).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.autoThreshold);
  });

  it('recommends the QuickBooks customer and says why', () => {
    const ids = identitiesFor([person({ firstName: 'Ann', lastName: 'Lee', sourceType: 'propertyradar', role: 'Primary' }), person({ firstName: 'Bo', lastName: 'Diaz', sourceType: 'quickbooks', role: 'Customer' })], DEFAULT_SETTINGS);
    const r = recommend(ids, DEFAULT_SETTINGS);
    expect(ids[r.index]!.members[0]!.lastName).toBe('Diaz');
    expect(r.reason).toContain('QuickBooks customer');
  });
});

describe('survivorship', () => {
  it('takes the name whole from one source, fills blanks, keeps every email with the primary first', () => {
    const f = survive(
      [
        person({ firstName: 'ROBERT', lastName: 'SMITH', sourceType: 'propertyradar', emails: ['rsmith@gmail.com'], address: '1 ELM ST' }),
        person({ firstName: 'Bob', lastName: 'Smith', sourceType: 'quickbooks', emails: ['bob@smith.example', 'office@smith.example'] }),
        person({ firstName: 'R.', lastName: 'Smyth', sourceType: 'csv' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect([f.firstName, f.lastName]).toEqual(['Bob', 'Smith']);
    expect(f.emails).toEqual(['bob@smith.example', 'rsmith@gmail.com', 'office@smith.example']);
    expect(f.address).toBe('1 ELM ST');
  });
});

describe('settings', () => {
  it('reads thresholds and priorities, completing a partial priority list', () => {
    const { settings, problems } = readSettings([['Auto threshold', '0.9'], ['Name source priority', 'csv, quickbooks']]);
    expect(problems).toEqual([]);
    expect(settings.autoThreshold).toBe(0.9);
    expect(settings.namePriority).toEqual(['csv', 'quickbooks', 'openphone', 'propertyradar']);
  });
  it('names what it cannot read', () => {
    expect(readSettings([['Auto threshold', 'high']]).problems[0]).toContain('"Auto threshold" must be a number from 0 to 1');
    expect(readSettings([['Email source priority', 'hubspot']]).problems[0]).toContain('unknown source types: hubspot');
  });
});
