import type { MatchPerson } from '../../src/core/matching/types';

let n = 0;
/** A matcher's person from one source record of its own, on one shared phone. */
export function person(p: Partial<MatchPerson>): MatchPerson {
  n++;
  return {
    key: `S${n}:r${n}/Contact`,
    recordKey: `S${n}:r${n}`,
    sourceId: `S${n}`,
    sourceType: 'csv',
    sourceName: `file${n}.csv`,
    role: 'Contact',
    displayName: '',
    firstName: '',
    lastName: '',
    company: '',
    emails: [],
    address: '',
    phones: ['+16175550101'],
    extras: {},
    ...p,
  };
}
