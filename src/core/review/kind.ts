/**
 * What kind of disagreement a conflict is, from its identities: the pattern that "apply to all
 * similar" generalises a reviewer's decision over.
 */
import { compareNames, isEntity } from '../matching/compare';
import type { Identity } from '../matching/identities';
import type { ConflictKind } from './model';

export function conflictKind(identities: readonly Identity[]): ConflictKind {
  if (identities.length <= 1) return 'weak match';
  const heads = identities.map((i) => i.members[0]!);
  const entities = heads.filter(isEntity).length;
  if (entities > 0 && entities < heads.length) return 'company vs person';
  for (let i = 0; i < heads.length; i++) {
    for (let j = i + 1; j < heads.length; j++) {
      if (compareNames(heads[i]!, heads[j]!).level === 'different') return 'different people';
    }
  }
  return 'name variant';
}
