import { describe, expect, it } from 'vitest';
import { jaroWinkler } from '../../src/core/matching/jaro-winkler';

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
