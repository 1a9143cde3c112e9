import { describe, expect, it } from 'vitest';
import { comparePersons } from '../../src/core/matching/compare';
import { identitiesFor } from '../../src/core/matching/identities';
import { isRefusedLink, nicknameEquivalent, nicknameLinks, nicknameRows } from '../../src/core/matching/nicknames';
import { DEFAULT_SETTINGS } from '../../src/core/matching/settings';
import { person } from './person';

describe('nicknames from the carltonnorthern/nicknames data set', () => {
  it('knows every link of the whole data set, both ways, except the ones refused on purpose', () => {
    const rows = nicknameRows();
    expect(rows.length).toBeGreaterThan(1000);
    let links = 0;
    for (const [name, ...known] of rows) {
      for (const k of known) {
        if (k === name || isRefusedLink(name!, k)) continue;
        links++;
        expect(nicknameEquivalent(name!, k), `${name} ~ ${k}`).toBe(true);
        expect(nicknameEquivalent(k, name!), `${k} ~ ${name}`).toBe(true);
      }
    }
    expect(links).toBeGreaterThan(2000);
    expect(nicknameLinks().length).toBeGreaterThan(2000);
  });

  // The pairs the issue found in Conflicts, and everyday ones (Jacqueline~Jackie~Jacky).
  it.each([
    ['Laurence', 'Larry'],
    ['Terence', 'Terry'],
    ['Jacqueline', 'Jackie'],
    ['Jacqueline', 'Jacky'],
    ['Jackie', 'Jacky'],
    ['Virginia', 'Ginny'],
    ['Constance', 'Connie'],
    ['Wesley', 'Wes'],
    ['Gwendolyn', 'Gwen'],
    ['Martin', 'Marty'],
    ['Isaac', 'Ike'],
    ['Ronald', 'Ronny'],
    ['Frederick', 'Fritz'],
    ['Bob', 'Robert'],
    ['bill', 'william'],
    ['Peggy', 'Margaret'],
    ['chris', 'christine'],
    ['chris', 'christopher'],
    ['Jon', 'Jonathan'],
    ['Jen', 'Jennifer'],
  ])('%s ~ %s', (a, b) => {
    expect(nicknameEquivalent(a, b)).toBe(true);
    expect(nicknameEquivalent(b, a)).toBe(true);
  });

  // Two links never chain: John–Jack and Jack–Jacqueline must not make John and Jacqueline one.
  it.each([
    ['christine', 'christopher'],
    ['john', 'jonathan'],
    ['bob', 'william'],
    ['john', 'jacqueline'],
    ['paul', 'paula'],
    ['john', 'ian'],
    ['patrick', 'peter'],
  ])('%s ≁ %s', (a, b) => expect(nicknameEquivalent(a, b)).toBe(false));
});

/**
 * Different given names on one phone and one surname (spouses, parents and children) are
 * never one person: neither nicknames nor typos of each other, so they go to review.
 */
