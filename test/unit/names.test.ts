import { describe, expect, it } from 'vitest';
import { isEntityName, parseOwnerNames, parsePersonName, titleCaseName } from '../../src/core/names';

describe('names', () => {
  it.each([
    ['JOHN SMITH', 'John Smith'],
    ["O'BRIEN", "O'Brien"],
    ['MCDONALD', 'McDonald'],
    ['SMITH-JONES', 'Smith-Jones'],
    ['JOHN SMITH III', 'John Smith III'],
    ['EXAMPLE HOLDINGS LLC', 'Example Holdings LLC'],
    ['deAngelo', 'deAngelo'],
  ])('title-cases %s as %s', (raw, expected) => expect(titleCaseName(raw)).toBe(expected));

  it.each([
    ['Sample, John', { firstName: 'John', lastName: 'Sample', company: '' }],
    ['John Sample', { firstName: 'John', lastName: 'Sample', company: '' }],
    ['JOHN A SAMPLE JR', { firstName: 'John', lastName: 'Sample Jr', company: '', middleName: 'A' }],
    ['Example Holdings LLC', { firstName: '', lastName: '', company: 'Example Holdings LLC' }],
    ['Cher', { firstName: 'Cher', lastName: '', company: '' }],
  ])('parses %s', (raw, expected) => expect(parsePersonName(raw)).toMatchObject(expected));

  it('parses assessor-style joint owners', () => {
    expect(parseOwnerNames('SMITH JOHN A & JANE B').map((n) => [n.firstName, n.lastName, n.middleName])).toEqual([
      ['John', 'Smith', 'A'],
      ['Jane', 'Smith', 'B'],
    ]);
    expect(parseOwnerNames('SMITH JOHN & DOE MARY').map((n) => [n.firstName, n.lastName])).toEqual([
      ['John', 'Smith'],
      ['Mary', 'Doe'],
    ]);
    expect(parseOwnerNames('DOE FAMILY TRUST')).toEqual([expect.objectContaining({ company: 'Doe Family Trust' })]);
  });

  it.each(['ACME LLC', 'DOE FAMILY TRUST', 'ESTATE OF JOHN DOE', 'First National Bank', 'Blue Ocean Holdings Ltd'])(
    '%s is an entity',
    (n) => expect(isEntityName(n)).toBe(true),
  );
  it.each(['John Smith', 'Mary Trustman', 'Colleen Banks'])('%s is a person', (n) => expect(isEntityName(n)).toBe(false));
});
