import { describe, expect, it } from 'vitest';
import { identitiesFor, recommend } from '../../src/core/matching/identities';
import { DEFAULT_SETTINGS } from '../../src/core/matching/settings';
import { person } from './person';

describe('identities', () => {
  it('never lets an initial glue two different people together', () => {
    const john = person({ firstName: 'John', lastName: 'Smith' });
    const jane = person({ firstName: 'Jane', lastName: 'Smith' });
    const j = person({ firstName: 'J.', lastName: 'Smith' });
    const ids = identitiesFor([j, john, jane], DEFAULT_SETTINGS);
    expect(ids).toHaveLength(3);
    expect(ids.find((i) => i.members[0] === j)!.ambiguous).toBe(true);
    expect(ids.find((i) => i.members[0] === j)!.reasons[0]).toMatchObject({ field: 'identity', level: 'ambiguous' });
  });

  it('keeps a bare surname and a couple record apart when both spouses carry the phone', () => {
    const john = person({ firstName: 'John', lastName: 'Smith' });
    const jane = person({ firstName: 'Jane', lastName: 'Smith' });
    const couple = person({ firstName: 'John', lastName: 'Smith', others: [{ firstName: 'Jane', lastName: 'Smith' }] });
    const surname = person({ lastName: 'Smith' });
    const ids = identitiesFor([john, jane, couple, surname], DEFAULT_SETTINGS);
    expect(ids.filter((i) => !i.ambiguous).map((i) => i.members.map((m) => m.firstName))).toEqual(expect.arrayContaining([['Jane']]));
    expect(ids.find((i) => i.members.includes(surname))!.ambiguous).toBe(true);
  });

  it('joins a couple record to the one spouse who carries the phone', () => {
    const jane = person({ firstName: 'Jane', lastName: 'Smith', sourceType: 'propertyradar' });
    const couple = person({
      firstName: 'John',
      lastName: 'Smith',
      sourceType: 'quickbooks',
      others: [{ firstName: 'Jane', lastName: 'Smith' }],
    });
    expect(identitiesFor([jane, couple], DEFAULT_SETTINGS)).toHaveLength(1);
  });

  it('joins one person across sources and grows surer with each source', () => {
    const one = identitiesFor([person({ firstName: 'Robert', lastName: 'Smith' })], DEFAULT_SETTINGS);
    const three = identitiesFor(
      [
        person({ firstName: 'Robert', lastName: 'Smith' }),
        person({ firstName: 'Bob', lastName: 'Smith', sourceType: 'quickbooks' }),
        person({ firstName: 'SMITH', lastName: 'ROBERT' }),
      ],
      DEFAULT_SETTINGS,
    );
    expect(three).toHaveLength(1);
    expect(three[0]!.confidence).toBeGreaterThan(one[0]!.confidence);
    expect(one[0]!.confidence).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.autoThreshold);
    expect(three[0]!.reasons.at(-1)).toEqual({ field: 'identity', level: 'sources-agree', label: '3 sources agree' });
  });

  it('recommends the QuickBooks customer and says why', () => {
    const ids = identitiesFor(
      [
        person({ firstName: 'Ann', lastName: 'Lee', sourceType: 'propertyradar', role: 'Primary' }),
        person({ firstName: 'Bo', lastName: 'Diaz', sourceType: 'quickbooks', role: 'Customer' }),
      ],
      DEFAULT_SETTINGS,
    );
    const r = recommend(ids, DEFAULT_SETTINGS);
    expect(ids[r.index]!.members[0]!.lastName).toBe('Diaz');
    expect(r.reason).toContain('QuickBooks customer');
  });
});