const DIFFERENT: Array<[string, string]> = [
  ['John', 'Jane'],
  ['Robert', 'Linda'],
  ['Mark', 'Mary'],
  ['Jean', 'Joan'],
  ['Jane', 'June'],
  ['Paul', 'Paula'],
  ['Stephen', 'Stephanie'],
  ['Louis', 'Louise'],
  ['George', 'Georgia'],
  ['Frederick', 'Frederica'],
  ['Edwin', 'Edwina'],
  ['Dennis', 'Denise'],
  ['Andrew', 'Andrea'],
  ['Justin', 'Justina'],
  ['William', 'Wilma'],
  ['Alexander', 'Alexandra'],
  ['John', 'Ian'],
  ['Patrick', 'Peter'],
  ['Eric', 'Derrick'],
  ['Ernest', 'Ernestine'],
  ['Roger', 'Robin'],
  ['Helen', 'Ellen'],
  ['Mary', 'Marion'],
  ['John', 'Jonathan'],
  ['Claire', 'Clara'],
  ['Christopher', 'Christine'],
  ['Michael', 'Michelle'],
  ['Daniel', 'Danielle'],
  ['Gary', 'Karen'],
  ['Brian', 'Brenda'],
  ['Kevin', 'Karen'],
  ['James', 'Janet'],
  ['Thomas', 'Tina'],
  ['Richard', 'Rachel'],
  ['Joseph', 'Josephine'],
  ['Samuel', 'Samantha'],
  ['Charles', 'Charlotte'],
  ['Donald', 'Donna'],
  ['Ronald', 'Rhonda'],
  ['Kenneth', 'Kathleen'],
  ['Anthony', 'Antonia'],
  ['Steven', 'Susan'],
  ['Edward', 'Edith'],
  ['Jason', 'Jessica'],
  ['Jeffrey', 'Jennifer'],
  ['Ryan', 'Rebecca'],
  ['Jacob', 'Jacqueline'],
  ['Nicholas', 'Nicole'],
  ['Jonathan', 'Joanna'],
  ['Larry', 'Laura'],
  ['Justin', 'Julie'],
  ['Scott', 'Sharon'],
  ['Brandon', 'Brenda'],
  ['Benjamin', 'Bethany'],
  ['Frank', 'Frances'],
  ['Gregory', 'Gretchen'],
  ['Raymond', 'Ramona'],
  ['Patrick', 'Patricia'],
  ['Jack', 'Jill'],
  ['Dennis', 'Diane'],
  ['Jerry', 'Joyce'],
  ['Tyler', 'Tina'],
  ['Aaron', 'Erin'],
  ['Jose', 'Josefina'],
  ['Henry', 'Harriet'],
  ['Adam', 'Amy'],
  ['Douglas', 'Dorothy'],
  ['Nathan', 'Natalie'],
  ['Peter', 'Pamela'],
  ['Zachary', 'Zoe'],
  ['Kyle', 'Kylie'],
  ['Walter', 'Wanda'],
  ['Harold', 'Hannah'],
  ['Carl', 'Carol'],
  ['Arthur', 'Anne'],
  ['Gerald', 'Geraldine'],
  ['Roger', 'Rose'],
  ['Keith', 'Kate'],
  ['Jeremy', 'Jenna'],
  ['Terence', 'Teresa'],
  ['Lawrence', 'Lauren'],
  ['Sean', 'Sharon'],
  ['Christian', 'Christina'],
  ['Austin', 'Alice'],
  ['Jesse', 'Jessie'],
  ['Dylan', 'Diana'],
  ['Bryan', 'Brianna'],
  ['Bruce', 'Brooke'],
  ['Albert', 'Alberta'],
  ['Joe', 'Jo'],
  ['Willie', 'Wendy'],
  ['Gabriel', 'Gabriella'],
  ['Logan', 'Lori'],
  ['Alan', 'Alana'],
  ['Juan', 'Juana'],
  ['Wayne', 'Wendy'],
  ['Roy', 'Rita'],
  ['Ralph', 'Rachel'],
  ['Randy', 'Rhonda'],
  ['Eugene', 'Eugenia'],
  ['Vincent', 'Victoria'],
  ['Russell', 'Ruth'],
  ['Louis', 'Lois'],
  ['Bobby', 'Betty'],
  ['Philip', 'Phyllis'],
  ['Johnny', 'Joanne'],
  ['Dale', 'Dawn'],
  ['Max', 'Mia'],
  ['Leo', 'Leah'],
  ['Ike', 'Ivy'],
  ['Larry', 'Lori'],
  ['Wes', 'Wendy'],
];

describe('different given names never merge', () => {
  it('holds at least 100 pairs', () => expect(DIFFERENT.length).toBeGreaterThanOrEqual(100));

  it.each(DIFFERENT)('%s Smith ≠ %s Smith on one phone', (a, b) => {
    const x = person({ firstName: a, lastName: 'Smith', sourceType: 'propertyradar', role: 'Primary' });
    const y = person({ firstName: b, lastName: 'Smith', sourceType: 'propertyradar', role: 'Secondary' });
    expect(comparePersons(x, y).same).toBe(false);
    expect(identitiesFor([x, y], DEFAULT_SETTINGS)).toHaveLength(2);
  });
});
